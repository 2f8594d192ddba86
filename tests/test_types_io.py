"""Data types and the gold JSONL format: round trips, and bad input refused with its place."""

from __future__ import annotations

import json

import pytest

from attribution import Attribution, Document, Kind, SchemaError, Span, SpanError
from attribution.errors import InputError
from attribution.io import read_documents, write_documents
from helpers import doc, record

TEXT = "وقال الوزير إن «الوضع مستقر»، مضيفاً أن الحل قريب."


def sample() -> Document:
    return doc(
        "d1",
        TEXT,
        record(TEXT, "mixed", "«الوضع مستقر»", "وقال", "الوزير", "الوزير"),
        record(TEXT, "indirect", "الحل قريب", "مضيفاً", None, "الوزير"),
    )


def test_round_trip_is_exactly_the_guideline_json():
    d = sample()
    data = d.to_dict()
    assert list(data) == ["doc_id", "text", "attributions"]
    assert list(data["attributions"][0]) == [
        "kind", "cue", "speaker", "speaker_name", "content", "addressee", "via",
    ]
    assert data["attributions"][0]["content"] == [{"start": 15, "end": 28, "text": "«الوضع مستقر»"}]
    assert Document.from_dict(json.loads(json.dumps(data))) == d


def test_score_only_appears_when_set():
    r = Attribution(Kind.DIRECT, (Span.of(TEXT, 16, 27),), score=0.5)
    assert r.to_dict()["score"] == 0.5
    assert "score" not in Attribution(Kind.DIRECT, (Span.of(TEXT, 16, 27),)).to_dict()


def test_types_are_frozen():
    with pytest.raises(AttributeError):
        sample().doc_id = "x"  # type: ignore[misc]


def test_span_off_its_text_names_document_record_and_field():
    bad = Attribution(Kind.INDIRECT, (Span(0, 4, "قالت"),))
    with pytest.raises(SpanError, match=r"document 'd1', record 0, content\[0\]"):
        Document("d1", TEXT, (bad,))


@pytest.mark.parametrize(
    ("args", "message"),
    [((3, 1, ""), "not a valid range"), ((0, 2, "abc"), "length"), ((-1, 0, "x"), "valid range")],
)
def test_bad_spans(args, message):
    with pytest.raises(SpanError, match=message):
        Span(*args)


def test_unknown_kind_and_missing_fields():
    with pytest.raises(SchemaError, match="unknown kind 'quote'"):
        Attribution.from_dict({"kind": "quote", "content": [{"start": 0, "end": 1, "text": "و"}]})
    with pytest.raises(SchemaError, match="missing content"):
        Attribution.from_dict({"kind": "direct"})
    with pytest.raises(SchemaError, match="at least one content span"):
        Attribution.from_dict({"kind": "direct", "content": []})
    with pytest.raises(SchemaError, match="unknown field"):
        Attribution.from_dict({"kind": "direct", "content": [], "speeker": None})


def test_write_then_read(tmp_path):
    path = tmp_path / "gold.jsonl"
    write_documents(path, [sample()])
    assert read_documents(path) == [sample()]


def _lines(path, *objs):
    path.write_text("".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n"
                            for o in objs), encoding="utf-8")


def test_broken_line_names_file_and_line(tmp_path):
    path = tmp_path / "pred.jsonl"
    _lines(path, sample().to_dict(), '{"doc_id": "d2", "text": ')
    with pytest.raises(InputError, match=r"pred\.jsonl:2: invalid JSON"):
        read_documents(path)


def test_span_off_text_in_file_names_file_line_document_record(tmp_path):
    data = sample().to_dict()
    data["attributions"][1]["content"][0]["start"] += 1
    data["attributions"][1]["content"][0]["end"] += 1
    path = tmp_path / "gold.jsonl"
    _lines(path, data)
    with pytest.raises(SpanError, match=r"gold\.jsonl:1: document 'd1', record 1, content\[0\]"):
        read_documents(path)


def test_unknown_kind_in_file_is_located(tmp_path):
    data = sample().to_dict()
    data["attributions"][0]["kind"] = "reported"
    path = tmp_path / "gold.jsonl"
    _lines(path, {"doc_id": "d0", "text": "", "attributions": []}, data)
    with pytest.raises(SchemaError, match=r"gold\.jsonl:2: document 'd1', record 0: unknown kind"):
        read_documents(path)


def test_missing_field_and_duplicate_ids(tmp_path):
    path = tmp_path / "a.jsonl"
    _lines(path, {"doc_id": "x", "text": "t"})
    with pytest.raises(SchemaError, match=r"a\.jsonl:1: document is missing attributions"):
        read_documents(path)
    _lines(path, sample().to_dict(), sample().to_dict())
    with pytest.raises(InputError, match="appears twice"):
        read_documents(path)


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.jsonl"
    write_documents(path, [sample()])
    before = path.read_bytes()

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_documents(path, [])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temp file left


def test_atomic_write_replaces_whole_and_gets_a_plain_files_mode(tmp_path):
    import os
    import stat

    from attribution.io import write_text_atomic

    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's private 0600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


@pytest.mark.parametrize(("text", "tagged", "expected"), [
    # a tagged span that opens a quotation and stops before its closing mark takes the mark
    ("وقال لـ«فرانس برس» إن", "لـ«فرانس برس", "لـ«فرانس برس»"),
    ('وقال لـ"الرياض" إن', 'لـ"الرياض', 'لـ"الرياض"'),
    ("قال “المصدر” أمس", "“المصدر", "“المصدر”"),
    # balanced marks, no mark, or another character after the span: unchanged
    ("وقال لـ«فرانس برس» إن", "لـ«فرانس برس»", "لـ«فرانس برس»"),
    ('وقال لـ"الرياض" إن', 'لـ"الرياض"', 'لـ"الرياض"'),
    ("وقال المتحدث إن", "المتحدث", "المتحدث"),
    ("وقال لـ«فرانس برس، إن", "لـ«فرانس برس", "لـ«فرانس برس"),
])
def test_a_span_left_with_half_a_pair_of_marks_takes_its_closer(text, tagged, expected):
    from attribution.text import close_open_quote

    start = text.index(tagged)
    span = close_open_quote(text, Span.of(text, start, start + len(tagged)))
    assert span.text == expected
    assert text[span.start : span.end] == span.text
