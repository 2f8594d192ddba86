"""The scorer against hand-computed figures (SCORING.md restated in eval/GUIDELINES.md).

Letter counts used below (letters and digits only):
  "الماء بارد" = 5 + 4 = 9 letters, "جدا" = 3, "البيت كبير" = 5 + 4 = 9, "ونحن سعداء" = 4 + 5 = 9.
"""

from __future__ import annotations

import json

import pytest

from eval.who_said_what.scoring import (
    BOOTSTRAP_SEED,
    bootstrap,
    document_counts,
    name_words,
    names_match,
    score,
)
from helpers import doc, record

TEXT = "قال علي إن الماء بارد جدا. وأضاف سعيد أن البيت كبير. وتابع: «ونحن سعداء»."


def gold_doc():
    return doc(
        "d1",
        TEXT,
        record(TEXT, "indirect", "الماء بارد جدا", "قال", "علي", "علي حسن"),
        record(TEXT, "indirect", "البيت كبير", "وأضاف", "سعيد", "سعيد"),
        record(TEXT, "direct", "ونحن سعداء", "وتابع", None, "سعيد"),
    ).to_dict()


def overall(gold, pred, **kw):
    return score(gold, pred, resamples=kw.pop("resamples", 20))["figures"]["overall"]


def test_perfect_prediction_scores_one_everywhere():
    g = gold_doc()
    row = overall([g], [g])
    for key in ("record_f1", "record_f1_exact", "content_f1", "content_f1@0.3", "content_f1@0.8",
                "speaker_accuracy", "cue_accuracy", "kind_accuracy"):
        assert row[key] == 1.0, key
    assert (row["gold"], row["predicted"], row["matched"]) == (3, 3, 3)


def test_empty_predictions_give_zero_recall_and_no_accuracy():
    g = gold_doc()
    row = overall([g], [{"doc_id": "d1", "attributions": []}])
    assert row["record_f1_recall"] == 0.0
    assert row["record_f1_precision"] == 0.0  # zero denominator with gold present -> 0.0
    assert row["record_f1"] == 0.0
    assert row["speaker_accuracy"] is None  # no matched pairs to judge


def test_missing_prediction_document_counts_as_empty():
    g = gold_doc()
    assert overall([g], [])["record_f1_recall"] == 0.0


def test_empty_gold_makes_every_prediction_a_false_positive():
    g = gold_doc()
    empty_gold = {**g, "attributions": []}
    row = overall([empty_gold], [g])
    assert (row["gold"], row["predicted"]) == (0, 3)
    assert row["record_f1_precision"] == 0.0 and row["record_f1"] == 0.0


def test_nothing_to_score_is_undefined_not_zero():
    g = {**gold_doc(), "attributions": []}
    row = overall([g], [g])
    assert row["record_f1"] is None and row["content_f1"] is None


def test_split_content_partial_prediction():
    text = TEXT
    gold = doc("d", text, record(text, "indirect", ["الماء بارد", "جدا"], "قال", "علي", "علي")).to_dict()
    pred = doc("d", text, record(text, "indirect", "الماء بارد", "قال", "علي", "علي")).to_dict()
    row = overall([gold], [pred])
    # Dice = 2*9 / (12 + 9) = 0.857 >= 0.5: matched, speaker right -> record F1 1.0
    assert row["record_f1"] == 1.0 and row["content_f1"] == 1.0
    # letter sets differ -> not exact
    assert row["record_f1_exact"] == 0.0
    # coverage = 9/12 = 0.75: above 0.3, not above 0.8
    assert row["content_f1@0.3"] == 1.0 and row["content_f1@0.8"] == 0.0


def test_low_overlap_is_not_a_match_but_counts_at_coverage_0_3():
    text = TEXT
    gold = doc("d", text, record(text, "indirect", "الماء بارد جدا", "قال", "علي", "علي")).to_dict()
    # "بارد" = 4 letters of 12: Dice = 8/16 = 0.5 -> matched (threshold inclusive)
    pred = doc("d", text, record(text, "indirect", "بارد", "قال", "علي", "علي")).to_dict()
    assert overall([gold], [pred])["content_f1"] == 1.0
    # "جدا" = 3 of 12: Dice = 6/15 = 0.4 -> no match; coverage 0.25 -> not above 0.3 either
    pred = doc("d", text, record(text, "indirect", "جدا", "قال", "علي", "علي")).to_dict()
    row = overall([gold], [pred])
    assert row["content_f1"] == 0.0 and row["content_f1@0.3"] == 0.0
    # "الماء" = 5 of 12: Dice = 10/17 = 0.588 -> match; coverage 0.417 > 0.3
    pred = doc("d", text, record(text, "indirect", "الماء", "قال", "علي", "علي")).to_dict()
    row = overall([gold], [pred])
    assert row["content_f1"] == 1.0 and row["content_f1@0.3"] == 1.0 and row["content_f1@0.8"] == 0.0


@pytest.mark.parametrize(
    ("gold_speaker", "gold_name", "pred_speaker", "pred_name", "correct"),
    [
        (None, None, None, None, True),          # both unnamed: right
        ("سعيد", "سعيد", "سعيد", None, True),     # spans share letters: right, whatever the name
        (None, "سعيد", None, "سعيد", True),       # both dropped subjects, names match
        (None, "سعيد", None, None, False),        # gold knows the source, prediction does not
        (None, None, None, "سعيد", False),        # prediction invents a source
        (None, "علي حسن", None, "حسن", True),     # Dice of word sets = 2*1/(2+1) = 0.67
        (None, "علي حسن محمد", None, "حسن", True),  # 2*1/(3+1) = 0.5: inclusive
        (None, "علي حسن محمد عمر", None, "حسن", False),  # 2*1/(4+1) = 0.4
        ("علي", "علي", "سعيد", "سعيد", False),    # different spans, different names
    ],
)
def test_speaker_correctness(gold_speaker, gold_name, pred_speaker, pred_name, correct):
    text = TEXT
    g = doc("d", text, record(text, "indirect", "البيت كبير", "وأضاف", gold_speaker, gold_name)).to_dict()
    p = doc("d", text, record(text, "indirect", "البيت كبير", "وأضاف", pred_speaker, pred_name)).to_dict()
    row = overall([g], [p])
    assert row["speaker_accuracy"] == (1.0 if correct else 0.0)
    assert row["record_f1"] == (1.0 if correct else 0.0)
    assert row["content_f1"] == 1.0


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("فلاديمير بوتين", "الرئيس فلاديمير بوتين", True),  # 2*2/(2+3) = 0.8
        ("أحمد", "احمد", True),                            # alef forms
        ("الكرملين", "كرملين", True),                      # leading ال
        ("والرئيس", "رئيس", True),                         # leading و, then ال
        ("وزارة", "وزاره", True),                          # teh marbuta (و dropped from both)
        ("مصطفى", "مصطفي", True),                          # alef maksura
        ("بوتِين", "بوتين", True),                         # diacritics
        ("بوتـين", "بوتين", True),                         # tatweel
        ("كيم", "بوتين", False),
        ("", "بوتين", False),
    ],
)
def test_name_matching_normalisation(a, b, match):
    assert names_match(a, b) is match


def test_name_words_normalise_each_word():
    assert name_words("وزير الخارجية") == {"زير", "خارجيه"}  # و dropped once, then no ال


def test_cue_and_kind_accuracy():
    text = TEXT
    g = doc("d", text, record(text, "direct", "ونحن سعداء", "وتابع", None, "سعيد")).to_dict()
    p = doc("d", text, record(text, "mixed", "ونحن سعداء", "قال", None, "سعيد")).to_dict()
    row = overall([g], [p])
    assert row["cue_accuracy"] == 0.0 and row["kind_accuracy"] == 0.0
    assert row["record_f1"] == 1.0  # who said what is still right
    assert row["record_f1_exact"] == 0.0  # the cue is wrong


def test_one_to_one_matching_is_optimal_not_greedy():
    # gold A = "الماء بارد جدا" (12), gold B = "الماء بارد" (9) -- overlapping gold contents.
    # pred P1 = "الماء بارد جدا" matches A exactly (1.0) and B at 18/21 = 0.857;
    # pred P2 = "الماء" matches B at 10/14 = 0.714 and A at 10/17 = 0.588.
    # Greedy by best pair (P1-A) then P2-B: 2 matches; an optimal assignment also finds 2.
    # But swap: if P1 took B first, P2 could still take A: one-to-one must give 2 matches.
    text = TEXT
    g = doc("d", text,
            record(text, "indirect", "الماء بارد جدا", "قال", "علي", "علي"),
            record(text, "indirect", "الماء بارد", "قال", "علي", "علي")).to_dict()
    p = doc("d", text,
            record(text, "indirect", "الماء", "قال", "علي", "علي"),
            record(text, "indirect", "الماء بارد جدا", "قال", "علي", "علي")).to_dict()
    counts = document_counts(g, p)
    assert counts["overall|matched"] == 2
    # and exactly one pair has equal letter sets (P1-A); P2-B is not exact
    assert counts["overall|exact_ok"] == 1


def test_by_kind_unmatched_prediction_counts_against_its_own_kind():
    g = gold_doc()  # indirect, indirect, direct
    text = g["text"]
    extra = record(text, "mixed", "قال علي", None, None, None).to_dict()
    pred = {**g, "attributions": g["attributions"] + [extra]}
    figures = score([g], [pred], resamples=10)["figures"]
    assert figures["mixed"]["gold"] == 0 and figures["mixed"]["predicted"] == 1
    assert figures["mixed"]["record_f1_precision"] == 0.0
    assert figures["indirect"]["record_f1"] == 1.0
    assert figures["direct"]["record_f1"] == 1.0
    assert figures["overall"]["record_f1_precision"] == pytest.approx(3 / 4)


def test_matched_pair_counts_under_gold_kind():
    text = TEXT
    g = doc("d", text, record(text, "direct", "ونحن سعداء", "وتابع", None, "سعيد")).to_dict()
    p = doc("d", text, record(text, "indirect", "ونحن سعداء", "وتابع", None, "سعيد")).to_dict()
    figures = score([g], [p], resamples=10)["figures"]
    assert figures["direct"]["record_f1"] == 1.0
    assert figures["indirect"]["record_f1"] is None
    assert figures["direct"]["kind_accuracy"] == 0.0


def test_micro_average_over_documents():
    g1 = gold_doc()
    g2 = {**gold_doc(), "doc_id": "d2"}
    p1 = g1
    p2 = {**g2, "attributions": g2["attributions"][:1]}
    row = overall([g1, g2], [p1, p2])
    # 4 true positives, 4 predicted, 6 gold: P 1.0, R 0.667, F1 0.8
    assert row["record_f1_precision"] == 1.0
    assert row["record_f1_recall"] == pytest.approx(4 / 6)
    assert row["record_f1"] == pytest.approx(0.8)


def test_bootstrap_is_seeded_and_brackets_constant_scores():
    g = gold_doc()
    per_doc = [document_counts(g, g)] * 5
    a = bootstrap(per_doc, resamples=50, seed=BOOTSTRAP_SEED)
    b = bootstrap(per_doc, resamples=50, seed=BOOTSTRAP_SEED)
    assert a == b
    assert a["overall"]["record_f1"] == (1.0, 1.0)
    assert a["mixed"]["record_f1"] is None


def test_bootstrap_interval_widens_with_varied_documents():
    g1 = gold_doc()
    g2 = {**gold_doc(), "doc_id": "d2"}
    per_doc = [document_counts(g1, g1), document_counts(g2, {"doc_id": "d2", "attributions": []})]
    low, high = bootstrap(per_doc, resamples=200)["overall"]["record_f1"]
    assert low == 0.0 and high == 1.0


def test_predictions_for_unknown_documents_are_refused():
    with pytest.raises(ValueError, match="not in the gold set"):
        score([gold_doc()], [{"doc_id": "other", "attributions": []}])


def test_evaluate_module_loads_offline_from_its_path():
    import evaluate

    metric = evaluate.load("eval/who_said_what")
    g = gold_doc()
    result = metric.compute(predictions=[json.dumps(g)], references=[json.dumps(g)], resamples=5)
    assert result["figures"]["overall"]["record_f1"] == 1.0
    assert result["documents"] == 1
