"""The public entry points: ``extract(text)`` and ``Extractor.from_pretrained(name_or_path)``.

Extraction is a pure function of the input text: nothing changes its argument, and the same
text always gives the same records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from typing import Protocol

from attribution.errors import ModelLoadError
from attribution.rules import RuleTagger
from attribution.types import Attribution

__all__ = ["Extractor", "extract"]

# The shipped model lives inside the package; "default" means it when it is there.
PACKAGED_DEFAULT = Path(__file__).resolve().parent / "models" / "default"
DEFAULT_MODEL = "default"


class Tagger(Protocol):
    def extract(self, text: str) -> list[Attribution]: ...


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    return text


class Extractor:
    """Who-said-what extraction with one tagger behind it (rules, or a model directory)."""

    def __init__(self, tagger: Tagger, name: str) -> None:
        self._tagger = tagger
        self.name = name

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path = DEFAULT_MODEL, *, precision: str = "auto") -> Extractor:
        """``"rules"``, ``"default"`` (the shipped model) or a model directory / hub id.

        ``precision`` ("auto", "bf16", "fp32") is a model's arithmetic: "auto" runs bf16 where
        the chip has it natively (AMX / AVX512-BF16 CPUs, recent GPUs), fp32 elsewhere. The rules
        ignore it.
        """
        from attribution.tagger import check_precision  # no torch import: the check is a name check

        check_precision(precision)  # checked for the rules too, which do not use it
        name = str(name_or_path)
        if name == "default":
            if not (PACKAGED_DEFAULT / "config.json").exists():
                return cls(RuleTagger(), "rules")  # a source tree without the shipped model
            name = str(PACKAGED_DEFAULT)
        if name == "rules":
            return cls(RuleTagger(), "rules")
        from attribution.tagger import ModelTagger  # torch and transformers load only here

        path = Path(name)
        if not path.exists() and (path.is_absolute() or name.startswith((".", "~")) or name.count("/") != 1):
            raise ModelLoadError(
                f"no extractor {name!r}: use 'rules', 'default', a model directory or a hub id"
            )
        return cls(ModelTagger.from_pretrained(name, precision=precision), name)

    def __call__(self, text: str) -> list[Attribution]:
        text = _check_text(text)
        if not text.strip():
            return []
        return self._tagger.extract(text)

    def pipe(self, texts: Iterable[str], batch_size: int = 8) -> Iterator[list[Attribution]]:
        """Records for many texts, in order; ``batch_size`` articles are held, and go through a
        model, at once."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        many = getattr(self._tagger, "extract_many", None)
        batch: list[str] = []
        for text in texts:
            batch.append(_check_text(text))
            if len(batch) == batch_size:
                yield from self._run(batch, many)
                batch = []
        if batch:
            yield from self._run(batch, many)

    def _run(self, batch: list[str], many) -> list[list[Attribution]]:
        if many is None:
            return [self(text) for text in batch]
        live = [i for i, text in enumerate(batch) if text.strip()]
        found = many([batch[i] for i in live]) if live else []
        out: list[list[Attribution]] = [[] for _ in batch]
        for i, records in zip(live, found):
            out[i] = records
        return out


_default: Extractor | None = None


def extract(text: str) -> list[Attribution]:
    """Every attribution in ``text`` with the default extractor."""
    global _default
    _check_text(text)
    if _default is None:
        _default = Extractor.from_pretrained(DEFAULT_MODEL)
    return _default(text)
