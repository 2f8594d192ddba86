"""`attribution extract [FILE ...|-] [--model NAME_OR_PATH] [--format jsonl|json|table]`.

Reads UTF-8 text files (one article each, doc_id = file name without extension) or JSONL
(`{"id", "text"}` a line, doc_id = id), and writes one document per input in the gold format.
A bad JSONL line is reported on stderr with its file and line, and the other lines still come
out; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from attribution.errors import AttributionError, InputError
from attribution.extractor import DEFAULT_MODEL, Extractor
from attribution.io import parse_line
from attribution.tagger import PRECISIONS
from attribution.types import Document

# Right-to-left isolate: keeps Arabic cells readable inside a left-to-right terminal table.
_RLI, _PDI = "\u2067", "\u2069"


def _inputs(paths: Sequence[str], errors: list[str]) -> Iterator[tuple[str, str]]:
    for name in paths or ["-"]:
        if name == "-":
            yield from _from_stream(sys.stdin, "<stdin>", "stdin", errors)
            continue
        path = Path(name)
        try:
            raw = path.read_bytes()
        except OSError as err:
            errors.append(f"{name}: cannot read: {err.strerror}")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            errors.append(f"{name}: not UTF-8 at byte {err.start}")
            continue
        if path.suffix == ".jsonl":
            yield from _from_stream(text.splitlines(keepends=True), name, path.stem, errors)
        else:
            yield path.stem, text


def _from_stream(lines, name: str, stem: str, errors: list[str]) -> Iterator[tuple[str, str]]:
    lines = list(lines)
    first = next((ln for ln in lines if ln.strip()), "")
    if name == "<stdin>" and not first.lstrip().startswith("{"):
        yield stem, "".join(lines)  # plain text on stdin
        return
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = parse_line(line, path=name, lineno=lineno)
            doc_id, text = data.get("id", data.get("doc_id")), data.get("text")
            if not isinstance(text, str):
                raise InputError(f"{name}:{lineno}: 'text' must be a string")
            if doc_id is None:
                raise InputError(f"{name}:{lineno}: missing 'id'")
        except InputError as err:
            errors.append(str(err))
            continue
        yield str(doc_id), text


def _table(doc: Document, out: TextIO) -> None:
    out.write(f"# {doc.doc_id}: {len(doc.attributions)} attribution(s)\n")
    for i, r in enumerate(doc.attributions, start=1):
        who = r.speaker_name or "(unknown)"
        cue = r.cue.text if r.cue else "—"
        content = " … ".join(p.text for p in r.content)
        if len(content) > 120:
            content = content[:117] + "..."
        out.write(f"{i:>3}. [{r.kind.value:<8}] {_RLI}{who}{_PDI} | {_RLI}{cue}{_PDI} | {_RLI}{content}{_PDI}\n")


def _quiet_loading() -> None:
    """The command line prints records, not transformers' weight-loading progress bar (a
    setting of this process only; the library leaves transformers' logging as the user set it)."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # the rules need no transformers
        return
    hf_logging.disable_progress_bar()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="attribution", description="Arabic who-said-what extraction")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract attributions from articles")
    ex.add_argument("files", nargs="*", help="UTF-8 text files, .jsonl files ({id, text} a line), or - for stdin")
    ex.add_argument("--model", default=DEFAULT_MODEL, help="'rules', 'default' or a model directory")
    ex.add_argument("--format", choices=("jsonl", "json", "table"), default="jsonl")
    ex.add_argument("--batch-size", type=int, default=8)
    ex.add_argument("--precision", choices=PRECISIONS, default="auto",
                    help="a model's arithmetic: auto runs bf16 where the chip has it natively")
    args = parser.parse_args(argv)
    _quiet_loading()
    try:
        extractor = Extractor.from_pretrained(args.model, precision=args.precision)
    except AttributionError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    if args.batch_size < 1:
        sys.stderr.write(f"error: --batch-size must be at least 1, got {args.batch_size}\n")
        return 2
    errors: list[str] = []
    documents = []
    out = sys.stdout
    held: deque[tuple[str, str]] = deque()  # inputs read but not yet written, in order

    def texts() -> Iterator[str]:
        for doc_id, text in _inputs(args.files, errors):
            held.append((doc_id, text))
            yield text

    try:
        for records in extractor.pipe(texts(), batch_size=args.batch_size):  # a model sees whole batches
            doc_id, text = held.popleft()
            doc = Document(doc_id, text, tuple(records))
            if args.format == "jsonl":
                out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            elif args.format == "table":
                _table(doc, out)
            else:
                documents.append(doc.to_dict())
        if args.format == "json":
            out.write(json.dumps(documents, ensure_ascii=False, indent=1) + "\n")
        out.flush()
    except BrokenPipeError:  # "attribution extract ... | head": the reader has all it wants
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    for message in errors:
        sys.stderr.write(f"error: {message}\n")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
