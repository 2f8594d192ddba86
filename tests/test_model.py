"""The token-classifier path: alignment, windows, stitching, and train -> save -> load -> extract
on a tiny randomly initialised encoder and documents the tests make (seconds, no shared data)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from attribution import Extractor
from attribution.errors import ModelLoadError
from attribution.labels import LABELS, document_tags, label2id
from attribution.assemble import Draft, TaggedSpan, link_with_rules
from attribution.rules import RuleTagger
from attribution.tagger import NO_FEATURE, Window, rule_features, stitch, viterbi, windows
from attribution.text import tokenize
from helpers import doc, record, span

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


def _valid_iob2(path: list[int]) -> bool:
    previous = "O"
    for j in path:
        label = LABELS[j]
        if label.startswith("I-") and previous not in (f"B-{label[2:]}", label):
            return False
        previous = label
    return True


@pytest.mark.parametrize("seed", range(40))
def test_viterbi_finds_the_best_valid_iob2_path(seed):
    import itertools
    import random

    rng = random.Random(seed)
    n = rng.randint(1, 3)
    scores = [[rng.gauss(0, 1) for _ in LABELS] for _ in range(n)]
    got = viterbi(scores, LABELS)
    total = lambda path: sum(scores[t][path[t]] for t in range(n))  # noqa: E731
    best = max(total(p) for p in itertools.product(range(len(LABELS)), repeat=n) if _valid_iob2(list(p)))
    assert _valid_iob2(got) and total(got) == pytest.approx(best)


def test_viterbi_mends_a_span_opened_with_i():
    scores = [[0.0] * len(LABELS) for _ in range(2)]
    scores[0][label2id["I-CUE"]] = 5.0  # invalid at the start: the best valid path opens with B-CUE
    scores[0][label2id["B-CUE"]] = 4.0
    scores[1][label2id["I-CUE"]] = 5.0
    assert [LABELS[i] for i in viterbi(scores, LABELS)] == ["B-CUE", "I-CUE"]


def test_rule_features_are_the_rules_tags_shifted_past_no_feature():
    text = "وقال الوزير إن الاقتصاد ينمو بثبات."
    tokens = tokenize(text)
    drafts, _ = RuleTagger().drafts(text)
    features = rule_features(tokens, drafts)
    tags = [LABELS[f - 1] for f in features]
    assert NO_FEATURE not in features
    assert tags[:3] == ["B-CUE", "B-SPEAKER", "O"] and tags[3] == "B-CONTENT"


def test_rule_features_reach_every_subword_and_drop_out(tiny_encoder):
    from transformers import AutoTokenizer

    from training.finetune import encode_documents

    tokenizer = AutoTokenizer.from_pretrained(tiny_encoder)
    d = doc("d", TEXTS[0], record(TEXTS[0], "indirect", "الاقتصاد ينمو بثبات", "وقال", "الوزير", "الوزير"))
    features = rule_features(tokenize(d.text), RuleTagger().drafts(d.text)[0])
    row = encode_documents([d], tokenizer, 64, 4, RuleTagger())[0]
    enc = tokenizer([t.text for t in tokenize(d.text)], is_split_into_words=True)
    assert row["token_type_ids"] == [NO_FEATURE if w is None else features[w] for w in enc.word_ids()]
    dropped = encode_documents([d], tokenizer, 64, 4, RuleTagger(), feature_dropout=1.0)[0]
    assert set(dropped["token_type_ids"]) == {NO_FEATURE}


def test_correction_weight_marks_the_words_where_gold_overrules_the_rules(tiny_encoder):
    from transformers import AutoTokenizer

    from training.finetune import encode_documents

    tokenizer = AutoTokenizer.from_pretrained(tiny_encoder)
    d = doc("d", TEXTS[0])  # gold: no record at all, where the rules find one
    row = encode_documents([d], tokenizer, 64, 4, RuleTagger(), correction_weight=5.0)[0]
    overruled = [label != -100 and 1 + label != feature
                 for label, feature in zip(row["labels"], row["token_type_ids"])]
    assert any(overruled)
    assert row["label_weights"] == [5.0 if o else 1.0 for o in overruled]
    plain = encode_documents([d], tokenizer, 64, 4, RuleTagger())[0]
    assert set(plain["label_weights"]) == {1.0}


# --- the rule-guided linker: model spans grouped by the rules' drafts -------------------------

GUIDED = "وقال الوزير إن الاقتصاد ينمو بثبات رغم الأزمة. وأضاف أن الصادرات زادت."


def _rule_drafts() -> list[Draft]:
    t = GUIDED
    return [
        Draft(content=(span(t, "الاقتصاد ينمو بثبات"),), cue=span(t, "وقال"), speaker=span(t, "الوزير")),
        Draft(content=(span(t, "الصادرات زادت"),), cue=span(t, "وأضاف")),
    ]


def test_guided_linker_takes_the_models_boundaries_within_the_rules_groups():
    t = GUIDED
    model = [
        TaggedSpan("CUE", span(t, "وقال")), TaggedSpan("SPEAKER", span(t, "الوزير")),
        TaggedSpan("CONTENT", span(t, "الاقتصاد ينمو بثبات رغم الأزمة")),  # the model reads further
        TaggedSpan("CUE", span(t, "وأضاف")), TaggedSpan("CONTENT", span(t, "الصادرات زادت")),
    ]
    drafts = link_with_rules(t, model, _rule_drafts())
    assert [(d.cue.text, d.content[0].text) for d in drafts] == [
        ("وقال", "الاقتصاد ينمو بثبات رغم الأزمة"), ("وأضاف", "الصادرات زادت")]
    assert drafts[0].speaker.text == "الوزير" and drafts[1].speaker is None


def test_guided_linker_drops_what_the_model_drops_and_links_what_it_adds():
    t = GUIDED
    model = [  # the model rejects the first record's cue and finds nothing else there
        TaggedSpan("CUE", span(t, "وأضاف")), TaggedSpan("CONTENT", span(t, "الصادرات زادت")),
    ]
    assert [d.cue.text for d in link_with_rules(t, model, _rule_drafts())] == ["وأضاف"]
    extra = "أعلنت الشركة أنها ستفتح فرعاً."
    t2 = t + " " + extra
    model2 = model + [TaggedSpan("CUE", span(t2, "أعلنت")), TaggedSpan("SPEAKER", span(t2, "الشركة")),
                      TaggedSpan("CONTENT", span(t2, "ستفتح فرعاً"))]
    drafts = link_with_rules(t2, model2, _rule_drafts())
    assert [(d.cue.text, d.content[0].text) for d in drafts][-1] == ("أعلنت", "ستفتح فرعاً")
    assert drafts[-1].speaker.text == "الشركة"


def test_guided_linker_joins_content_broken_by_a_nested_tag():
    t = "وقال الوزير إن المدير أكد الخبر أمس."
    rule = [Draft(content=(span(t, "المدير أكد الخبر أمس"),), cue=span(t, "وقال"), speaker=span(t, "الوزير"))]
    model = [TaggedSpan("CUE", span(t, "وقال")), TaggedSpan("SPEAKER", span(t, "الوزير")),
             TaggedSpan("CONTENT", span(t, "المدير")), TaggedSpan("CUE", span(t, "أكد")),
             TaggedSpan("CONTENT", span(t, "الخبر أمس"))]
    drafts = link_with_rules(t, model, rule)
    assert drafts[0].content == (span(t, "المدير أكد الخبر أمس"),)


def test_guided_linker_keeps_a_quoted_complementiser():
    t = "وقال المحافظ: «إن المدينة آمنة»."
    rule = [Draft(content=(span(t, "إن المدينة آمنة"),), cue=span(t, "وقال"), speaker=span(t, "المحافظ"))]
    model = [TaggedSpan("CUE", span(t, "وقال")), TaggedSpan("SPEAKER", span(t, "المحافظ")),
             TaggedSpan("CONTENT", span(t, "إن المدينة آمنة"))]
    assert link_with_rules(t, model, rule)[0].content == (span(t, "إن المدينة آمنة"),)
    t2 = "وقال المحافظ إن المدينة آمنة."  # outside quotes the complementiser is trimmed
    rule2 = [Draft(content=(span(t2, "المدينة آمنة"),), cue=span(t2, "وقال"), speaker=span(t2, "المحافظ"))]
    model2 = [TaggedSpan("CUE", span(t2, "وقال")), TaggedSpan("CONTENT", span(t2, "إن المدينة آمنة"))]
    assert link_with_rules(t2, model2, rule2)[0].content == (span(t2, "المدينة آمنة"),)


def test_guided_linker_keeps_a_whole_quotation_as_the_rules_cut_it():
    t = "وقال المحافظ: «نأمل أن تعود الحركة غداً»."
    rule = [Draft(content=(span(t, "نأمل أن تعود الحركة غداً"),), cue=span(t, "وقال"), speaker=span(t, "المحافظ"))]
    model = [TaggedSpan("CUE", span(t, "وقال")), TaggedSpan("SPEAKER", span(t, "المحافظ")),
             TaggedSpan("CONTENT", span(t, "تعود الحركة غداً"))]  # re-cut inside the marks
    assert link_with_rules(t, model, rule)[0].content == rule[0].content
    assert link_with_rules(t, model[:2], rule) == []  # dropping the record is still the model's call
    t2 = "وقال المحافظ إن الحركة «ستعود» غداً."  # not a whole quotation: the model's cut stands
    rule2 = [Draft(content=(span(t2, "الحركة «ستعود» غداً"),), cue=span(t2, "وقال"), speaker=span(t2, "المحافظ"))]
    model2 = [TaggedSpan("CUE", span(t2, "وقال")), TaggedSpan("CONTENT", span(t2, "الحركة «ستعود»"))]
    assert link_with_rules(t2, model2, rule2)[0].content == (span(t2, "الحركة «ستعود»"),)


def test_guided_linker_keeps_the_rules_addressee_the_model_dropped():
    t = "وقال الوزير للصحفيين إن الاقتصاد ينمو."
    rule = [Draft(content=(span(t, "الاقتصاد ينمو"),), cue=span(t, "وقال"), speaker=span(t, "الوزير"),
                  addressee=span(t, "للصحفيين"))]
    model = [TaggedSpan("CUE", span(t, "وقال")), TaggedSpan("SPEAKER", span(t, "الوزير")),
             TaggedSpan("CONTENT", span(t, "الاقتصاد ينمو"))]
    assert link_with_rules(t, model, rule)[0].addressee == span(t, "للصحفيين")


def test_guided_linker_takes_a_speaker_the_rules_missed():
    t = "وقال المعهد ومقره لندن إن الأسعار سترتفع. وأضاف أن الطلب يتراجع."
    rules = [Draft(content=(span(t, "الأسعار سترتفع"),), cue=span(t, "وقال")),
             Draft(content=(span(t, "الطلب يتراجع"),), cue=span(t, "وأضاف"))]
    model = [TaggedSpan("CUE", span(t, "وقال")), TaggedSpan("SPEAKER", span(t, "المعهد ومقره لندن")),
             TaggedSpan("CONTENT", span(t, "الأسعار سترتفع")),
             TaggedSpan("CUE", span(t, "وأضاف")), TaggedSpan("CONTENT", span(t, "الطلب يتراجع"))]
    drafts = link_with_rules(t, model, rules)
    assert drafts[0].speaker == span(t, "المعهد ومقره لندن")
    assert drafts[1].speaker is None  # the next sentence's dropped subject takes no span
    passive = [Draft(content=(span(t, "الأسعار سترتفع"),), cue=span(t, "وقال"), passive=True)]
    assert link_with_rules(t, model, passive)[0].speaker is None


def test_label_bias_moves_decoding_and_rejects_unknown_labels(trained_model):
    from attribution.tagger import ModelTagger

    tagger = ModelTagger.from_pretrained(trained_model)
    words = TEXTS[0].split()
    tagger.set_label_bias({"O": 100.0})
    assert set(tagger.word_labels(words)) == {tagger.labels.index("O")}
    tagger.set_label_bias({"O": -100.0})
    assert tagger.labels.index("O") not in tagger.word_labels(words)
    with pytest.raises(ModelLoadError, match="B-NOPE"):
        tagger.set_label_bias({"B-NOPE": 1.0})


def test_a_large_rule_bias_returns_the_rules_tags(trained_model):
    from attribution.tagger import ModelTagger

    tagger = ModelTagger.from_pretrained(trained_model)
    text = TEXTS[0]
    article = tagger.prepare_many([text])[0]
    rule_tags = [LABELS[f - 1] for f in rule_features(article.tokens, article.drafts)]
    assert set(rule_tags) != {"O"}  # the rules found the record, so the test can tell
    tagger.set_rule_bias(100.0)
    assert [tagger.labels[i] for i in tagger.decode(article.scores, article.features)] == rule_tags
    assert tagger.records(article) == RuleTagger().extract(text)
    tagger.set_label_bias({"O": 100.0})
    tagger.set_rule_bias(0.0)  # without it, the O bias wins everywhere
    assert set(tagger.decode(article.scores, article.features)) == {tagger.labels.index("O")}


def test_rule_bias_is_checked(trained_model):
    from attribution.tagger import ModelTagger

    tagger = ModelTagger.from_pretrained(trained_model)
    with pytest.raises(ModelLoadError, match="rule bias"):
        tagger.set_rule_bias(-1.0)
    tagger.rules = None  # as for a model that does not read the rules' tags
    with pytest.raises(ModelLoadError, match="rule-guided"):
        tagger.set_rule_bias(1.0)


def test_calibration_is_chosen_on_gold_and_saved_with_the_model(tmp_path, trained_model):
    import shutil

    from training.calibrate import calibrate, save_choice

    model = tmp_path / "m"
    shutil.copytree(trained_model, model)
    gold = [doc("g", TEXTS[0], record(TEXTS[0], "indirect", "الاقتصاد ينمو بثبات", "وقال", "الوزير", "الوزير"))]
    best, scores = calibrate(model, gold, grid=(0.0, 200.0), rule_grid=(0.0, 300.0))
    assert set(scores) == {(0.0, 0.0), (0.0, 300.0), (200.0, 0.0), (200.0, 300.0)}
    assert scores[(200.0, 0.0)] == 0.0  # an O bias that large tags nothing: no record found
    assert scores[(200.0, 300.0)] == scores[(0.0, 300.0)] == 1.0  # the rules' own tags: the rules find it
    # ties go to the setting nearest the plain model; the tiny model trained here sometimes finds
    # the record on its own (training on CPU is not bit-for-bit repeatable), and then wins the tie
    assert best == ((0.0, 0.0) if scores[(0.0, 0.0)] == 1.0 else (0.0, 300.0))
    save_choice(model, (200.0, 0.0), scores)
    assert Extractor.from_pretrained(model)(TEXTS[0]) == []  # the saved choice is used on loading
    saved = json.loads((model / "calibration.json").read_text())
    assert saved["chosen"] == {"O": 200.0, "rule": 0.0} and len(saved["grid"]) == 4
    save_choice(model, (200.0, 300.0), scores)
    assert Extractor.from_pretrained(model)(TEXTS[0]) == RuleTagger().extract(TEXTS[0])


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


def test_package_installs_a_model_atomically(tmp_path, trained_model):
    from training.package import package

    target = tmp_path / "models" / "default"
    package(trained_model, target)
    names = {p.name for p in target.iterdir()}
    assert {"config.json", "model.safetensors", "finetune_config.toml", "README.md"} <= names
    assert not (tmp_path / "models" / "default.new").exists()
    Extractor.from_pretrained(str(target))("وقال الوزير إن الاقتصاد ينمو بثبات.")


def test_package_refuses_an_incomplete_model_and_keeps_the_old_one(tmp_path, trained_model):
    from training.package import package

    target = tmp_path / "default"
    package(trained_model, target)
    with pytest.raises(ModelLoadError, match="missing config.json, model.safetensors"):
        package(tmp_path / "nothing-here", target)
    assert (target / "model.safetensors").exists()


def test_precision_is_checked():
    with pytest.raises(ValueError, match="precision must be one of"):
        Extractor.from_pretrained("rules", precision="fp16")


def test_bf16_scores_stay_close_to_fp32(trained_model):
    from attribution.tagger import ModelTagger

    articles = [([t.text for t in tokenize(text)], None) for text in TEXTS]
    full = ModelTagger.from_pretrained(trained_model, precision="fp32").word_scores_many(articles)
    half = ModelTagger.from_pretrained(trained_model, precision="bf16").word_scores_many(articles)
    assert [s.shape for s in full] == [s.shape for s in half]
    # bf16 keeps 8 bits of mantissa: log-probabilities move by a few hundredths, not more
    assert max(abs(a - b).max() for a, b in zip(full, half)) < 0.1
    assert any(abs(a - b).max() > 0 for a, b in zip(full, half))  # bf16 really ran
    text = TEXTS[0] + " " + TEXTS[2]
    for r in Extractor.from_pretrained(trained_model, precision="bf16")(text):
        for _, span in r.spans():
            assert text[span.start : span.end] == span.text


def test_pretraining_runs_saves_a_standard_encoder_and_resumes(tmp_path):
    from transformers import AutoModelForMaskedLM

    from training.pretrain import PretrainConfig, run

    corpus = tmp_path / "articles.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for i, text in enumerate(TEXTS * 10):
            handle.write(json.dumps({"id": str(i), "source": "p", "text": text}, ensure_ascii=False) + "\n")
    config = PretrainConfig(out_dir=str(tmp_path / "run"), corpus=str(corpus), vocab_size=200, hidden_size=32,
                            num_layers=1, num_heads=2, intermediate_size=64, block_size=32, batch_size=4,
                            max_steps=2, save_steps=2, logging_steps=1)
    final = run(config)
    saved = json.loads((final / "config.json").read_text(encoding="utf-8"))
    assert saved["architectures"] == ["BertForMaskedLM"]
    # trained without dropout, saved with BERT's fine-tuning rate
    assert saved["hidden_dropout_prob"] == saved["attention_probs_dropout_prob"] == 0.1
    assert not any(p.suffix in (".bin", ".pt", ".pkl") for p in final.iterdir())
    AutoModelForMaskedLM.from_pretrained(final, use_safetensors=True)
    # a longer run picks up from the last checkpoint: a mark left in its state carries over
    state_file = tmp_path / "run" / "checkpoints" / "checkpoint-2" / "trainer_state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert state["global_step"] == 2
    state["log_history"].append({"step": 2, "resumed_from_here": True})
    state_file.write_text(json.dumps(state), encoding="utf-8")
    config.max_steps = 3
    run(config)
    resumed = json.loads((tmp_path / "run" / "checkpoints" / "checkpoint-3" / "trainer_state.json").read_text(encoding="utf-8"))
    assert resumed["global_step"] == 3
    assert {"step": 2, "resumed_from_here": True} in resumed["log_history"]


def test_pretraining_goes_on_from_an_earlier_encoder(tmp_path):
    """``init_from``: a second run starts from the first run's weights, keeps its tokenizer and
    architecture, and saves a standard encoder with fine-tuning's dropout."""
    import torch
    from safetensors.torch import load_file

    from training.pretrain import PretrainConfig, run

    corpus = tmp_path / "articles.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for i, text in enumerate(TEXTS * 10):
            handle.write(json.dumps({"id": str(i), "source": "p", "text": text}, ensure_ascii=False) + "\n")
    small = dict(corpus=str(corpus), vocab_size=200, hidden_size=32, num_layers=1, num_heads=2,
                 intermediate_size=64, block_size=32, batch_size=4, save_steps=100, logging_steps=1)
    first = run(PretrainConfig(out_dir=str(tmp_path / "one"), max_steps=2, **small))
    # the second run's own architecture settings differ: the encoder it starts from decides
    second = run(PretrainConfig(out_dir=str(tmp_path / "two"), max_steps=1, init_from=str(first),
                                **{**small, "hidden_size": 64, "learning_rate": 0.0}))
    assert (tmp_path / "two" / "tokenizer" / "tokenizer.json").read_text(encoding="utf-8") == \
        (first / "tokenizer.json").read_text(encoding="utf-8")
    saved = json.loads((second / "config.json").read_text(encoding="utf-8"))
    assert saved["hidden_size"] == 32 and saved["hidden_dropout_prob"] == 0.1
    a, b = load_file(first / "model.safetensors"), load_file(second / "model.safetensors")
    assert a.keys() == b.keys()
    # a learning rate of 0 leaves the weights as the first run saved them
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_soup_averages_weights_and_loads(trained_model, tmp_path):
    import torch
    from safetensors.torch import load_file, save_file

    from training.soup import soup

    # a second member: the same model with every weight shifted by 1, so the average is +0.5
    other = tmp_path / "other"
    shutil.copytree(trained_model, other)
    state = load_file(str(other / "model.safetensors"))
    save_file({k: (v.float() + 1).to(v.dtype) for k, v in state.items()}, str(other / "model.safetensors"))
    out = soup([trained_model, other], tmp_path / "soup")
    averaged, original = load_file(str(out / "model.safetensors")), load_file(str(trained_model / "model.safetensors"))
    name = next(k for k, v in original.items() if v.is_floating_point())
    assert torch.allclose(averaged[name].float(), original[name].float() + 0.5, atol=1e-2)
    records = Extractor.from_pretrained(out)(TEXTS[0])
    for r in records:
        for _, span in r.spans():
            assert TEXTS[0][span.start : span.end] == span.text


def test_soup_refuses_a_lone_or_foreign_member(trained_model, tmp_path):
    from training.soup import soup

    with pytest.raises(ValueError, match="at least two"):
        soup([trained_model], tmp_path / "soup")
    with pytest.raises(ModelLoadError, match="no model.safetensors"):
        soup([trained_model, tmp_path], tmp_path / "soup")
