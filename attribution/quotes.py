"""Quote-mark pairing that survives real news text.

Writers mix « », “ ”, ” used as an opener, straight " and ‘ ’; marks go unclosed and nest.
Pairs are found per paragraph with a stack: a mark that can only open pushes, one that can only
close pops the nearest compatible opener, and an ambiguous mark (" or ”) closes an open
ambiguous-compatible quote if there is one and opens otherwise. An opener left unclosed at the
end of its paragraph runs to the paragraph's end (follow the sense, not the marks); a quote
whose closer starts the next paragraph's continuation is not chased across paragraphs.
Some papers set guillemets the other way round (»المدينة«): a » that closes nothing, with a
« later in its paragraph, opens a quote that « closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["OPENERS", "CLOSERS", "PAIRED", "Quote", "find_quotes"]

OPENERS = frozenset("«“„‘\"”»")
CLOSERS = frozenset("»”“’\"«")
# Marks whose opener and closer differ and pair one to one, so that their nesting can be counted.
PAIRED = {"«": "»", "“": "”"}
# Which closers may end a quote opened by each opener.
_CLOSES = {"«": "»", "“": "”“\"", "„": "“”", "‘": "’", '"': '"”“', "”": "”“\"", "»": "«"}
_ONLY_OPEN = frozenset("«„‘")
_ONLY_CLOSE = frozenset("»’")


@dataclass(frozen=True, slots=True)
class Quote:
    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when unclosed
    end: int  # end of the quoted text (the closing mark's offset, or the paragraph end)

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.end


def find_quotes(text: str) -> list[Quote]:
    """Every quote in ``text``, in order of their opening marks; linear in the length."""
    quotes: list[Quote] = []
    start = 0
    for paragraph_end in _paragraph_ends(text):
        quotes.extend(_pair(text, start, paragraph_end))
        start = paragraph_end
    quotes.sort(key=lambda q: q.open)
    return quotes


# Some papers separate paragraphs inside one line by a no-break space between spaces
# ("... اليوم". \xa0 وأضاف: "..."); a lone one glued to a word (من \xa0خدمات) is only a space.
_NBSP_BREAK = re.compile(r"\s\xa0\s")


def _paragraph_ends(text: str) -> list[int]:
    ends = sorted({i + 1 for i, ch in enumerate(text) if ch == "\n"} | {m.end() for m in _NBSP_BREAK.finditer(text)})
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def _pair(text: str, start: int, end: int) -> list[Quote]:
    stack: list[int] = []
    out: list[Quote] = []
    line_end = end - 1 if end > start and text[end - 1] == "\n" else end
    for i in range(start, line_end):
        ch = text[i]
        if ch not in OPENERS and ch not in CLOSERS:
            continue
        if ch in _ONLY_OPEN and not (ch == "«" and any(text[o] == "»" for o in stack)):
            stack.append(i)
            continue
        # Close the innermost compatible opener, if any.
        for depth in range(len(stack) - 1, -1, -1):
            if ch in _CLOSES[text[stack[depth]]]:
                opener = stack[depth]
                del stack[depth:]
                if i > opener + 1:
                    out.append(Quote(opener, i, i))
                break
        else:
            if _can_open(text, i, line_end) and (ch not in _ONLY_CLOSE or _reversed_opener(text, i, line_end)):
                stack.append(i)
    for opener in stack:
        if line_end > opener + 1:
            out.append(Quote(opener, None, _trim_end(text, opener + 1, line_end)))
    return out


def _reversed_opener(text: str, i: int, line_end: int) -> bool:
    """A » that closed nothing opens when a « follows in its paragraph (»...« style)."""
    return text[i] == "»" and text.find("«", i + 1, line_end) != -1


def _can_open(text: str, i: int, line_end: int) -> bool:
    """An ambiguous mark opens when a word follows it."""
    return i + 1 < line_end and not text[i + 1].isspace()


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,؛;"):
        end -= 1
    return end
