"""The shipped default model (``attribution/models/default``): it is what ``extract()`` uses,
it loads offline from safetensors, and plain ``transformers.pipeline`` reads it too.

These tests run on the model the package ships; a source tree without one (the rules are then
the default) skips them.
"""

from __future__ import annotations

import pytest

from attribution import Extractor, extract
from attribution.extractor import PACKAGED_DEFAULT

pytestmark = pytest.mark.skipif(not (PACKAGED_DEFAULT / "config.json").exists(),
                                reason="no model shipped in attribution/models/default")

SENTENCE = "وقال وزير الصحة توفيق الربيعة إن الوضع الصحي مستقر. وأضاف: «نعمل على خطة شاملة»."


def test_default_is_the_shipped_model():
    from attribution.tagger import ModelTagger

    extractor = Extractor.from_pretrained("default")
    assert extractor.name == str(PACKAGED_DEFAULT)
    assert isinstance(extractor._tagger, ModelTagger)


def test_extract_uses_it_and_finds_both_records():
    records = extract(SENTENCE)
    assert [r.cue.text for r in records] == ["وقال", "وأضاف"]
    assert records[0].speaker_name == "توفيق الربيعة" and records[1].speaker_name == "توفيق الربيعة"
    assert [r.kind.value for r in records] == ["indirect", "direct"]
    for record in records:
        for _, span in record.spans():
            assert SENTENCE[span.start : span.end] == span.text


def test_shipped_folder_is_small_and_has_no_pickles():
    files = [p for p in PACKAGED_DEFAULT.rglob("*") if p.is_file()]
    assert (PACKAGED_DEFAULT / "model.safetensors").exists()
    assert not [p for p in files if p.suffix in (".bin", ".pt", ".pth", ".pkl", ".ckpt")]
    assert sum(p.stat().st_size for p in files) < 40 * 2**20


def test_transformers_pipeline_reads_it():
    from transformers import pipeline

    tagger = pipeline("token-classification", model=str(PACKAGED_DEFAULT), aggregation_strategy="simple")
    entities = tagger(SENTENCE)
    assert entities, "the pipeline found no spans"
    for entity in entities:
        assert entity["entity_group"] in {"SPEAKER", "CUE", "CONTENT", "ADDRESSEE", "VIA"}
        assert 0 <= entity["start"] < entity["end"] <= len(SENTENCE)
