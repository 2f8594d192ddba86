"""The who-said-what scoring protocol (the project's restatement of SCORING.md), standalone.

This file depends on nothing but the standard library, NumPy and SciPy, so that the
``evaluate`` metric module beside it can load it from a path with no project installed.
It works on documents in the gold JSON format (``{"doc_id", "text", "attributions"}``).

Units
    A span's *letters* are its positions holding a letter or digit (Unicode L*, N*). A record's
    content letters are the union over its content spans. Dice overlap ``2|a∩b|/(|a|+|b|)``;
    coverage ``|gold∩pred|/|gold|``.

Matching
    Per document, predicted and gold records are paired one to one by the assignment that
    maximises total content Dice over the pairs eligible for matching (Dice ≥ 0.5; a pair below
    the threshold contributes nothing and is never kept). The coverage figures (@0.3, @0.8) use
    their own one-to-one assignment, maximising total coverage over pairs with coverage above
    the threshold: with Dice matching any matched pair already has coverage > 1/4, so reading
    them off the Dice pairs would make @0.3 a copy of content F1.

Counting by kind
    A matched pair counts under its gold record's kind; an unmatched gold record under its own
    kind; an unmatched predicted record under the kind it predicts.

Undefined figures
    When a slice has no gold and no predicted records, its P/R/F1 are ``None``; otherwise a zero
    denominator gives 0.0. Accuracies over zero matched pairs are ``None``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

KINDS = ("direct", "indirect", "mixed")
SLICES = ("overall", *KINDS)
DICE_THRESHOLD = 0.5
NAME_THRESHOLD = 0.5
COVERAGE_THRESHOLDS = (0.3, 0.8)
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20231
# Figure name -> (true-positive counter, denominator kind). "f1" figures use pred/gold counters
# of their matching; "acc" figures divide by matched pairs.
F1_FIGURES = {
    "record_f1": ("speaker_ok", "dice"),
    "record_f1_exact": ("exact_ok", "dice"),
    "content_f1": ("matched", "dice"),
    "content_f1@0.3": ("cov0.3_tp", "cov0.3"),
    "content_f1@0.8": ("cov0.8_tp", "cov0.8"),
}
ACCURACY_FIGURES = {
    "speaker_accuracy": "speaker_ok",
    "cue_accuracy": "cue_ok",
    "kind_accuracy": "kind_ok",
}

_DIACRITICS_AND_TATWEEL = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_LETTER_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


# --- units -----------------------------------------------------------------------------------


def letters(text: str, spans: Iterable[Mapping[str, Any]]) -> frozenset[int]:
    """Positions inside the spans that hold a letter or digit."""
    out: set[int] = set()
    for span in spans:
        for i in range(span["start"], span["end"]):
            if unicodedata.category(text[i])[0] in "LN":
                out.add(i)
    return frozenset(out)


def dice(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def coverage(gold: frozenset[int], pred: frozenset[int]) -> float:
    return len(gold & pred) / len(gold) if gold else 0.0


def normalise_word(word: str) -> str:
    """SCORING.md's name normalisation: strip marks and tatweel, unify letters, drop و and ال."""
    word = "".join(ch for ch in word if ch not in _DIACRITICS_AND_TATWEEL)
    word = unicodedata.normalize("NFC", word).translate(_LETTER_MAP)
    if word.startswith("و") and len(word) > 1:
        word = word[1:]
    if word.startswith("ال") and len(word) > 2:
        word = word[2:]
    return word


def name_words(name: str) -> frozenset[str]:
    words = (normalise_word(w) for w in name.split())
    return frozenset(w for w in words if w)


def names_match(a: str | None, b: str | None) -> bool:
    """Dice of the normalised word sets ≥ 0.5 (both names must be given)."""
    if a is None or b is None:
        return False
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= NAME_THRESHOLD


# --- judging a matched pair ------------------------------------------------------------------


def _span_letters(text: str, span: Mapping[str, Any] | None) -> frozenset[int]:
    return frozenset() if span is None else letters(text, [span])


def speaker_correct(text: str, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    if gold.get("speaker_name") is None and pred.get("speaker_name") is None:
        return True
    if _span_letters(text, gold.get("speaker")) & _span_letters(text, pred.get("speaker")):
        return True
    return names_match(gold.get("speaker_name"), pred.get("speaker_name"))


def cue_correct(text: str, gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    if gold.get("cue") is None and pred.get("cue") is None:
        return True
    return bool(_span_letters(text, gold.get("cue")) & _span_letters(text, pred.get("cue")))


# --- matching --------------------------------------------------------------------------------


def assign(scores: np.ndarray, eligible: np.ndarray) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold) maximising the total score over eligible pairs."""
    if scores.size == 0:
        return []
    weights = np.where(eligible, scores, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols) if eligible[r, c]]


def _count_matching(
    counts: Counter[str],
    pairs: list[tuple[int, int]],
    gold_kinds: Sequence[str],
    pred_kinds: Sequence[str],
    prefix: str,
) -> None:
    """Add the pred/gold denominators of one matching, sliced by kind."""
    matched_pred = {p for p, _ in pairs}
    for p, g in pairs:
        counts[f"overall|{prefix}pred"] += 1
        counts[f"{gold_kinds[g]}|{prefix}pred"] += 1
    for p, kind in enumerate(pred_kinds):
        if p not in matched_pred:
            counts[f"overall|{prefix}pred"] += 1
            counts[f"{kind}|{prefix}pred"] += 1


def document_counts(gold_doc: Mapping[str, Any], pred_doc: Mapping[str, Any]) -> Counter[str]:
    """Additive counters for one document: ``"slice|counter" -> n``.

    Keeping documents as counters makes micro-averaging and bootstrap resampling a sum.
    """
    text = gold_doc["text"]
    gold = list(gold_doc.get("attributions") or [])
    pred = list(pred_doc.get("attributions") or [])
    gold_letters = [letters(text, r["content"]) for r in gold]
    pred_letters = [letters(text, r["content"]) for r in pred]
    gold_kinds = [r["kind"] for r in gold]
    pred_kinds = [r["kind"] for r in pred]
    counts: Counter[str] = Counter()
    for kind in gold_kinds:
        counts["overall|gold"] += 1
        counts[f"{kind}|gold"] += 1

    shape = (len(pred), len(gold))
    dice_m = np.zeros(shape)
    cov_m = np.zeros(shape)
    for p, pl in enumerate(pred_letters):
        for g, gl in enumerate(gold_letters):
            dice_m[p, g] = dice(pl, gl)
            cov_m[p, g] = coverage(gl, pl)

    pairs = assign(dice_m, dice_m >= DICE_THRESHOLD)
    _count_matching(counts, pairs, gold_kinds, pred_kinds, "")
    for p, g in pairs:
        g_rec, p_rec = gold[g], pred[p]
        speaker_ok = speaker_correct(text, g_rec, p_rec)
        cue_ok = cue_correct(text, g_rec, p_rec)
        flags = {
            "matched": True,
            "speaker_ok": speaker_ok,
            "cue_ok": cue_ok,
            "kind_ok": g_rec["kind"] == p_rec["kind"],
            "exact_ok": gold_letters[g] == pred_letters[p] and speaker_ok and cue_ok,
        }
        for name, ok in flags.items():
            if ok:
                counts[f"overall|{name}"] += 1
                counts[f"{gold_kinds[g]}|{name}"] += 1

    for threshold in COVERAGE_THRESHOLDS:
        prefix = f"cov{threshold}_"
        cov_pairs = assign(cov_m, cov_m > threshold)
        _count_matching(counts, cov_pairs, gold_kinds, pred_kinds, prefix)
        for _, g in cov_pairs:
            counts[f"overall|{prefix}tp"] += 1
            counts[f"{gold_kinds[g]}|{prefix}tp"] += 1
    return counts


# --- figures ---------------------------------------------------------------------------------


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    if n_pred == 0 and n_gold == 0:
        return None, None, None
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def figures(counts: Mapping[str, int]) -> dict[str, dict[str, float | int | None]]:
    """Every figure of the protocol for every slice, from summed counters."""
    out: dict[str, dict[str, float | int | None]] = {}
    for slice_ in SLICES:
        c = lambda name: int(counts.get(f"{slice_}|{name}", 0))  # noqa: E731
        row: dict[str, float | int | None] = {
            "gold": c("gold"),
            "predicted": c("pred"),
            "matched": c("matched"),
        }
        for figure, (tp_name, matching) in F1_FIGURES.items():
            pred_name = "pred" if matching == "dice" else f"{matching}_pred"
            p, r, f = _prf(c(tp_name), c(pred_name), c("gold"))
            row[f"{figure}_precision"], row[f"{figure}_recall"], row[figure] = p, r, f
        for figure, tp_name in ACCURACY_FIGURES.items():
            row[figure] = c(tp_name) / c("matched") if c("matched") else None
        out[slice_] = row
    return out


HEADLINE_FIGURES = (*F1_FIGURES, *ACCURACY_FIGURES)


def bootstrap(
    per_doc: Sequence[Counter[str]],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, dict[str, tuple[float, float] | None]]:
    """95% percentile intervals over documents resampled with replacement (fixed seed)."""
    rng = np.random.default_rng(seed)
    n = len(per_doc)
    samples: dict[tuple[str, str], list[float]] = {}
    if n:
        for _ in range(resamples):
            total: Counter[str] = Counter()
            for i in rng.integers(0, n, size=n):
                total.update(per_doc[i])
            for slice_, row in figures(total).items():
                for figure in HEADLINE_FIGURES:
                    value = row[figure]
                    if value is not None:
                        samples.setdefault((slice_, figure), []).append(float(value))
    out: dict[str, dict[str, tuple[float, float] | None]] = {}
    for slice_ in SLICES:
        out[slice_] = {}
        for figure in HEADLINE_FIGURES:
            values = samples.get((slice_, figure))
            out[slice_][figure] = (
                (float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5)))
                if values
                else None
            )
    return out


def pair_documents(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """Gold and predicted documents paired by doc_id; a gold document with no prediction
    counts as predicting nothing, a prediction for an unknown or differing text is an error."""
    by_id: dict[str, Mapping[str, Any]] = {}
    for doc in predicted:
        if doc["doc_id"] in by_id:
            raise ValueError(f"predictions hold document {doc['doc_id']!r} twice")
        by_id[doc["doc_id"]] = doc
    gold_ids = {doc["doc_id"] for doc in gold}
    unknown = sorted(set(by_id) - gold_ids)
    if unknown:
        raise ValueError(f"predictions for documents not in the gold set: {', '.join(unknown)}")
    pairs = []
    for doc in gold:
        pred = by_id.get(doc["doc_id"], {"doc_id": doc["doc_id"], "attributions": []})
        if "text" in pred and pred["text"] != doc["text"]:
            raise ValueError(f"document {doc['doc_id']!r}: predicted text differs from gold text")
        pairs.append((doc, pred))
    return pairs


def score(
    gold: Sequence[Mapping[str, Any]],
    predicted: Sequence[Mapping[str, Any]],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, Any]:
    """Score predicted documents against gold documents: figures, intervals, per-doc counts."""
    per_doc = [document_counts(g, p) for g, p in pair_documents(gold, predicted)]
    total: Counter[str] = Counter()
    for counts in per_doc:
        total.update(counts)
    return {
        "figures": figures(total),
        "intervals": bootstrap(per_doc, resamples, seed),
        "documents": len(per_doc),
        "per_document": {
            doc["doc_id"]: figures(counts)["overall"] for doc, counts in zip(gold, per_doc)
        },
    }
