"""Average the weights of models fine-tuned from one encoder with different seeds (a "model soup").

    python -m training.soup runs/default/final runs/default-s2/final runs/default-s3/final \
        --out runs/default-soup/final

Why: with a few hundred hand-labelled articles, a fine-tune's validation figure moves with
its seed by about as much as the changes we measure. Averaging the weights of runs that share
their pretrained start (Wortsman et al. 2022, "Model soups") keeps one model's size and speed
(an ensemble would cost one encoder pass per member, and speed is a target) and usually lands
at least as well as the average member. The soup gets its own decoding calibration on the
validation split, as every fine-tune does; whether it replaces a single run is decided on
validation record F1, never on the seeds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from attribution.errors import ModelLoadError

_COPIED = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
           "finetune_config.toml")


def soup(members: Sequence[Path], out: Path) -> Path:
    """Write the uniform weight average of ``members`` to ``out`` (safetensors, atomically:
    a failed run leaves an existing ``out`` whole). Members must share architecture and labels."""
    import torch
    from safetensors.torch import load_file, save_file

    if len(members) < 2:
        raise ValueError(f"a soup needs at least two models, got {len(members)}")
    configs = []
    for m in members:
        weights = m / "model.safetensors"
        if not weights.is_file():
            raise ModelLoadError(f"{m}: no model.safetensors (not a fine-tuned model directory)")
        configs.append(json.loads((m / "config.json").read_text(encoding="utf-8")))
    for m, c in zip(members[1:], configs[1:]):
        for key in ("model_type", "hidden_size", "num_hidden_layers", "id2label", "vocab_size"):
            if c.get(key) != configs[0].get(key):
                raise ValueError(f"{m}: {key} {c.get(key)!r} differs from {members[0]}'s {configs[0].get(key)!r}")
    total: dict[str, torch.Tensor] = {}
    dtypes: dict[str, torch.dtype] = {}  # the first member's, which the average keeps
    for m in members:
        state = load_file(str(m / "model.safetensors"))
        if total and set(state) != set(total):
            raise ValueError(f"{m}: its weights do not match {members[0]}'s tensor for tensor")
        for name, tensor in state.items():
            value = tensor.to(torch.float32)
            total[name] = total[name] + value if name in total else value.clone()
            dtypes.setdefault(name, tensor.dtype)
    averaged = {name: (t / len(members)).to(dtypes[name]).contiguous() for name, t in total.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".soup-", dir=out.parent))
    try:
        save_file(averaged, str(staging / "model.safetensors"), metadata={"format": "pt"})
        for name in _COPIED:
            if (members[0] / name).is_file():
                shutil.copy2(members[0] / name, staging / name)
        (staging / "soup.json").write_text(json.dumps({"members": [str(m) for m in members]}, indent=1) + "\n",
                                           encoding="utf-8")
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.soup", description=__doc__.split("\n")[0])
    parser.add_argument("members", nargs="+", type=Path, help="fine-tuned model directories (same encoder)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-calibrate", action="store_true", help="skip the validation calibration")
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args(argv)
    out = soup(args.members, args.out)
    if not args.no_calibrate:
        from training.calibrate import calibrate, save_choice, validation_documents

        save_choice(out, *calibrate(out, validation_documents(corpus=args.corpus)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
