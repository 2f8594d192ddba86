"""`evaluate` metric module for who-said-what attribution records.

Load it offline from its folder::

    import evaluate
    metric = evaluate.load("eval/who_said_what")
    metric.compute(predictions=[json.dumps(pred_doc)], references=[json.dumps(gold_doc)])

Each prediction and reference is one document in the gold JSON format, as a JSON string
(``{"doc_id", "text", "attributions": [...]}``): nested span records do not fit Arrow's
fixed features, and a string keeps the format exactly as it is on disk. The protocol itself
lives in ``scoring.py`` beside this file.
"""

import json

import datasets
import evaluate

from .scoring import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, score

_CITATION = """\
@misc{who_said_what_ar,
  title = {Arabic who-said-what attribution scoring},
  note  = {One-to-one Hungarian matching on content letters (Dice >= 0.5), after the
           GenderGapTracker quote evaluation and the PARC / Citron / GermEval 2023 habits.}
}
"""

_DESCRIPTION = """\
Scores attribution records (who said what, with the cue and the kind of reporting) against gold
records of the same documents: record F1 (content matched and speaker right), exact record F1,
content F1 (Dice >= 0.5, coverage > 0.3, coverage > 0.8), speaker / cue / kind accuracy on the
matched pairs, overall and by gold kind, each with a 95% bootstrap interval over documents.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of JSON strings, one predicted document each (gold format).
    references: list of JSON strings, one gold document each; pairs are joined by doc_id.
    resamples: bootstrap resamples (default 1000).
    seed: bootstrap seed (default fixed, so intervals are reproducible).
Returns:
    figures: {slice: {figure: value}} for slices overall, direct, indirect, mixed.
    intervals: {slice: {figure: [low, high] or None}}.
    documents: number of gold documents scored.
    per_document: {doc_id: overall figures}.
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class WhoSaidWhat(evaluate.Metric):
    def _info(self) -> evaluate.MetricInfo:
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features(
                {"predictions": datasets.Value("string"), "references": datasets.Value("string")}
            ),
        )

    def _compute(self, predictions, references, resamples=BOOTSTRAP_RESAMPLES, seed=BOOTSTRAP_SEED):
        gold = [json.loads(doc) for doc in references]
        pred = [json.loads(doc) for doc in predictions]
        return score(gold, pred, resamples=resamples, seed=seed)
