"""The benchmark: run extractors over the gold documents and score them side by side.

    python -m eval.benchmark --system rules --system path/to/model
    python -m eval.benchmark --predictions runs/model.jsonl --name model
    python -m eval.benchmark --system rules --report reports/benchmark.json

Prints a markdown table (one row per system, every figure of the scoring protocol with its
95% bootstrap interval) and a table by gold kind, then writes a JSON report. Every input is
read and scored before anything is written, and the report is written atomically, so a
failed run leaves an earlier report whole.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attribution.errors import AttributionError
from attribution.io import read_documents, write_text_atomic
from attribution.labels import document_tags
from attribution.tagger import PRECISIONS
from attribution.types import Document
from eval.who_said_what.scoring import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, KINDS, score

GOLD = Path(__file__).resolve().parent / "gold" / "seeds.jsonl"
DEFAULT_REPORT = Path("reports") / "benchmark.json"

# Columns of the overall table: (figure key, header).
OVERALL_COLUMNS = (
    ("record_f1", "record F1"),
    ("record_f1_exact", "record F1 exact"),
    ("content_f1", "content F1"),
    ("content_f1@0.3", "content F1 @0.3"),
    ("content_f1@0.8", "content F1 @0.8"),
    ("speaker_accuracy", "speaker acc"),
    ("cue_accuracy", "cue acc"),
    ("kind_accuracy", "kind acc"),
)
BY_KIND_FIGURES = (("record_f1", "record F1"), ("content_f1", "content F1"))


@dataclass
class SystemResult:
    name: str
    scores: dict[str, Any]
    tokens: dict[str, Any]
    seconds: float | None = None
    documents: list[Document] = field(default_factory=list)


def token_scores(gold: Sequence[Document], predicted: Sequence[Document]) -> dict[str, Any]:
    """seqeval (strict IOB2) token-level scores of the predicted spans against gold spans."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    by_id = {doc.doc_id: doc for doc in predicted}
    y_true, y_pred = [], []
    for doc in gold:
        _, gold_tags = document_tags(doc.text, doc.attributions)
        pred = by_id.get(doc.doc_id)
        _, pred_tags = document_tags(doc.text, pred.attributions if pred else ())
        y_true.append(gold_tags)
        y_pred.append(pred_tags)
    report = classification_report(
        y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0
    )
    return {
        key: {k: float(v) for k, v in value.items()}
        for key, value in report.items()
        if isinstance(value, dict)
    }


def run_system(name: str, gold: Sequence[Document], batch_size: int,
               precision: str = "auto") -> tuple[list[Document], float]:
    """Run the extractor ``name`` (a model name or path) over the gold texts."""
    from attribution import Extractor  # the benchmark needs an extractor only for --system

    extractor = Extractor.from_pretrained(name, precision=precision)
    started = time.perf_counter()
    outputs = list(extractor.pipe([doc.text for doc in gold], batch_size=batch_size))
    seconds = time.perf_counter() - started
    documents = [
        Document(doc.doc_id, doc.text, tuple(records)) for doc, records in zip(gold, outputs)
    ]
    return documents, seconds


def evaluate_system(
    name: str,
    gold: Sequence[Document],
    predicted: Sequence[Document],
    resamples: int,
    seed: int,
    seconds: float | None = None,
) -> SystemResult:
    scores = score(
        [doc.to_dict() for doc in gold],
        [doc.to_dict() for doc in predicted],
        resamples=resamples,
        seed=seed,
    )
    return SystemResult(name, scores, token_scores(gold, predicted), seconds, list(predicted))


def _fmt(value: float | None, interval: Sequence[float] | None = None) -> str:
    if value is None:
        return "–"
    if interval is None:
        return f"{value:.3f}"
    return f"{value:.3f} [{interval[0]:.2f}, {interval[1]:.2f}]"


def markdown(results: Sequence[SystemResult]) -> str:
    """The overall table, the by-kind table and the token-level table."""
    lines = ["| system | " + " | ".join(h for _, h in OVERALL_COLUMNS) + " | pred / gold |"]
    lines.append("|---" * (len(OVERALL_COLUMNS) + 2) + "|")
    for result in results:
        row = result.scores["figures"]["overall"]
        ci = result.scores["intervals"]["overall"]
        cells = [_fmt(row[key], ci[key]) for key, _ in OVERALL_COLUMNS]
        lines.append(
            f"| {result.name} | " + " | ".join(cells) + f" | {row['predicted']} / {row['gold']} |"
        )
    lines += ["", "By gold kind (an unmatched prediction counts against the kind it predicts):", ""]
    headers = [f"{label} {kind}" for key, label in BY_KIND_FIGURES for kind in KINDS]
    lines.append("| system | " + " | ".join(headers) + " |")
    lines.append("|---" * (len(headers) + 1) + "|")
    for result in results:
        cells = []
        for key, _ in BY_KIND_FIGURES:
            for kind in KINDS:
                row = result.scores["figures"][kind]
                cells.append(_fmt(row[key], result.scores["intervals"][kind][key]))
        lines.append(f"| {result.name} | " + " | ".join(cells) + " |")
    lines += ["", "Token-level BIO (seqeval, strict IOB2), F1 per role; not the headline:", ""]
    roles = ("CUE", "SPEAKER", "CONTENT", "ADDRESSEE", "VIA")
    lines.append("| system | micro F1 | " + " | ".join(roles) + " |")
    lines.append("|---" * (len(roles) + 2) + "|")
    for result in results:
        micro = result.tokens.get("micro avg", {}).get("f1-score")
        cells = [_fmt(result.tokens.get(role, {}).get("f1-score")) for role in roles]
        lines.append(f"| {result.name} | {_fmt(micro)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def report(results: Sequence[SystemResult], gold_path: Path, resamples: int, seed: int) -> dict[str, Any]:
    return {
        "gold": str(gold_path),
        "bootstrap": {"resamples": resamples, "seed": seed},
        "systems": [
            {
                "name": r.name,
                "seconds": r.seconds,
                "documents_per_second": (len(r.documents) / r.seconds) if r.seconds else None,
                **r.scores,
                "token_level": r.tokens,
            }
            for r in results
        ],
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.benchmark", description=__doc__.split("\n")[0])
    parser.add_argument("--system", action="append", default=[], metavar="NAME_OR_PATH",
                        help="an extractor to run: 'rules', 'default' or a model directory (repeatable)")
    parser.add_argument("--predictions", action="append", default=[], type=Path, metavar="FILE.jsonl",
                        help="saved predictions in the gold format to score instead (repeatable)")
    parser.add_argument("--name", action="append", default=[],
                        help="a row name for each --predictions file, in order (default: file stem)")
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold JSONL (default: the seeds gold)")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT, help="where to write the JSON report")
    parser.add_argument("--save-predictions", type=Path, metavar="DIR",
                        help="also write each --system's predictions to DIR/NAME.jsonl")
    parser.add_argument("--resamples", type=int, default=BOOTSTRAP_RESAMPLES)
    parser.add_argument("--seed", type=int, default=BOOTSTRAP_SEED)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--precision", choices=PRECISIONS, default="auto",
                        help="a model's arithmetic (auto: bf16 where the chip has it natively)")
    args = parser.parse_args(argv)
    if not args.system and not args.predictions:
        parser.error("give at least one --system or --predictions")
    if args.name and len(args.name) != len(args.predictions):
        parser.error("give one --name per --predictions file")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        gold = read_documents(args.gold)
        results = []
        for name in args.system:
            predicted, seconds = run_system(name, gold, args.batch_size, args.precision)
            results.append(evaluate_system(name, gold, predicted, args.resamples, args.seed, seconds))
        names = args.name or [p.stem for p in args.predictions]
        for name, path in zip(names, args.predictions):
            try:
                predicted = read_documents(path)
                results.append(evaluate_system(name, gold, predicted, args.resamples, args.seed))
            except ValueError as err:
                if isinstance(err, AttributionError):
                    raise
                raise AttributionError(f"{path}: {err}") from None
    except AttributionError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    # Everything is scored: only now touch the disk.
    if args.save_predictions:
        from attribution.io import write_documents

        for result in results[: len(args.system)]:
            safe = result.name.replace("/", "_").strip("._") or "system"
            write_documents(args.save_predictions / f"{safe}.jsonl", result.documents)
    write_text_atomic(
        args.report,
        json.dumps(report(results, args.gold, args.resamples, args.seed), ensure_ascii=False, indent=1)
        + "\n",
    )
    sys.stdout.write(markdown(results))
    sys.stdout.write(f"\nreport: {args.report}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
