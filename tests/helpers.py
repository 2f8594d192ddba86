"""Small builders for tests: records from substrings of a text, so expectations stay readable."""

from __future__ import annotations

from attribution.types import Attribution, Document, Kind, Span


def span(text: str, needle: str, nth: int = 1) -> Span:
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    return Span(pos, pos + len(needle), needle)


def record(
    text: str,
    kind: str,
    content: str | list[str],
    cue: str | None = None,
    speaker: str | None = None,
    speaker_name: str | None = None,
    **extra: str,
) -> Attribution:
    parts = [content] if isinstance(content, str) else content
    return Attribution(
        kind=Kind(kind),
        content=tuple(span(text, p) for p in parts),
        cue=span(text, cue) if cue else None,
        speaker=span(text, speaker) if speaker else None,
        speaker_name=speaker_name,
        **{k: span(text, v) for k, v in extra.items()},
    )


def doc(doc_id: str, text: str, *records: Attribution) -> Document:
    return Document(doc_id, text, tuple(records))
