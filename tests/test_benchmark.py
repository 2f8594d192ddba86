"""The benchmark command and the gold set it runs on."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from attribution.io import read_documents, write_documents
from attribution.types import Document
from eval import benchmark
from eval.annotate import boundary_warnings

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold" / "seeds.jsonl"


def test_gold_set_loads_with_every_offset_valid():
    documents = read_documents(GOLD)  # Document construction checks every span
    assert len(documents) == 5
    kinds = Counter(r.kind.value for d in documents for r in d.attributions)
    assert set(kinds) == {"direct", "indirect", "mixed"}
    assert sum(kinds.values()) >= 100


def test_gold_spans_sit_on_token_boundaries():
    problems = []
    for d in read_documents(GOLD):
        for i, r in enumerate(d.attributions):
            for name, span in r.spans():
                for w in boundary_warnings(d.text, span, name):
                    # a mixed span may open with its inner quote mark (eval/GUIDELINES.md §3)
                    if not (name.startswith("content") and r.kind.value == "mixed" and "starts with" in w):
                        problems.append(f"{d.doc_id} #{i}: {w}")
    assert problems == []


@pytest.fixture()
def small_gold(tmp_path):
    docs = read_documents(GOLD)[:2]
    path = tmp_path / "gold.jsonl"
    write_documents(path, docs)
    return path, docs


def test_predictions_side_by_side(tmp_path, small_gold, capsys):
    gold_path, docs = small_gold
    perfect = tmp_path / "perfect.jsonl"
    write_documents(perfect, docs)
    half = tmp_path / "half.jsonl"
    write_documents(half, [Document(d.doc_id, d.text, d.attributions[::2]) for d in docs])
    report = tmp_path / "r.json"
    code = benchmark.main(["--gold", str(gold_path), "--predictions", str(perfect), "--predictions",
                           str(half), "--report", str(report), "--resamples", "20"])
    assert code == 0
    out = capsys.readouterr().out
    assert "| perfect | 1.000 [1.00, 1.00]" in out and "| half |" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [s["name"] for s in data["systems"]] == ["perfect", "half"]
    assert data["systems"][0]["figures"]["overall"]["record_f1"] == 1.0
    half_row = data["systems"][1]["figures"]["overall"]
    assert half_row["record_f1_precision"] == 1.0 and half_row["record_f1_recall"] < 0.6
    assert data["systems"][0]["token_level"]["micro avg"]["f1-score"] == 1.0


def test_bad_predictions_leave_the_old_report_whole(tmp_path, small_gold, capsys):
    gold_path, docs = small_gold
    report = tmp_path / "r.json"
    report.write_text('{"old": true}\n', encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    data = docs[0].to_dict()
    data["attributions"][0]["cue"]["start"] += 1
    bad.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    code = benchmark.main(["--gold", str(gold_path), "--predictions", str(bad), "--report", str(report)])
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.jsonl:1" in err and docs[0].doc_id in err and "record 0: cue" in err
    assert report.read_text(encoding="utf-8") == '{"old": true}\n'


def test_predictions_for_other_documents_are_refused(tmp_path, small_gold, capsys):
    gold_path, docs = small_gold
    other = tmp_path / "other.jsonl"
    write_documents(other, [Document("not-a-gold-doc", "نص")])
    code = benchmark.main(["--gold", str(gold_path), "--predictions", str(other),
                           "--report", str(tmp_path / "r.json")])
    assert code == 2 and "not in the gold set" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()
