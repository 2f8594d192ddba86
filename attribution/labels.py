"""The BIO label set over guideline tokens, and conversion between records' spans and tags.

Shared by the token classifier (training and inference) and by the benchmark's token-level
scores, so that a tag means the same thing everywhere. BIO cannot nest, while records can
(a cue inside a quote, a quote inside a quote); when spans of several records overlap, the
more specific role wins token by token (CUE > SPEAKER > ADDRESSEE > VIA > CONTENT), and
within a role the span placed first keeps its tokens.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from attribution.text import Token, tokenize
from attribution.types import Attribution, Span

if TYPE_CHECKING:
    from attribution.assemble import Draft

__all__ = [
    "ROLES",
    "LABELS",
    "LABEL_SCHEME_VERSION",
    "label2id",
    "id2label",
    "record_role_spans",
    "spans_to_tags",
    "tags_to_spans",
    "document_tags",
]

LABEL_SCHEME_VERSION = 1
# Ordered by precedence: a token claimed by an earlier role keeps that role.
ROLES = ("CUE", "SPEAKER", "ADDRESSEE", "VIA", "CONTENT")
LABELS = ("O", *(f"{prefix}-{role}" for role in ROLES for prefix in ("B", "I")))
label2id = {label: i for i, label in enumerate(LABELS)}
id2label = dict(enumerate(LABELS))


def record_role_spans(records: Iterable[Attribution] | Iterable[Draft]) -> list[tuple[str, Span]]:
    """Every span of the records (or the linker's drafts) with its role name."""
    out = []
    for record in records:
        for name, span in (
            ("CUE", record.cue),
            ("SPEAKER", record.speaker),
            ("ADDRESSEE", record.addressee),
            ("VIA", record.via),
        ):
            if span is not None:
                out.append((name, span))
        out.extend(("CONTENT", part) for part in record.content)
    return out


def spans_to_tags(tokens: Sequence[Token], spans: Iterable[tuple[str, Span]]) -> list[str]:
    """BIO tags for ``tokens``; a token belongs to a span when it lies inside it."""
    rank = {role: i for i, role in enumerate(ROLES)}
    ordered = sorted(spans, key=lambda rs: (rank[rs[0]], rs[1].start, -rs[1].end))
    owner: list[int | None] = [None] * len(tokens)
    roles: list[str] = []
    starts = [t.start for t in tokens]
    for span_id, (role, span) in enumerate(ordered):
        roles.append(role)
        i = bisect.bisect_left(starts, span.start)
        while i < len(tokens) and tokens[i].end <= span.end:
            if owner[i] is None:
                owner[i] = span_id
            i += 1
    tags = []
    for i, span_id in enumerate(owner):
        if span_id is None:
            tags.append("O")
        elif i > 0 and owner[i - 1] == span_id:
            tags.append(f"I-{roles[span_id]}")
        else:
            tags.append(f"B-{roles[span_id]}")
    return tags


def tags_to_spans(text: str, tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[str, Span]]:
    """Spans read back off BIO tags; an ``I-`` with no open span of its role starts one."""
    out: list[tuple[str, Span]] = []
    role: str | None = None
    start = end = 0
    for token, tag in zip(tokens, tags):
        prefix, _, tag_role = tag.partition("-")
        if prefix == "I" and tag_role == role:
            end = token.end
            continue
        if role is not None:
            out.append((role, Span.of(text, start, end)))
        role = tag_role if prefix in ("B", "I") else None
        start, end = token.start, token.end
    if role is not None:
        out.append((role, Span.of(text, start, end)))
    return out


def document_tags(text: str, records: Iterable[Attribution]) -> tuple[list[Token], list[str]]:
    """The tokens of ``text`` and the tags the records give them."""
    tokens = tokenize(text)
    return tokens, spans_to_tags(tokens, record_role_spans(records))
