"""The standoff training-set loader, on a tiny corpus and standoff file the tests make."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from attribution.errors import InputError
from helpers import doc, record
from training.annotations import extend, split
from training.corpus import as_dataset, load_standoff, text_hash, to_standoff

TEXT = "وقال المتحدث إن الرحلات ستستأنف. وأضاف: «الوضع آمن»."
OTHER = "افتتح الأمير المعرض أمس."


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i, text in (("a1", TEXT), ("a2", OTHER)):
            handle.write(json.dumps({"id": i, "source": "paper", "title": "", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture()
def standoff(tmp_path):
    d1 = doc("a1", TEXT,
             record(TEXT, "indirect", "الرحلات ستستأنف", "وقال", "المتحدث", "المتحدث"),
             record(TEXT, "direct", "الوضع آمن", "وأضاف", None, "المتحدث"))
    d2 = doc("a2", OTHER)
    path = tmp_path / "annotations.jsonl"
    path.write_text("".join(json.dumps(to_standoff(d, "paper"), ensure_ascii=False) + "\n" for d in (d1, d2)),
                    encoding="utf-8")
    return path, [d1, d2]


def test_standoff_holds_no_article_text(standoff):
    path, _ = standoff
    raw = path.read_text(encoding="utf-8")
    assert "الرحلات ستستأنف" not in raw and "افتتح" not in raw


def test_loader_joins_corpus_and_restores_documents(corpus, standoff):
    path, expected = standoff
    assert list(load_standoff(path, corpus)) == expected


def test_loader_takes_articles_as_an_iterable(standoff):
    path, expected = standoff
    articles = [{"id": "a2", "text": OTHER}, {"id": "a1", "text": TEXT}]
    assert list(load_standoff(path, articles)) == expected


def test_changed_text_is_refused(standoff):
    path, _ = standoff
    articles = [{"id": "a1", "text": TEXT + " "}, {"id": "a2", "text": OTHER}]
    with pytest.raises(InputError, match=r"annotations\.jsonl:1: article 'a1'.*sha256 mismatch"):
        list(load_standoff(path, articles))


def test_missing_article_is_refused(standoff):
    path, _ = standoff
    with pytest.raises(InputError, match="'a2': not in the corpus"):
        list(load_standoff(path, [{"id": "a1", "text": TEXT}]))


def test_span_outside_the_article_is_refused(tmp_path):
    entry = {"id": "a2", "sha256": text_hash(OTHER), "attributions": [
        {"kind": "indirect", "cue": None, "speaker": None, "speaker_name": None,
         "content": [[5, 500]], "addressee": None, "via": None}]}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1: article 'a2', record 0 content: span \[5, 500\)"):
        list(load_standoff(path, [{"id": "a2", "text": OTHER}]))


def test_dataset_view(standoff):
    path, _ = standoff
    ds = as_dataset(load_standoff(path, [{"id": "a1", "text": TEXT}, {"id": "a2", "text": OTHER}]))
    assert ds.num_rows == 2 and ds[0]["doc_id"] == "a1" and len(ds[0]["attributions"]) == 2


def test_split_is_stratified_and_seeded(tmp_path):
    path = tmp_path / "s.jsonl"
    lines = [json.dumps({"id": f"{src}-{i}", "source": src, "sha256": "", "attributions": []})
             for src in ("p", "q") for i in range(10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two = split(path, 0.2, 7), split(path, 0.2, 7)
    assert one == two
    assert len(one["validation"]) == 4 and len(one["train"]) == 16
    assert sum(v.startswith("p-") for v in one["validation"]) == 2
    assert not set(one["train"]) & set(one["validation"])


def test_extend_keeps_old_assignments_and_splits_new_articles_by_paper(tmp_path):
    path = tmp_path / "s.jsonl"
    old = [f"{src}-{i}" for src in ("p", "q") for i in range(5)]
    new = [f"{src}-n{i}" for src in ("p", "q") for i in range(4)]
    path.write_text("\n".join(json.dumps({"id": i, "source": i[0], "attributions": []}) for i in old + new) + "\n",
                    encoding="utf-8")
    current = {"train": old[1:5] + old[6:], "validation": [old[0], old[5]]}
    only_train = extend(path, current)
    assert only_train["validation"] == current["validation"] and set(only_train["extended_train"]) == set(new)
    halved = extend(path, current, validation=0.5, seed=3)
    assert halved == extend(path, current, validation=0.5, seed=3)
    assert set(current["validation"]) < set(halved["validation"]) and set(current["train"]) < set(halved["train"])
    assert len(halved["extended_validation"]) == 4
    assert sum(i.startswith("p-") for i in halved["extended_validation"]) == 2
    assert not set(halved["train"]) & set(halved["validation"])


def _anchor_file(directory, doc_id, records):
    directory.mkdir(exist_ok=True)
    (directory / f"{doc_id}.json").write_text(
        json.dumps({"doc_id": doc_id, "records": records}, ensure_ascii=False), encoding="utf-8")


def test_build_appends_a_new_round_and_refuses_a_relabelled_article(tmp_path, corpus):
    from attribution.errors import AttributionError
    from training.annotations import build

    out = tmp_path / "annotations.jsonl"
    first, second = tmp_path / "round1", tmp_path / "round2"
    _anchor_file(first, "a1", [{"anchor": "وقال المتحدث", "kind": "indirect", "cue": "وقال", "speaker": "المتحدث",
                                "speaker_name": "المتحدث", "content": ["الرحلات ستستأنف"]}])
    _anchor_file(second, "a2", [])
    assert build(first, str(corpus), out)[:2] == (1, 1)
    assert build(second, str(corpus), out, append=True)[:2] == (1, 0)
    docs = {d.doc_id: d for d in load_standoff(out, corpus)}
    assert set(docs) == {"a1", "a2"} and docs["a1"].attributions[0].content[0].text == "الرحلات ستستأنف"
    before = out.read_text(encoding="utf-8")
    with pytest.raises(AttributionError, match="a1 is already in"):
        build(first, str(corpus), out, append=True)
    assert out.read_text(encoding="utf-8") == before  # the failed run left the file whole


def test_quoted_draw_keeps_only_articles_holding_a_quotation():
    from training.draw import draw, has_quotation

    filler = " وأضاف أن العمل مستمر." * 20  # past the 300-character minimum
    speech = {"id": "a", "source": "p", "text": "وقال الوزير: «إن الرحلات ستستأنف الأسبوع المقبل»." + filler}
    name_in_marks = {"id": "b", "source": "p", "text": "زار «الوزير» المدينة." + filler}
    assert has_quotation(speech["text"], 5) and not has_quotation(name_in_marks["text"], 5)
    assert draw([speech, name_in_marks], 1, 1, 0, quoted=5)["sources"] == {"p": ["a"]}
    assert draw([name_in_marks], 1, 1, 0, quoted=5)["sources"] == {}
    assert draw([name_in_marks], 1, 1, 0)["sources"] == {"p": ["b"]}  # without --quoted: every article


@pytest.mark.parametrize("text, credited", [
    ("وقال المتحدث للصحافيين (أ ف ب) إن المحادثات مستمرة.", True),
    ("ذكرت وكالة رويترز أن الاجتماع تأجل.", True),
    ("موسكو - وكالات: أعلن الكرملين أن القمة ستعقد.", True),
    ("بوتين وكيم في القاعدة (أ.ب)", True),
    ("وقال الوزير إن المشروع يخدم الأهالي في المنطقة.", False),
    ("افتتح أفباء المعرض.", False),  # the initials inside a word are no credit
])
def test_wire_credit_spots_international_agencies(text: str, credited: bool) -> None:
    from training.draw import credits_wire

    assert credits_wire(text) is credited


def test_wire_draw_keeps_only_credited_articles() -> None:
    from training.draw import draw

    filler = " وأضاف أن العمل مستمر." * 20
    wire = {"id": "a", "source": "p", "text": "واشنطن (رويترز) - قال البيت الأبيض إن الرئيس سيزور المنطقة." + filler}
    local = {"id": "b", "source": "p", "text": "قال أمير المنطقة إن المشروع سيفتتح قريبا." + filler}
    assert draw([wire, local], 1, 1, 0, wire=True)["sources"] == {"p": ["a"]}
    assert draw([local], 1, 1, 0, wire=True)["sources"] == {}


CONFIGS = sorted((Path(__file__).resolve().parents[1] / "training" / "configs").glob("*.toml"))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_every_shipped_config_loads(path):
    # a typo in a shipped config (an unknown key) fails here, not an hour into a user's run
    from training.config import load_config
    from training.finetune import FinetuneConfig
    from training.pretrain import PretrainConfig

    cls = PretrainConfig if path.stem.startswith("pretrain") else FinetuneConfig
    config = load_config(cls, path)
    assert config.out_dir.startswith("runs/")


def test_an_unknown_config_key_names_the_file_and_key(tmp_path):
    from training.config import load_config
    from training.finetune import FinetuneConfig

    bad = tmp_path / "bad.toml"
    bad.write_text('out_dir = "runs/x"\nlearning_rat = 1e-4\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml: unknown setting\(s\) learning_rat"):
        load_config(FinetuneConfig, bad)
