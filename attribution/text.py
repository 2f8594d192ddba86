"""Offset-keeping text handling: tokens, sentences and a normalised view of Arabic.

Everything here returns character offsets into the raw text, so any span built from it
satisfies ``text[start:end] == span.text``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from attribution.quotes import CLOSERS, OPENERS, PAIRED
from attribution.types import Span

__all__ = ["Token", "tokenize", "is_word_char", "trim_span", "close_open_quote"]

# A token (guidelines §2) is a run of letters, digits and combining marks, so that clitics stay
# attached (وقال، لـ، بحسب); tatweel (U+0640, category Lm) is a letter, which keeps لـ whole.
# Anything else that is not whitespace is a one-character token.
_TOKEN = regex.compile(r"([\p{L}\p{N}\p{M}]+)|[^\s\p{L}\p{N}\p{M}]", regex.V1)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    is_word: bool | None = None  # a letter/digit run, not a punctuation character (derived when omitted)

    def __post_init__(self) -> None:
        # derived, but stored: it is read in every inner loop
        if self.is_word is None:
            object.__setattr__(self, "is_word", bool(self.text) and is_word_char(self.text[0]))


def tokenize(text: str) -> tuple[Token, ...]:
    """The guideline tokens of ``text`` with their offsets (cached: the rules, the name
    resolver and the labels all tokenise the same article)."""
    return _tokenize(text)


# 256: the model path runs the rules over every article of a batch, then tokenises them all
# again for the encoder, so the cache must hold a whole batch (extract_many takes any number)
@lru_cache(maxsize=256)
def _tokenize(text: str) -> tuple[Token, ...]:
    return tuple(Token(m.start(), m.end(), m.group(), m.group(1) is not None) for m in _TOKEN.finditer(text))


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks: the characters that make up word tokens."""
    return unicodedata.category(ch)[0] in "LNM"


def trim_span(text: str, start: int, end: int) -> Span | None:
    """The span without outer whitespace and punctuation (a closing mark stays when its
    opener is inside)."""
    while start < end and not is_word_char(text[start]):
        if text[start] in OPENERS and _quote_then_words(text, start, end):
            break  # a mixed span may open with its inner quote (guidelines §5.4)
        start += 1
    while end > start and not is_word_char(text[end - 1]):
        if text[end - 1] in CLOSERS and any(c in OPENERS for c in text[start : end - 1]):
            break
        end -= 1
    if start >= end:
        return None
    return Span.of(text, start, end)


# the closing mark each opening mark takes here; a straight " closes itself
_CLOSING = {**PAIRED, '"': '"'}


def close_open_quote(text: str, span: Span) -> Span:
    """``span`` grown by the closing mark right after it when the span opens a quotation it
    does not close: a tagger labels the mark token O as often as not (إلى «فرانس برس»), and a
    span with half a pair of marks is no name a reader can use."""
    last = max((k for k in range(span.start, span.end) if text[k] in _CLOSING), default=None)
    if last is None or span.end >= len(text):
        return span
    mark = text[last]
    if mark == '"' and span.text.count('"') % 2 == 0:
        return span  # straight marks that already pair up
    if mark != '"' and _CLOSING[mark] in text[last + 1 : span.end]:
        return span
    return Span.of(text, span.start, span.end + 1) if text[span.end] == _CLOSING[mark] else span


def _quote_then_words(text: str, start: int, end: int) -> bool:
    """The mark at ``start`` closes inside ``[start, end)`` and words follow the closer."""
    for k in range(start + 1, end):
        if text[k] in CLOSERS:
            return any(is_word_char(c) for c in text[k + 1 : end])
    return False

