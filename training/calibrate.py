"""Choose a fine-tuned model's decoding calibration on the validation split, by record F1.

    python -m training.calibrate runs/default/final

A token classifier trained with cross-entropy balances precision and recall per token; record
F1 (the headline figure) wants its own balance. One scalar, a bias added to the O label's
log-probability before Viterbi decoding (``attribution.tagger.LABEL_BIAS``), moves every span
boundary and every kept or dropped record together. It is chosen on the hand-labelled
validation split (already the split that selects the checkpoint), from a short grid; a single
parameter over 26 articles is little room to overfit, and ties go to the bias nearest 0.
The seeds' gold set is never read here. The choice is written into the model's
``config.json`` (atomically) and a ``calibration.json`` beside it records the whole grid.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from attribution.io import write_text_atomic
from attribution.tagger import LABEL_BIAS, ModelTagger
from attribution.types import Document
from training.corpus import DEFAULT_SPLIT, DEFAULT_STANDOFF, load_split, load_standoff

# Biases on O, in log-probability units: from "open spans more readily" to "much less".
GRID = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def record_f1(tagger: ModelTagger, gold: Sequence[Document]) -> float:
    """Record F1 of ``tagger`` over ``gold`` (micro over documents, the scorer's headline)."""
    from eval.who_said_what.scoring import score

    predicted = tagger.extract_many([d.text for d in gold])
    pred = [Document(doc.doc_id, doc.text, tuple(records)).to_dict() for doc, records in zip(gold, predicted)]
    figures = score([doc.to_dict() for doc in gold], pred, resamples=0)["figures"]  # no intervals needed
    return float(figures["overall"]["record_f1"] or 0.0)


def calibrate(model_dir: Path, gold: Sequence[Document], grid: Sequence[float] = GRID) -> tuple[float, dict[float, float]]:
    """The O bias with the best validation record F1, and the F1 of every grid point."""
    tagger = ModelTagger.from_pretrained(model_dir)
    scores: dict[float, float] = {}
    for bias in grid:
        tagger.set_label_bias({"O": bias} if bias else {})
        scores[bias] = record_f1(tagger, gold)
    best = max(scores, key=lambda b: (round(scores[b], 6), -abs(b)))
    return best, scores


def save_choice(model_dir: Path, bias: float, scores: dict[float, float]) -> None:
    config_path = model_dir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config[LABEL_BIAS] = {"O": bias} if bias else {}
    write_text_atomic(config_path, json.dumps(config, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(model_dir / "calibration.json", json.dumps(
        {"figure": "validation record F1", "label": "O", "chosen": bias,
         "grid": {str(b): round(f, 4) for b, f in scores.items()}}, indent=1) + "\n")


def validation_documents(standoff: str | Path = DEFAULT_STANDOFF, split: str | Path = DEFAULT_SPLIT,
                         corpus: str | None = None) -> list[Document]:
    hand = {d.doc_id: d for d in load_standoff(standoff, corpus)}
    return [hand[i] for i in load_split(split)["validation"] if i in hand]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("model", type=Path, help="a fine-tuned model directory")
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args(argv)
    best, scores = calibrate(args.model, validation_documents(corpus=args.corpus))
    save_choice(args.model, best, scores)
    for bias, f1 in scores.items():
        sys.stdout.write(f"O bias {bias:+.1f}: validation record F1 {f1:.3f}{'  <- chosen' if bias == best else ''}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
