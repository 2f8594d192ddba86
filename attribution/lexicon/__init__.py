"""The lexicons (data files beside this module) and the few morphological rules that expand them.

The files list base forms; this module generates the inflected surface forms (feminine, plural,
dual; participle endings) and matches tokens after normalisation and clitic stripping, so the
files stay short and readable and the forms stay complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from attribution.normalize import normalize

__all__ = ["Lexicon", "CueForm", "load"]


@dataclass(frozen=True, slots=True)
class CueForm:
    lemma: str
    form: str  # "past", "present", "participle", "masdar"
    prep: str | None
    feminine: bool
    plural: bool
    first_person: bool = False  # نقول، أرى: the writer or a quoted speaker speaking of himself


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _past_forms(past: str) -> list[tuple[str, bool, bool]]:
    # (surface, feminine, plural); defective verbs (نفى، دعا) drop the final alef before endings.
    stem = past[:-1] if past[-1] in "اى" else past
    return [(past, False, False), (stem + "ت", True, False), (stem + "وا", False, True),
            (past + "ا" if past[-1] not in "اى" else stem + "يا", False, True), (stem + "تا", True, True),
            (stem + "ن", True, True)]


def _first_persons(present: str) -> tuple[str, str]:
    """The present's first persons, plural and singular (نقول، أقول)."""
    return "ن" + present[1:], "أ" + present[1:]


def _present_forms(present: str) -> list[tuple[str, bool, bool]]:
    body = present[1:]
    stem = present[:-1] if present[-1] in "يوى" else present
    fem = "ت" + body
    we, i = _first_persons(present)
    return [(present, False, False), (fem, True, False), (stem + "ون", False, True),
            (present + "ان", False, True), (fem + "ان", True, True), (we, False, True),
            (i, False, False)]


def _participle_forms(part: str) -> list[tuple[str, bool, bool]]:
    out = []
    for base in (part, part + "ي"):
        # no bare masculine form: the circumstantial participle is accusative, so it always
        # ends in alef (مشيراً، متحدثاً); a bare متحدث / مؤكد is a noun or an adjective
        out += [(base + "ا", False, False), (base + "اً", False, False),
                (base + "ًا", False, False), (base + "ة", True, False), (base + "ه", True, False),
                (base + "ين", False, True), (base + "ون", False, True), (base + "تين", True, True)]
    return out


@dataclass(frozen=True, eq=False)
class Lexicon:
    cues: dict[str, CueForm]          # normalised surface form -> cue
    phrases: tuple[tuple[str, ...], ...]  # nominal cues as normalised token tuples, longest first
    complementisers: frozenset[str]
    titles: frozenset[str]
    outlets: frozenset[str]
    feelings: frozenset[str]
    addressees: frozenset[str]
    phrase_heads: frozenset[str]  # first words of the nominal cues, for a fast first check
    ambiguous: frozenset[str]  # lemmas that need a complementiser or their preposition
    common_nouns: frozenset[str]  # words that take ال in news: never part of a personal name
    object_heads: frozenset[str] = frozenset()  # verbal nouns opening a reported NP object (ضرورة، عدم)

    def in_set(self, token: str, words: frozenset[str]) -> bool:
        """Whether ``token`` is one of ``words`` once clitics (و ف ب ل ال) and a pronoun suffix
        are stripped; every candidate reading is tried, so a word starting with ب or و keeps
        its own letters too."""
        return not words.isdisjoint(candidates(normalize(token)))

    def cue(self, token: str) -> CueForm | None:
        """The cue a token is, after stripping a conjunction clitic (و / ف)."""
        return self._cue(normalize(token))

    def cue_normalized(self, norm: str) -> CueForm | None:
        """:meth:`cue` for an already normalised token (the rules normalise each token once)."""
        return self._cue(norm)

    @lru_cache(maxsize=1 << 16)  # noqa: B019 (the lexicon lives as long as the process)
    def _cue(self, norm: str) -> CueForm | None:
        hit = self.cues.get(norm)
        # a conjunction before the verb; a two-letter verb only when its و / ف form is no other
        # word (وحث، فظن, but not وعد)
        if hit is None and norm[:1] in "وف" and (len(norm) > 3 or norm[1:] in _GEMINATE_CUES):
            hit = self.cues.get(norm[1:])
        if hit is None and len(norm) > 4:
            # an object pronoun on a verb (وصفه، اعتبرها، أكدهم): the verb is still the cue
            for suffix in ("هما", "هم", "ها", "ه"):
                if norm.endswith(suffix):
                    base = self._cue(norm[: -len(suffix)])
                    if base is not None and base.form in ("past", "present"):
                        return base
        return hit

    def is_complementiser(self, token: str) -> bool:
        # آن (a name, "now") normalises to ان but is never إن / أن
        return not token.startswith("آ") and normalize(token) in self.complementisers

    def is_title(self, token: str) -> bool:
        norm = normalize(token)
        return norm in self.titles or (norm[:1] in "وف" and norm[1:] in self.titles)


@cache
def load() -> Lexicon:
    cues: dict[str, CueForm] = {}
    rows = _lines("cue_verbs.tsv")
    for row in rows[1:]:
        past, present, participle, masdar, prep = row.split("\t")
        prep_v = None if prep == "-" else prep
        first = set(_first_persons(present))
        for form, generated in (("past", _past_forms(past)), ("present", _present_forms(present))):
            for surface, fem, plural in generated:
                cues.setdefault(normalize(surface), CueForm(past, form, prep_v, fem, plural,
                                                            form == "present" and surface in first))
        if participle != "-":
            for surface, fem, plural in _participle_forms(participle):
                cues.setdefault(normalize(surface), CueForm(past, "participle", prep_v, fem, plural))
        if masdar != "-":
            cues.setdefault(normalize(masdar), CueForm(past, "masdar", prep_v, False, False))
    phrases = sorted(
        {tuple(normalize(w) for w in p.split()) for p in _lines("cue_phrases.txt")},
        key=lambda p: (-len(p), p),
    )
    comps: set[str] = set()
    for base in _lines("complementisers.txt"):
        for suffix in ("", "ه", "ها", "هم", "هما", "هن", "ني", "نا", "ك", "كم"):
            comps.add(normalize(base + suffix))
            comps.add(normalize(base + "ّ" + suffix))
    return Lexicon(
        cues=cues,
        phrases=tuple(phrases),
        phrase_heads=frozenset(p[0] for p in phrases),
        ambiguous=frozenset(_lines("ambiguous_cues.txt")),
        common_nouns=frozenset(_lines("common_nouns.txt"))
        | frozenset(normalize(w) for w in _lines("body_nouns.txt")),
        object_heads=frozenset(normalize(w) for w in _lines("object_heads.txt")),
        complementisers=frozenset(comps),
        titles=frozenset(normalize(w) for w in _lines("titles.txt") if " " not in w),
        outlets=frozenset(normalize(w) for w in _lines("outlets.txt")),
        feelings=frozenset(normalize(w) for w in _lines("feelings.txt")),
        addressees=frozenset(normalize(w) for w in _lines("addressee_nouns.txt")),
    )


# Two-letter (doubled-consonant) cue verbs whose و / ف form is not another word: وحث، وظن
# (but not وعد "promised" or ورد "came", which are verbs of their own).
_GEMINATE_CUES = frozenset(("حث", "ظن"))

_PREFIXES = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "ولل", "وب", "ول", "فال")
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "ي", "نا", "ك", "كم")


@lru_cache(maxsize=1 << 17)
def candidates(norm: str) -> frozenset[str]:
    """Readings of a normalised word with clitics removed (a teh marbuta before a suffix is ت)."""
    out = set()
    for p in _PREFIXES:
        if not norm.startswith(p):
            continue
        body = norm[len(p):]
        for s in _SUFFIXES:
            if s and not body.endswith(s):
                continue
            stem = body[: len(body) - len(s)] if s else body
            if len(stem) >= 2:
                out.add(stem)
                if s and stem.endswith("ت"):
                    out.add(stem[:-1] + "ه")
    return frozenset(out)
