"""A normalised view of Arabic for matching, mapped back to raw offsets.

Matching a lexicon against news text must ignore what writers vary freely: short vowels and
other diacritics, tatweel, the hamza forms of alef, alef maqsura versus yeh, teh marbuta
versus heh, and Arabic versus Latin punctuation. Offsets never come from the normalised view:
:class:`NormalizedText` keeps, for every normalised character, the raw position it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["normalize", "NormalizedText", "normalized_view"]

# Arabic diacritics (fathatan .. sukun, superscript alef, Quranic marks) and tatweel are dropped.
_DROP = {chr(c) for c in range(0x0610, 0x061B)} | {chr(c) for c in range(0x064B, 0x0660)}
_DROP |= {"\u0670", "\u0640", "\u06D6", "\u06D7", "\u06D8", "\u06D9", "\u06DA", "\u06DB", "\u06DC"}
# Bidi and zero-width controls carry no letters; drop them too.
_DROP |= {"\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
          "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff"}
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ؤ", "ئ": "ئ",
    "،": ",", "؛": ";", "؟": "?", "٪": "%",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
}
# Arabic-Indic and Persian digits map to ASCII.
_MAP.update({chr(0x0660 + d): str(d) for d in range(10)})
_MAP.update({chr(0x06F0 + d): str(d) for d in range(10)})


def _char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _MAP:
        return _MAP[ch]
    if unicodedata.category(ch) == "Mn":
        return ""
    return ch


_TABLE = {ord(ch): None for ch in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items()})
_MARKS = regex.compile(r"\p{Mn}+")


@lru_cache(maxsize=1 << 18)
def _normalize_cached(text: str) -> str:
    return _MARKS.sub("", text.translate(_TABLE))


def normalize(text: str) -> str:
    """The matching form of ``text`` (no offsets kept). Short strings (tokens, which repeat
    endlessly in news) are cached."""
    if len(text) <= 40:
        return _normalize_cached(text)
    return _MARKS.sub("", text.translate(_TABLE))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """``text`` is the normalised string; ``raw_index[i]`` the raw offset of ``text[i]``."""

    text: str
    raw_index: tuple[int, ...]
    raw_length: int

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering normalised ``[start, end)``."""
        if start >= len(self.raw_index):
            return self.raw_length, self.raw_length
        raw_end = self.raw_index[end - 1] + 1 if end > start else self.raw_index[start]
        return self.raw_index[start], raw_end


def normalized_view(raw: str) -> NormalizedText:
    chars, index = [], []
    for i, ch in enumerate(raw):
        out = _char(ch)
        for c in out:
            chars.append(c)
            index.append(i)
    return NormalizedText("".join(chars), tuple(index), len(raw))
