"""Choose a fine-tuned model's decoding calibration on the validation split, by record F1.

    python -m training.calibrate runs/default/final

A token classifier trained with cross-entropy balances precision and recall per token; record
F1 (the headline figure) wants its own balance. Two scalars are chosen, each added to
log-probabilities before Viterbi decoding:
- the O bias (``attribution.tagger.LABEL_BIAS``) moves every span boundary and every kept or
  dropped record together;
- the rule bias (``attribution.tagger.RULE_BIAS``, rule-guided models only) is how much surer
  than the rules the model must be to overrule them. Large enough, the model returns the
  rules' own tags, so the grid always holds (nearly) the rules' result as one of its points,
  and the model overrules them only as far as that paid on held-out articles.
Both come from short grids on the hand-labelled validation split (already the split that
selects the checkpoint); two parameters over its 70 articles (443 records) leave little room
to overfit, and ties go to the setting nearest 0 (trust the model). The seeds' gold set is never read here.
The encoder and the rules run once per article; only decoding and linking are repeated per
setting. The choice is written into the model's ``config.json`` (atomically) and a
``calibration.json`` beside it records the whole grid.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from attribution.io import write_text_atomic
from attribution.tagger import LABEL_BIAS, RULE_BIAS, ModelTagger, Prepared
from attribution.types import Document
from training.corpus import DEFAULT_SPLIT, DEFAULT_STANDOFF, load_standoff, split_parts

# Biases on O, in log-probability units: from "open spans more readily" to "much less".
GRID = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
# Rule biases, in log-probability units: 0 trusts the model; 8 leaves it almost nothing to
# overrule (a log-probability margin of 8 is odds of about 3,000 to 1).
RULE_GRID = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0)

Setting = tuple[float, float]  # (O bias, rule bias)


def record_f1(tagger: ModelTagger, gold: Sequence[Document], prepared: Sequence[Prepared] | None = None) -> float:
    """Record F1 of ``tagger`` over ``gold`` (micro over documents, the scorer's headline);
    ``prepared``: the articles already through the encoder (``ModelTagger.prepare_many``)."""
    from eval.who_said_what.scoring import score

    prepared = prepared if prepared is not None else tagger.prepare_many([d.text for d in gold])
    predicted = [tagger.records(article) for article in prepared]
    pred = [Document(doc.doc_id, doc.text, tuple(records)).to_dict() for doc, records in zip(gold, predicted)]
    figures = score([doc.to_dict() for doc in gold], pred, resamples=0)["figures"]  # no intervals needed
    return float(figures["overall"]["record_f1"] or 0.0)


def calibrate(model_dir: Path, gold: Sequence[Document], grid: Sequence[float] = GRID,
              rule_grid: Sequence[float] = RULE_GRID) -> tuple[Setting, dict[Setting, float]]:
    """The (O bias, rule bias) with the best validation record F1, and the F1 of every grid
    point; a model that does not read the rules' tags gets rule bias 0 only."""
    tagger = ModelTagger.from_pretrained(model_dir)
    prepared = tagger.prepare_many([d.text for d in gold])
    rule_grid = rule_grid if tagger.rules is not None else (0.0,)
    scores: dict[Setting, float] = {}
    for bias in grid:
        tagger.set_label_bias({"O": bias} if bias else {})
        for rule_bias in rule_grid:
            tagger.set_rule_bias(rule_bias)
            scores[(bias, rule_bias)] = record_f1(tagger, gold, prepared)
    best = max(scores, key=lambda s: (round(scores[s], 6), -abs(s[0]) - s[1]))
    return best, scores


def save_choice(model_dir: Path, setting: Setting, scores: dict[Setting, float]) -> None:
    bias, rule_bias = setting
    config_path = model_dir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config[LABEL_BIAS] = {"O": bias} if bias else {}
    config[RULE_BIAS] = rule_bias
    write_text_atomic(config_path, json.dumps(config, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(model_dir / "calibration.json", json.dumps(
        {"figure": "validation record F1", "label": "O", "chosen": {"O": bias, "rule": rule_bias},
         "grid": [{"O": b, "rule": r, "record_f1": round(f, 4)} for (b, r), f in scores.items()]},
        indent=1) + "\n")


def validation_documents(standoff: str | Path = DEFAULT_STANDOFF, split: str | Path = DEFAULT_SPLIT,
                         corpus: str | None = None) -> list[Document]:
    return split_parts(load_standoff(standoff, corpus), split)["validation"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("model", type=Path, help="a fine-tuned model directory")
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args(argv)
    best, scores = calibrate(args.model, validation_documents(corpus=args.corpus))
    save_choice(args.model, best, scores)
    for (bias, rule_bias), f1 in scores.items():
        chosen = "  <- chosen" if (bias, rule_bias) == best else ""
        sys.stdout.write(f"O bias {bias:+.1f}, rule bias {rule_bias:.1f}: validation record F1 {f1:.3f}{chosen}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
