"""The token-classifier path: alignment, windows, stitching, and train -> save -> load -> extract
on a tiny randomly initialised encoder and documents the tests make (seconds, no shared data)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from attribution import Extractor
from attribution.errors import ModelLoadError
from attribution.labels import LABELS, document_tags, label2id
from attribution.tagger import Window, stitch, windows
from helpers import doc, record

TEXTS = [
    "وقال الوزير إن الاقتصاد ينمو بثبات.",
    "وأكدت الوزارة أنها ستفتح باب التسجيل قريباً.",
    "وقال المدرب: «سنواصل العمل».",
    "افتتح الأمير المعرض الدولي للكتاب أمس.",
]


def test_windows_cover_every_word_and_respect_the_budget():
    lengths = [1, 3, 2, 5, 1, 1, 4, 2, 2, 1]
    spans = windows(lengths, 6, 2)
    covered = set()
    for s in spans:
        assert sum(lengths[s.start : s.end]) <= 6 or s.end - s.start == 1
        covered.update(range(s.start, s.end))
    assert covered == set(range(len(lengths)))
    assert all(b.end > a.end for a, b in zip(spans, spans[1:]))  # every window brings new words
    # neighbours overlap unless the next word alone fills a window
    assert all(b.start < a.end or sum(lengths[a.end - 1 : a.end + 1]) > 6 for a, b in zip(spans, spans[1:]))
    assert windows([1] * 10, 4, 2) == [Window(0, 4), Window(2, 6), Window(4, 8), Window(6, 10)]


def test_a_word_longer_than_a_window_gets_its_own():
    assert windows([1, 9, 1], 4, 1) == [Window(0, 1), Window(1, 2), Window(2, 3)]


def test_stitch_prefers_the_window_with_more_context():
    spans = [Window(0, 4), Window(2, 6)]
    labels = [[1, 1, 1, 1], [2, 2, 2, 2]]
    # word 2: margin 1 in the first window, 0 in the second -> first; word 3: 0 vs 1 -> second
    assert stitch(6, spans, labels) == [1, 1, 1, 2, 2, 2]


def test_labels_align_with_first_subwords_only(tiny_encoder):
    from transformers import AutoTokenizer

    from training.finetune import encode_documents

    tokenizer = AutoTokenizer.from_pretrained(tiny_encoder)
    d = doc("d", TEXTS[0], record(TEXTS[0], "indirect", "الاقتصاد ينمو بثبات", "وقال", "الوزير", "الوزير"))
    rows = encode_documents([d], tokenizer, 64, 4)
    assert len(rows) == 1
    row = rows[0]
    enc = tokenizer([t.text for t in document_tags(d.text, d.attributions)[0]], is_split_into_words=True)
    word_ids = enc.word_ids()
    _, tags = document_tags(d.text, d.attributions)
    previous = None
    for k, w in enumerate(word_ids):
        if w is None or w == previous:
            assert row["labels"][k] == -100
        else:
            assert row["labels"][k] == label2id[tags[w]]
        previous = w
    assert label2id["B-CUE"] in row["labels"] and label2id["I-CONTENT"] in row["labels"]


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory) -> str:
    from transformers import BertForMaskedLM

    from training.pretrain import PretrainConfig, encoder_config, train_tokenizer

    out = tmp_path_factory.mktemp("encoder")
    tokenizer = train_tokenizer(TEXTS * 20, vocab_size=200)
    config = PretrainConfig(hidden_size=32, num_layers=1, num_heads=2, intermediate_size=64)
    BertForMaskedLM(encoder_config(config, len(tokenizer))).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return str(out)


@pytest.fixture(scope="module")
def trained_model(tmp_path_factory, tiny_encoder) -> Path:
    from training.corpus import to_standoff
    from training.finetune import FinetuneConfig, run

    work = tmp_path_factory.mktemp("finetune")
    docs = [
        doc("a1", TEXTS[0], record(TEXTS[0], "indirect", "الاقتصاد ينمو بثبات", "وقال", "الوزير", "الوزير")),
        doc("a2", TEXTS[1], record(TEXTS[1], "indirect", "ستفتح باب التسجيل قريباً", "وأكدت", "الوزارة", "الوزارة")),
        doc("a3", TEXTS[2], record(TEXTS[2], "direct", "سنواصل العمل", "وقال", "المدرب", "المدرب")),
        doc("a4", TEXTS[3]),
    ]
    corpus = work / "articles.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps({"id": d.doc_id, "source": "p", "text": d.text}, ensure_ascii=False) + "\n")
    standoff = work / "annotations.jsonl"
    standoff.write_text("".join(json.dumps(to_standoff(d, "p")) + "\n" for d in docs), encoding="utf-8")
    split = work / "split.json"
    split.write_text(json.dumps({"train": ["a1", "a2", "a3"], "validation": ["a4", "a1"]}), encoding="utf-8")
    config = FinetuneConfig(
        base_model=tiny_encoder, out_dir=str(work / "run"), corpus=str(corpus), standoff=str(standoff),
        split=str(split), skip_silver=True, max_steps=3, eval_steps=2, batch_size=2, gold_repeat=1,
    )
    return run(config)


def test_train_save_load_extract(trained_model):
    files = {p.name for p in trained_model.iterdir()}
    assert "model.safetensors" in files and "config.json" in files
    assert not any(name.endswith((".bin", ".pt", ".pkl")) for name in files)
    extractor = Extractor.from_pretrained(trained_model)
    text = TEXTS[0] + " " + TEXTS[2]
    records = extractor(text)
    for r in records:  # a 3-step model predicts little, but whatever it predicts is valid
        for _, span in r.spans():
            assert text[span.start : span.end] == span.text
    assert list(extractor.pipe([text, ""])) == [records, []]


def test_long_article_goes_through_windows(trained_model):
    extractor = Extractor.from_pretrained(trained_model)
    text = " ".join(TEXTS * 60)  # far beyond one 256-token window
    for r in extractor(text):
        for _, span in r.spans():
            assert text[span.start : span.end] == span.text


def test_transformers_pipeline_loads_the_model(trained_model):
    from transformers import pipeline

    tagger = pipeline("token-classification", model=str(trained_model))
    out = tagger(TEXTS[0])
    assert isinstance(out, list)
    assert all(item["entity"] in LABELS for item in out)


def test_missing_model_directory(tmp_path):
    with pytest.raises(ModelLoadError, match="no extractor"):
        Extractor.from_pretrained(str(tmp_path / "nowhere" / "x" / "y"))


def test_incomplete_model_directory(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="missing model.safetensors"):
        Extractor.from_pretrained(str(tmp_path))


def test_corrupt_model_weights(tmp_path, trained_model):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(trained_model, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelLoadError, match="cannot load"):
        Extractor.from_pretrained(str(broken))


def test_corrupt_config(tmp_path, trained_model):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(trained_model, broken)
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="config.json: unreadable"):
        Extractor.from_pretrained(str(broken))
