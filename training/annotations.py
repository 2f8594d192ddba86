"""Build the standoff training set from hand annotations, and fix its train / validation split.

    python -m training.annotations build ANNOTATION_DIR [--corpus PATH] [--out training/data/annotations.jsonl] [--append]
    python -m training.annotations split [--validation 0.2] [--seed 20261122]
    python -m training.annotations split --extend          # new articles join train; validation stays
    python -m training.annotations split --extend --new-validation 0.5 --seed 20261127   # half join validation
    python -m training.annotations export validation --out /tmp/handval.jsonl

``build`` resolves anchor-format annotation files (``eval/annotate.py``'s format, one per
article, written outside the project because they quote the article) against the corpus texts
and writes standoff lines: id, source, text hash and offset-only records. ``split`` assigns the
articles to train and validation, stratified by newspaper, and writes ``split.json``; with
``--extend`` it keeps the existing assignment and adds articles labelled since to train, so
validation figures stay comparable across rounds. ``export`` writes one part as a gold-format
JSONL (it holds article text: write it outside the project), e.g. for ``eval.benchmark --gold``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from attribution.errors import AttributionError
from attribution.io import write_text_atomic
from eval.annotate import load_annotation, resolve
from training.corpus import DEFAULT_SPLIT, DEFAULT_STANDOFF, SPLIT_PARTS, iter_articles, to_standoff


def build(directory: Path, corpus: str | None, out: Path, append: bool = False) -> tuple[int, int, list[str]]:
    """Resolve every annotation file of ``directory`` and write the standoff file ``out``.
    With ``append`` the articles of ``out`` are kept and the new ones added after them (an
    article annotated in both is an error: re-labelling is done by rebuilding, not by merging)."""
    kept: list[str] = []
    if append and out.exists():
        kept = [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept_ids = {json.loads(line)["id"] for line in kept}
    annotations = {}
    for path in sorted(directory.glob("*.json")):
        data = load_annotation(path)
        if data["doc_id"] in kept_ids:
            raise AttributionError(f"{path}: {data['doc_id']} is already in {out}")
        annotations[data["doc_id"]] = (path, data)
    found = {}
    for article in iter_articles(corpus):
        if article["id"] in annotations:
            found[article["id"]] = article
    missing = sorted(set(annotations) - set(found))
    if missing:
        raise AttributionError(f"annotated articles not in the corpus: {', '.join(missing)}")
    lines, warnings, records = [], [], 0
    for doc_id in sorted(annotations):
        path, data = annotations[doc_id]
        article = found[doc_id]
        resolved = resolve(data, article["text"], str(path))
        warnings.extend(resolved.warnings)
        records += len(resolved.document.attributions)
        lines.append(json.dumps(to_standoff(resolved.document, article["source"]), ensure_ascii=False))
    write_text_atomic(out, "\n".join(kept + lines) + "\n")
    return len(lines), records, warnings


def _new_ids_by_source(standoff: Path, known: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """The ids of ``standoff``'s articles not in ``known``, grouped by newspaper."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for line in standoff.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if entry["id"] not in known:
                by_source[entry.get("source", "?")].append(entry["id"])
    return by_source


def _deal(by_source: dict[str, list[str]], validation: float, seed: int, at_least: int) -> tuple[list[str], list[str]]:
    """(train, validation): a seeded ``validation`` share of each paper's ids, but at least
    ``at_least`` of them, to validation; the rest to train."""
    rng = random.Random(seed)
    train, val = [], []
    for source in sorted(by_source):
        ids = sorted(by_source[source])
        rng.shuffle(ids)
        k = max(at_least, round(len(ids) * validation))
        val += ids[:k]
        train += ids[k:]
    return train, val


def split(standoff: Path, validation: float, seed: int) -> dict:
    # every paper gives validation at least one article, so each is measured
    train, val = _deal(_new_ids_by_source(standoff), validation, seed, at_least=1)
    return {"seed": seed, "validation_share": validation, "train": sorted(train), "validation": sorted(val)}


def extend(standoff: Path, current: dict, validation: float = 0.0, seed: int = 0) -> dict:
    """``current`` with every article of ``standoff`` it does not list added to it: to train,
    or with ``validation`` > 0 that share of each paper's new articles (seeded) to validation.
    Old assignments never move, so a validation article is never trained on later; a round
    that joins validation is listed under ``extended_validation``, so figures on the older
    validation articles can still be told apart."""
    known = frozenset(current["train"]) | frozenset(current["validation"])
    to_train, to_val = _deal(_new_ids_by_source(standoff, known), validation, seed, at_least=0)
    result = {**current, "train": sorted(current["train"] + to_train),
              "validation": sorted(current["validation"] + to_val),
              "extended_train": sorted(set(current.get("extended_train", [])) | set(to_train))}
    if to_val or "extended_validation" in current:
        result["extended_validation"] = sorted(set(current.get("extended_validation", [])) | set(to_val))
    return result


def export(part: str, standoff: Path, split_path: Path, corpus: str | None, out: Path) -> int:
    """The hand-labelled ``part`` (train / validation) as gold-format JSONL."""
    from attribution.io import write_documents
    from training.corpus import load_standoff, split_parts

    docs = split_parts(load_standoff(standoff, corpus), split_path)[part]
    write_documents(out, docs)
    return len(docs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.annotations")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("directory", type=Path)
    b.add_argument("--corpus", default=None)
    b.add_argument("--out", type=Path, default=DEFAULT_STANDOFF)
    b.add_argument("--append", action="store_true", help="keep the articles already in --out and add these")
    s = sub.add_parser("split")
    s.add_argument("--standoff", type=Path, default=DEFAULT_STANDOFF)
    s.add_argument("--validation", type=float, default=0.2)
    s.add_argument("--seed", type=int, default=20261122)
    s.add_argument("--out", type=Path, default=DEFAULT_SPLIT)
    s.add_argument("--extend", action="store_true", help="keep the split in --out; new articles join train")
    s.add_argument("--new-validation", type=float, default=0.0,
                   help="with --extend: this share of each paper's new articles joins validation instead")
    e = sub.add_parser("export")
    e.add_argument("part", choices=SPLIT_PARTS)
    e.add_argument("--standoff", type=Path, default=DEFAULT_STANDOFF)
    e.add_argument("--split", type=Path, default=DEFAULT_SPLIT)
    e.add_argument("--corpus", default=None)
    e.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            docs, records, warnings = build(args.directory, args.corpus, args.out, args.append)
            for w in warnings:
                sys.stderr.write(f"WARNING {w}\n")
            sys.stdout.write(f"wrote {docs} articles, {records} records to {args.out}\n")
        elif args.command == "export":
            n = export(args.part, args.standoff, args.split, args.corpus, args.out)
            sys.stdout.write(f"wrote {n} {args.part} articles to {args.out}\n")
        else:
            if args.extend:
                result = extend(args.standoff, json.loads(args.out.read_text(encoding="utf-8")),
                                args.new_validation, args.seed)
            else:
                result = split(args.standoff, args.validation, args.seed)
            write_text_atomic(args.out, json.dumps(result, indent=1) + "\n")
            sys.stdout.write(f"train {len(result['train'])}, validation {len(result['validation'])}\n")
    except AttributionError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
