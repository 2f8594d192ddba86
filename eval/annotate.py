"""Hand annotation helper: readable anchor-based annotation files -> gold JSONL with offsets.

Annotators (people or subagents) write what they read, not numbers: each record names an
*anchor* (a unique stretch of the article where the record starts) and gives each span as the
exact text it covers. This tool finds every span at or after its anchor, checks the span
boundaries against the guidelines (§2) and writes documents in the gold format. Counting
characters by hand is where hand-made offsets go wrong; this removes that step.

Annotation file (one JSON object per article)::

    {"doc_id": "000_61c19bb4b500ea6f",
     "records": [
       {"anchor": "وقال كيم إنه ناقش", "kind": "mixed",
        "cue": "وقال", "speaker": "كيم", "speaker_name": "كيم كونغ",
        "content": ["ناقش مع بوتين ... المحادثات»"],
        "addressee": null, "via": null, "note": "why, for hard cases"}]}

A span is a string (its first occurrence at or after the anchor), ``{"text": ..., "nth": 2}``
(the second occurrence after the anchor) or ``{"start": s, "end": e}``. ``anchor_occurrence``
picks among repeated anchors (1-based); without it the anchor must be unique.

Commands::

    python -m eval.annotate check ANNOTATION.json [--texts DIR]   # resolve, print, warn
    python -m eval.annotate build DIR --out GOLD.jsonl [--texts DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attribution.errors import AttributionError, InputError
from attribution.io import write_documents
from attribution.text import is_word_char
from attribution.types import Attribution, Document, Kind, Span

DEFAULT_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# How far after its anchor a span may start: a record lives within a paragraph or two.
MAX_DISTANCE = 3000
QUOTE_OPENERS = "«“\"‘”„'"
QUOTE_CLOSERS = "»”\"’“'"


@dataclass(frozen=True)
class Resolved:
    document: Document
    warnings: list[str]


def _find_anchor(text: str, record: Mapping[str, Any], where: str) -> int:
    anchor = record.get("anchor")
    if not isinstance(anchor, str) or not anchor:
        raise InputError(f"{where}: every record needs a non-empty 'anchor' string")
    hits = []
    pos = text.find(anchor)
    while pos >= 0:
        hits.append(pos)
        pos = text.find(anchor, pos + 1)
    if not hits:
        raise InputError(f"{where}: anchor {anchor!r} is not in the text")
    occurrence = record.get("anchor_occurrence")
    if occurrence is None:
        if len(hits) > 1:
            raise InputError(
                f"{where}: anchor {anchor!r} occurs {len(hits)} times at {hits}; "
                "lengthen it or give anchor_occurrence"
            )
        return hits[0]
    if not isinstance(occurrence, int) or not 1 <= occurrence <= len(hits):
        raise InputError(f"{where}: anchor_occurrence {occurrence!r} not in 1..{len(hits)}")
    return hits[occurrence - 1]


def _resolve_span(text: str, value: Any, anchor: int, where: str) -> Span | None:
    if value is None:
        return None
    if isinstance(value, Mapping) and "start" in value:
        start, end = value["start"], value["end"]
        return Span.of(text, start, end)
    if isinstance(value, Mapping):
        needle, nth = value.get("text"), value.get("nth", 1)
    else:
        needle, nth = value, 1
    if not isinstance(needle, str) or not needle:
        raise InputError(f"{where}: span must be a non-empty string, got {value!r}")
    pos = anchor - 1
    for _ in range(nth):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise InputError(f"{where}: {needle!r} (occurrence {nth}) not found after anchor")
    if pos - anchor > MAX_DISTANCE:
        raise InputError(
            f"{where}: {needle!r} found only {pos - anchor} characters after the anchor; "
            "move the anchor closer"
        )
    return Span(pos, pos + len(needle), needle)


def boundary_warnings(text: str, span: Span, name: str) -> list[str]:
    """Guideline §2 checks: token-aligned, no outer whitespace or punctuation."""
    out = []
    s, e = span.start, span.end
    if s > 0 and is_word_char(text[s - 1]) and is_word_char(text[s]):
        out.append(f"{name} starts inside a token: ...{text[max(0, s - 10):s + 10]!r}")
    if e < len(text) and is_word_char(text[e - 1]) and is_word_char(text[e]):
        out.append(f"{name} ends inside a token: {text[max(0, e - 10):e + 10]!r}")
    if not is_word_char(text[s]):
        out.append(f"{name} starts with {text[s]!r}")
    last = text[e - 1]
    if not is_word_char(last):
        inner = text[s : e - 1]
        closes_inner_quote = last in QUOTE_CLOSERS and any(q in inner for q in QUOTE_OPENERS)
        if not closes_inner_quote:
            out.append(f"{name} ends with {last!r}")
    return out


def kind_warnings(text: str, record: Attribution) -> list[str]:
    """Does the kind agree with the quote marks around and inside the content (§3)?"""
    out = []
    first, last = record.content[0], record.content[-1]
    before = text[first.start - 1] if first.start > 0 else ""
    after = text[last.end] if last.end < len(text) else ""
    inside = "".join(part.text for part in record.content)
    has_inner = any(q in inside for q in QUOTE_OPENERS + QUOTE_CLOSERS)
    if record.kind is Kind.DIRECT and (before not in QUOTE_OPENERS or after not in QUOTE_CLOSERS):
        out.append(f"direct content not directly inside quote marks: {before!r}...{after!r}")
    if record.kind is Kind.INDIRECT and has_inner:
        out.append("indirect content contains quote marks: mixed, or marks around a name?")
    if record.kind is Kind.MIXED and not has_inner:
        out.append("mixed content contains no quote marks")
    return out


def resolve(annotation: Mapping[str, Any], text: str, source: str = "<annotation>") -> Resolved:
    """Turn one annotation object into a checked gold :class:`Document`."""
    doc_id = annotation.get("doc_id")
    if not isinstance(doc_id, str):
        raise InputError(f"{source}: missing doc_id")
    records, warnings = [], []
    raw_records = annotation.get("records")
    if not isinstance(raw_records, list):
        raise InputError(f"{source}: 'records' must be a list")
    for i, raw in enumerate(raw_records):
        where = f"{source}, record {i} (anchor {raw.get('anchor')!r})"
        anchor = _find_anchor(text, raw, where)
        content_raw = raw.get("content")
        if isinstance(content_raw, (str, Mapping)):
            content_raw = [content_raw]
        if not content_raw:
            raise InputError(f"{where}: content is required")
        try:
            record = Attribution(
                kind=raw.get("kind"),
                content=tuple(
                    _resolve_span(text, c, anchor, f"{where} content") for c in content_raw
                ),
                cue=_resolve_span(text, raw.get("cue"), anchor, f"{where} cue"),
                speaker=_resolve_span(text, raw.get("speaker"), anchor, f"{where} speaker"),
                speaker_name=raw.get("speaker_name"),
                addressee=_resolve_span(text, raw.get("addressee"), anchor, f"{where} addressee"),
                via=_resolve_span(text, raw.get("via"), anchor, f"{where} via"),
            )
        except AttributionError as err:
            raise InputError(f"{where}: {err}") from None
        for name, span in record.spans():
            warnings.extend(f"{where}: {w}" for w in boundary_warnings(text, span, name))
        warnings.extend(f"{where}: {w}" for w in kind_warnings(text, record))
        records.append(record)
    records.sort(key=lambda r: (r.content[0].start, r.cue.start if r.cue else -1))
    seen: dict[tuple[int, int], int] = {}
    for i, record in enumerate(records):
        key = (record.content[0].start, record.content[0].end)
        if key in seen:
            warnings.append(f"{source}: records {seen[key]} and {i} share the same content span")
        seen[key] = i
    return Resolved(Document(doc_id, text, tuple(records)), warnings)


def read_text(texts: Path, doc_id: str) -> str:
    path = texts / f"{doc_id}.txt"
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_annotation(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None


def resolve_file(path: Path, texts: Path) -> Resolved:
    annotation = load_annotation(path)
    return resolve(annotation, read_text(texts, annotation["doc_id"]), str(path))


def _describe(document: Document) -> Iterator[str]:
    for i, r in enumerate(document.attributions):
        fmt = lambda s: "—" if s is None else f"[{s.start}:{s.end}] {s.text}"  # noqa: E731
        yield f"#{i} {r.kind.value}  cue={fmt(r.cue)}  speaker={fmt(r.speaker)}"
        yield f"    name={r.speaker_name}  addressee={fmt(r.addressee)}  via={fmt(r.via)}"
        for part in r.content:
            yield f"    content={fmt(part)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.annotate", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="resolve one annotation file and print its records")
    check.add_argument("annotation", type=Path)
    check.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    check.add_argument("--quiet", action="store_true", help="print only warnings")
    build = sub.add_parser("build", help="resolve every *.json in DIR into one gold JSONL")
    build.add_argument("directory", type=Path)
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            resolved = resolve_file(args.annotation, args.texts)
            if not args.quiet:
                for line in _describe(resolved.document):
                    sys.stdout.write(line + "\n")
            for warning in resolved.warnings:
                sys.stdout.write(f"WARNING {warning}\n")
            sys.stdout.write(f"{len(resolved.document.attributions)} records, "
                             f"{len(resolved.warnings)} warnings\n")
            return 0
        documents = []
        for path in sorted(args.directory.glob("*.json")):
            resolved = resolve_file(path, args.texts)
            for warning in resolved.warnings:
                sys.stderr.write(f"WARNING {warning}\n")
            documents.append(resolved.document)
        write_documents(args.out, documents)
        sys.stdout.write(f"wrote {len(documents)} documents to {args.out}\n")
        return 0
    except AttributionError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
