"""The data types every stage shares: spans, attribution records and documents.

Frozen dataclasses with no logic beyond validation and dict conversion. The dict form is
exactly the JSON record of the annotation guidelines (``eval/GUIDELINES.md``), so gold files,
predictions and API output are one format.

Every span is a character offset into the raw text, end exclusive, and ``text[start:end] ==
span.text`` always holds: a :class:`Document` refuses to exist otherwise, and says which
record and which field is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from attribution.errors import SchemaError, SpanError

__all__ = ["Kind", "Span", "Attribution", "Document"]


class Kind(StrEnum):
    """How the content is reported: read off the quote marks alone (guidelines §3)."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the raw text: ``[start, end)`` in characters, with the text it covers.

    The text is carried so that a record can be read (and checked) without the article.
    """

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if isinstance(self.start, bool) or not isinstance(self.start, int):
            raise SpanError(f"span start must be an int, got {type(self.start).__name__}")
        if isinstance(self.end, bool) or not isinstance(self.end, int):
            raise SpanError(f"span end must be an int, got {type(self.end).__name__}")
        if not isinstance(self.text, str):
            raise SpanError(f"span text must be a str, got {type(self.text).__name__}")
        if self.start < 0 or self.end < self.start:
            raise SpanError(f"span [{self.start}, {self.end}) is not a valid range")
        if self.end - self.start != len(self.text):
            raise SpanError(
                f"span [{self.start}, {self.end}) has length {self.end - self.start} "
                f"but its text {self.text!r} has length {len(self.text)}"
            )

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``[start, end)`` of ``text``; the safe way to make one."""
        return cls(start, end, text[start:end])

    def matches(self, text: str) -> bool:
        """Whether this span really is ``text[start:end]``."""
        return self.end <= len(text) and text[self.start : self.end] == self.text

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        if not isinstance(data, Mapping):
            raise SchemaError(f"a span must be an object with start, end, text; got {data!r}")
        missing = [k for k in ("start", "end", "text") if k not in data]
        if missing:
            raise SchemaError(f"span is missing {', '.join(missing)}: {dict(data)!r}")
        return cls(data["start"], data["end"], data["text"])


def _field_span(value: Any, name: str) -> Span:
    """A span parsed from a record field; an error names the field it came from."""
    try:
        return Span.from_dict(value)
    except (SchemaError, SpanError) as err:
        raise type(err)(f"{name}: {err}") from None


def _optional_span(data: Mapping[str, Any], key: str) -> Span | None:
    value = data.get(key)
    return None if value is None else _field_span(value, key)


_RECORD_FIELDS = ("kind", "cue", "speaker", "speaker_name", "content", "addressee", "via")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: one cue introducing reported content from one source.

    ``speaker`` is the explicit mention in the sentence (None for a dropped subject, a
    passive or no source); ``speaker_name`` is who that is, named as fully as the article
    ever names it, so records can be grouped by person across a document.
    """

    kind: Kind
    content: tuple[Span, ...]
    cue: Span | None = None
    speaker: Span | None = None
    speaker_name: str | None = None
    addressee: Span | None = None
    via: Span | None = None
    score: float | None = None

    def __post_init__(self) -> None:
        try:
            kind = Kind(self.kind)
        except ValueError:
            raise SchemaError(
                f"unknown kind {self.kind!r}; expected one of {', '.join(k.value for k in Kind)}"
            ) from None
        object.__setattr__(self, "kind", kind)
        content = tuple(self.content)
        if not content:
            raise SchemaError("a record needs at least one content span")
        for part in content:
            if not isinstance(part, Span):
                raise SchemaError(f"content parts must be Spans, got {type(part).__name__}")
        object.__setattr__(self, "content", content)
        for name in ("cue", "speaker", "addressee", "via"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Span):
                raise SchemaError(f"{name} must be a Span or None, got {type(value).__name__}")
        if self.speaker_name is not None and not isinstance(self.speaker_name, str):
            raise SchemaError(
                f"speaker_name must be a str or None, got {type(self.speaker_name).__name__}"
            )

    def spans(self) -> Iterable[tuple[str, Span]]:
        """Every span of the record with the name of its field (content parts numbered)."""
        for name in ("cue", "speaker", "addressee", "via"):
            value = getattr(self, name)
            if value is not None:
                yield name, value
        for i, part in enumerate(self.content):
            yield f"content[{i}]", part

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "cue": None if self.cue is None else self.cue.to_dict(),
            "speaker": None if self.speaker is None else self.speaker.to_dict(),
            "speaker_name": self.speaker_name,
            "content": [part.to_dict() for part in self.content],
            "addressee": None if self.addressee is None else self.addressee.to_dict(),
            "via": None if self.via is None else self.via.to_dict(),
        }
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attribution:
        if not isinstance(data, Mapping):
            raise SchemaError(f"a record must be a JSON object, got {type(data).__name__}")
        missing = [k for k in ("kind", "content") if k not in data]
        if missing:
            raise SchemaError(f"record is missing {', '.join(missing)}")
        unknown = sorted(set(data) - set(_RECORD_FIELDS) - {"score"})
        if unknown:
            raise SchemaError(f"record has unknown field(s) {', '.join(unknown)}")
        content = data["content"]
        if not isinstance(content, list):
            raise SchemaError("record content must be a list of spans")
        score = data.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
            raise SchemaError(f"record score must be a number, got {score!r}")
        return cls(
            kind=data["kind"],
            content=tuple(_field_span(part, f"content[{i}]") for i, part in enumerate(content)),
            cue=_optional_span(data, "cue"),
            speaker=_optional_span(data, "speaker"),
            speaker_name=data.get("speaker_name"),
            addressee=_optional_span(data, "addressee"),
            via=_optional_span(data, "via"),
            score=None if score is None else float(score),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """An article with its attributions; construction checks every span against the text."""

    doc_id: str
    text: str
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.doc_id, str):
            raise SchemaError(f"doc_id must be a str, got {type(self.doc_id).__name__}")
        if not isinstance(self.text, str):
            raise SchemaError(f"document {self.doc_id!r}: text must be a str")
        records = tuple(self.attributions)
        object.__setattr__(self, "attributions", records)
        for i, record in enumerate(records):
            for name, span in record.spans():
                if not span.matches(self.text):
                    actual = self.text[span.start : span.end]
                    raise SpanError(
                        f"document {self.doc_id!r}, record {i}, {name}: "
                        f"text[{span.start}:{span.end}] is {actual!r}, not {span.text!r}",
                        doc_id=self.doc_id,
                        record=i,
                    )

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "attributions": [record.to_dict() for record in self.attributions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        if not isinstance(data, Mapping):
            raise SchemaError(f"a document must be a JSON object, got {type(data).__name__}")
        missing = [k for k in ("doc_id", "text", "attributions") if k not in data]
        if missing:
            raise SchemaError(f"document is missing {', '.join(missing)}")
        records = data["attributions"]
        if not isinstance(records, list):
            raise SchemaError("document attributions must be a list")
        parsed = []
        for i, record in enumerate(records):
            try:
                parsed.append(Attribution.from_dict(record))
            except (SchemaError, SpanError) as err:
                raise type(err)(
                    f"document {data['doc_id']!r}, record {i}: {err}",
                    doc_id=str(data["doc_id"]),
                    record=i,
                ) from None
        return cls(doc_id=data["doc_id"], text=data["text"], attributions=tuple(parsed))
