"""The shared news corpus and the project's standoff annotations of it.

The corpus (SaudiNewsNet, CC BY-NC-SA 4.0) stays beside the project and is never copied into
it. Annotations are stored as standoff: article id, a SHA-256 of the article text, and records
whose spans are offsets only. :func:`load_standoff` joins them with the corpus from a path and
refuses an article whose text hash differs, then yields documents in the gold format.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attribution.errors import InputError
from attribution.io import parse_line
from attribution.types import Attribution, Document, Span

__all__ = [
    "DEFAULT_CORPUS",
    "corpus_path",
    "iter_articles",
    "text_hash",
    "to_standoff",
    "load_standoff",
    "load_split",
    "split_parts",
    "as_dataset",
]

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "articles.jsonl.gz"
DEFAULT_STANDOFF = Path(__file__).resolve().parent / "data" / "annotations.jsonl"
DEFAULT_SPLIT = Path(__file__).resolve().parent / "data" / "split.json"


def corpus_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The corpus file: the argument, else $ATTRIBUTION_CORPUS, else ../shared/data/..."""
    return Path(path or os.environ.get("ATTRIBUTION_CORPUS") or DEFAULT_CORPUS)


def iter_articles(path: str | os.PathLike[str] | None = None) -> Iterator[dict[str, Any]]:
    """Articles of the corpus as dicts (id, source, url, date, title, text)."""
    p = corpus_path(path)
    if not p.exists():
        raise InputError(f"{p}: corpus not found (set --corpus or ATTRIBUTION_CORPUS)", path=str(p))
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if line.strip():
                yield parse_line(line, path=str(p), lineno=lineno)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _span_offsets(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def to_standoff(document: Document, source: str | None = None) -> dict[str, Any]:
    """A document as a standoff line: offsets and names, no article text."""
    records = []
    for r in document.attributions:
        records.append({
            "kind": r.kind.value,
            "cue": _span_offsets(r.cue),
            "speaker": _span_offsets(r.speaker),
            "speaker_name": r.speaker_name,
            "content": [[p.start, p.end] for p in r.content],
            "addressee": _span_offsets(r.addressee),
            "via": _span_offsets(r.via),
        })
    out: dict[str, Any] = {"id": document.doc_id, "sha256": text_hash(document.text)}
    if source is not None:
        out["source"] = source
    out["attributions"] = records
    return out


def _span(text: str, value: Any, where: str) -> Span | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise InputError(f"{where}: a standoff span is [start, end], got {value!r}")
    start, end = value
    if not 0 <= start < end <= len(text):
        raise InputError(f"{where}: span [{start}, {end}) lies outside the article ({len(text)} characters)")
    return Span.of(text, start, end)


def _document(entry: dict[str, Any], text: str, where: str) -> Document:
    records = []
    for i, r in enumerate(entry.get("attributions", [])):
        at = f"{where}, record {i}"
        content = r.get("content")
        if not content:
            raise InputError(f"{at}: content is required")
        records.append(Attribution(
            kind=r.get("kind"),
            content=tuple(_span(text, c, f"{at} content") for c in content),
            cue=_span(text, r.get("cue"), f"{at} cue"),
            speaker=_span(text, r.get("speaker"), f"{at} speaker"),
            speaker_name=r.get("speaker_name"),
            addressee=_span(text, r.get("addressee"), f"{at} addressee"),
            via=_span(text, r.get("via"), f"{at} via"),
        ))
    return Document(entry["id"], text, tuple(records))


def load_standoff(
    standoff: str | os.PathLike[str] = DEFAULT_STANDOFF,
    corpus: str | os.PathLike[str] | Iterable[dict[str, Any]] | None = None,
    ids: Iterable[str] | None = None,
) -> Iterator[Document]:
    """Standoff annotations joined with the corpus, as gold-format documents, in file order.

    ``corpus`` is a path (default the shared corpus) or an iterable of article dicts (tests).
    A missing article or a text whose hash differs from the annotation's is an error.
    """
    name = str(standoff)
    wanted = None if ids is None else set(ids)
    entries = []
    with open(standoff, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if line.strip():
                entry = parse_line(line, path=name, lineno=lineno)
                for key in ("id", "sha256", "attributions"):
                    if key not in entry:
                        raise InputError(f"{name}:{lineno}: missing {key!r}", path=name, line=lineno)
                if wanted is None or entry["id"] in wanted:
                    entries.append((lineno, entry))
    need = {e["id"] for _, e in entries}
    articles = corpus if corpus is not None and not isinstance(corpus, (str, os.PathLike)) else iter_articles(corpus)
    texts: dict[str, str] = {}
    for article in articles:
        if article.get("id") in need:
            texts[article["id"]] = article["text"]
            if len(texts) == len(need):
                break
    for lineno, entry in entries:
        where = f"{name}:{lineno}: article {entry['id']!r}"
        if entry["id"] not in texts:
            raise InputError(f"{where}: not in the corpus", path=name, line=lineno)
        text = texts[entry["id"]]
        if text_hash(text) != entry["sha256"]:
            raise InputError(
                f"{where}: the corpus text differs from the annotated one (sha256 mismatch); "
                "this corpus is another version", path=name, line=lineno,
            )
        yield _document(entry, text, where)


def load_split(path: str | os.PathLike[str] = DEFAULT_SPLIT) -> dict[str, list[str]]:
    """The fixed train / validation split of the hand-labelled articles."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


SPLIT_PARTS = ("train", "validation")


def split_parts(documents: Iterable[Document], split: str | os.PathLike[str] = DEFAULT_SPLIT) -> dict[str, list[Document]]:
    """The hand-labelled ``documents`` by part of the split ("train", "validation"), in the
    split's order: fine-tuning, calibration and export all cut the set the same way."""
    by_id = {d.doc_id: d for d in documents}
    return {part: [by_id[i] for i in ids if i in by_id] for part, ids in load_split(split).items() if part in SPLIT_PARTS}


def as_dataset(documents: Iterable[Document]):
    """A ``datasets.Dataset`` view: one row per document, records as JSON-ready dicts."""
    import datasets

    rows = [doc.to_dict() for doc in documents]
    return datasets.Dataset.from_list(rows)
