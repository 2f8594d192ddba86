"""Install a fine-tuned model as the package's shipped default (``attribution/models/default``).

    python -m training.package runs/default/final

Copies only what loading needs (safetensors weights, config, tokenizer) plus the run's own
``finetune_config.toml`` and ``validation.json``, so the shipped folder carries the config that
made it. The copy is made in a sibling folder and swapped in with a rename: an interrupted run
leaves the previous default whole. The model is checked to load and extract before the swap.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from attribution.errors import AttributionError, ModelLoadError
from attribution.extractor import PACKAGED_DEFAULT

FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
         "special_tokens_map.json", "vocab.txt", "finetune_config.toml", "validation.json", "calibration.json")
REQUIRED = ("config.json", "model.safetensors")
CARD = """# The shipped default model

A rule-guided token classifier; its card (data, licence, benchmark figures, commands that
reproduce it) is `model_card.md` at the top of the repository. `finetune_config.toml` here is
the exact configuration it was trained with. Licence: CC BY-NC-SA 4.0 (trained on the
non-commercial SaudiNewsNet corpus).
"""


def package(source: Path, target: Path = PACKAGED_DEFAULT) -> Path:
    """Copy the model at ``source`` into ``target`` atomically; returns ``target``."""
    from attribution.tagger import ModelTagger

    missing = [f for f in REQUIRED if not (source / f).exists()]
    if missing:
        raise ModelLoadError(f"{source}: not a model directory (missing {', '.join(missing)})")
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in FILES:
        if (source / name).exists():
            shutil.copy2(source / name, staging / name)
    (staging / "README.md").write_text(CARD, encoding="utf-8")
    ModelTagger.from_pretrained(staging).extract("وقال الوزير إن الاقتصاد ينمو بثبات.")  # loads and runs
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.package", description=__doc__.split("\n")[0])
    parser.add_argument("model", type=Path, help="a fine-tuned model directory (e.g. runs/default/final)")
    parser.add_argument("--target", type=Path, default=PACKAGED_DEFAULT)
    args = parser.parse_args(argv)
    try:
        out = package(args.model, args.target)
    except AttributionError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    sys.stdout.write(f"installed {args.model} as {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
