"""`attribution extract`: inputs, formats and bad lines."""

from __future__ import annotations

import io
import json

from attribution import cli

SENTENCE = "وقال المتحدث إن الرحلات ستستأنف."


def run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_file_gives_gold_format_with_file_stem_as_id(tmp_path, monkeypatch, capsys):
    path = tmp_path / "article-7.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, ["extract", str(path), "--model", "rules"])
    doc = json.loads(out)
    assert code == 0 and doc["doc_id"] == "article-7" and doc["text"] == SENTENCE
    assert doc["attributions"][0]["content"][0]["text"] == "الرحلات ستستأنف"


def test_bad_jsonl_line_is_reported_and_the_rest_still_come_out(tmp_path, monkeypatch, capsys):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "x1", "text": SENTENCE}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"id": "x3", "text": 5}) + "\n"
        + json.dumps({"id": "x4", "text": SENTENCE}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(monkeypatch, capsys, ["extract", str(path), "--model", "rules"])
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["x1", "x4"]
    assert "batch.jsonl:2: invalid JSON" in err and "batch.jsonl:3: 'text' must be a string" in err


def test_stdin_plain_text_and_json_format(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["extract", "-", "--format", "json", "--model", "rules"], stdin=SENTENCE)
    docs = json.loads(out)
    assert code == 0 and docs[0]["doc_id"] == "stdin" and len(docs[0]["attributions"]) == 1


def test_table_format_isolates_arabic_runs(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["extract", "-", "--format", "table", "--model", "rules"], stdin=SENTENCE)
    assert code == 0 and "1 attribution(s)" in out
    assert "\u2067المتحدث\u2069" in out and "[indirect" in out


def test_default_model_output_is_valid_gold_format(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["extract", "-"], stdin=SENTENCE)
    doc = json.loads(out)
    assert code == 0 and doc["text"] == SENTENCE
    for record in doc["attributions"]:
        for part in record["content"]:
            assert SENTENCE[part["start"] : part["end"]] == part["text"]


def test_unknown_model_is_a_clear_error(monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, ["extract", "-", "--model", "/no/such/model"], stdin=SENTENCE)
    assert code == 2 and "/no/such/model" in err


def test_missing_file_is_reported(tmp_path, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, ["extract", str(tmp_path / "nope.txt")])
    assert code == 1 and "nope.txt: cannot read" in err


def test_batched_extraction_keeps_input_order_and_output(tmp_path, monkeypatch, capsys):
    texts = [SENTENCE, "افتتح الأمير المعرض أمس.", "وأكدت الوزارة أنها ستفتح باب التسجيل.", SENTENCE]
    batch = tmp_path / "many.jsonl"
    batch.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                             for i, t in enumerate(texts)), encoding="utf-8")
    outputs = []
    for size in ("1", "3"):
        code, out, _ = run(monkeypatch, capsys, ["extract", str(batch), "--model", "rules", "--batch-size", size])
        assert code == 0
        outputs.append(out)
    assert outputs[0] == outputs[1]
    docs = [json.loads(line) for line in outputs[0].splitlines()]
    assert [d["doc_id"] for d in docs] == ["d0", "d1", "d2", "d3"]
    assert [len(d["attributions"]) for d in docs] == [1, 0, 1, 1]


def test_batch_size_below_one_is_a_clear_error(monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, ["extract", "-", "--batch-size", "0"], stdin=SENTENCE)
    assert code == 2 and "--batch-size" in err
