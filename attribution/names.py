"""Speaker -> speaker_name: the fullest name the article gives a source.

Works within one document only (another article's fuller form does not count):
- a speaker span with a proper name (``الرئيس الروسي فلاديمير بوتين``, ``بوتين``) gives that name,
  extended to the longest form the article uses for it elsewhere (``فلاديمير بوتين``);
- a title alone (``الرئيس الروسي``) takes the name that stands beside the same title elsewhere
  in the article;
- a dropped subject (no speaker span, active cue) takes the previous record's speaker;
- a passive cue with no speaker has no name;
- a description (``مسؤولون أميركيون``) is kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from attribution.lexicon import load
from attribution.normalize import normalize
from attribution.quotes import CLOSERS, OPENERS
from attribution.text import Token, tokenize

if TYPE_CHECKING:
    from attribution.assemble import Draft

__all__ = ["resolve_names", "name_of_span", "is_name_word"]

# Words that never belong to a person's name: prepositions, particles, relatives, pronouns.
_FUNCTION = frozenset(
    normalize(w)
    for w in (
        "في من على إلى الى عن مع أن إن لقد قد كان كانت الذي التي الذين اللذين هو هي هم نحن أنا "
        "لا لم لن ما ثم أو بل حيث كما بعد قبل خلال منذ عند لدى بين أمس اليوم غدا ذلك هذا هذه "
        "تلك وقال وقالت قال قالت أيضا أيضاً باسم عام رغم وسط نحو حول ضد عبر دون مجددا مجدداً "
        "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت مساء صباح بدوره بدورها كذلك "
        "قوله قولها قولهم قولهما "
        # prepositions and quantifiers with a clitic or of a phrase: a run through them (معني
        # بهذه، بسبب تعنت بعض، بحسب التقرير) is a description or the content, never a name
        "بسبب بحسب حسب وفق وفقا وفقاً نقلا نقلاً بهذه بهذا لهذا لهذه بذلك لذلك وذلك وهذا وهذه "
        "بعض كل جميع غير فقط جدا جداً بضعة عدد معظم أغلب غالبية عشرات مئات آلاف أحد إحدى"
    ).split()
)
# "son of" / "daughter of" in a name chain (محمد بن حمود الشايع)
NAME_LINKS = frozenset(("بن", "بنت"))
# Nisba adjectives and other modifiers that follow a title (الروسي، الكوري، الشمالي) start with ال
# and are therefore skipped as non-name words by the rule below.


@lru_cache(maxsize=1 << 16)
def _is_name_text(text: str, lexicon) -> bool:
    token = Token(0, len(text), text)
    norm = normalize(token.text)
    if text in ("آل", "وآل"):
        return True  # the family-name particle (مهدي آل سالم), not the article ال
    if len(norm) < 2 or norm.isdigit():
        return False
    if norm in _FUNCTION or lexicon.is_title(token.text) or lexicon.cue(token.text):
        return False
    if lexicon.is_complementiser(token.text) or lexicon.in_set(token.text, lexicon.feelings) \
            or lexicon.in_set(token.text, lexicon.addressees) or lexicon.in_set(token.text, lexicon.object_heads):
        return False

    # Definite nouns (الروسي، الوزارة) are descriptions, not personal names; so are sound
    # plurals (مسؤولون، مراقبين), which names almost never are.
    if norm.startswith(("ال", "وال", "لل", "بال")):
        return False
    # a clitic preposition on a common noun (بمنطقة، لوزارة) opens a phrase, not a name
    if norm[:1] in "بلك" and len(norm) > 3 and (norm[1:] in lexicon.common_nouns or lexicon.is_title(norm[1:])):
        return False
    if norm.endswith(("يون", "يين")):
        return False
    # an imperfect verb with an object pronoun (تشهدها، يعتبرهم) is a clause, never a name
    if norm[:1] in "يتن" and len(norm) > 4 and norm.endswith(("ها", "هم", "هما", "هن")):
        return False
    return not (norm.startswith("و") and norm.endswith("ون") and len(norm) > 5)


def is_name_word(word: str) -> bool:
    """Whether ``word`` can be part of a personal or family name (not a function word, title,
    cue, definite noun or sound plural)."""
    return _is_name_text(word, load())


def _is_nisba(word: str) -> bool:
    """An adjective of origin (أمني، روسية، أميركي): ends in ي / ية."""
    norm = normalize(word)
    return norm.endswith(("ي", "يه", "يون", "يين")) and len(norm) > 3


def _name_runs(tokens: Sequence[Token], lexicon, text: str = "") -> list[tuple[int, int]]:
    runs, start = [], None
    for i, tok in enumerate(tokens):
        if start is not None and text and tok.start - tokens[i - 1].end > 0 and "\n" in text[tokens[i - 1].end : tok.start]:
            runs.append((start, i))
            start = None
        # after بن / بنت comes a name, even one that is also a title or a noun (بن مساعد، بن نايف)
        after_bn = start is not None and normalize(tokens[i - 1].text) in NAME_LINKS and tok.is_word \
            and normalize(tok.text) not in _FUNCTION and not normalize(tok.text).startswith("ال")
        if tok.is_word and (after_bn or _is_name_text(tok.text, lexicon)) and not tok.text.isascii():
            start = i if start is None else start
        else:
            if start is not None:
                runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(tokens)))
    # Family names are often definite (توفيق الربيعة، أحمد الخازم الغامدي): up to two definite
    # words continue a run that began with a personal name.
    out = []
    for a, b in runs:
        added = 0
        # only a lone first name, or a chain with بن (محمد بن حمود الشايع), takes definite
        # family names after it
        single = b - a == 1 or any(normalize(tokens[k].text) in NAME_LINKS for k in range(a, b))
        if b < len(tokens) and tokens[b - 1].text in ("آل", "وآل") and tokens[b].is_word:
            b += 1  # آل always takes the family's name, even one that is also a title (آل الشيخ)
        while single and added < 2 and b < len(tokens) and (not text or "\n" not in text[tokens[b - 1].end : tokens[b].start]):
            nxt = tokens[b]
            norm = normalize(nxt.text)
            # a feminine nisba (العراقية، الأمريكية) describes a place or body, it is no family name
            if not (nxt.is_word and norm.startswith("ال") and len(norm) > 4 and norm not in _FUNCTION
                    and not norm.endswith("يه")
                    # a second one that is a common noun is the verb's object (سالم الصباح القرار)
                    and not (added and norm[2:] in lexicon.common_nouns)
                    and not lexicon.is_title(nxt.text)
                    and not lexicon.cue(nxt.text)):
                break
            b += 1
            added += 1
        out.append((a, b))
    return out


def looks_genitive(run: Sequence[Token]) -> bool:
    """A run that opens with a clitic preposition on an indefinite noun before a definite one
    (لمجلس التعاون، بوزارة الصحة): a genitive phrase after a title, not the title's holder."""
    if len(run) < 2:
        return False
    first, second = normalize(run[0].text), normalize(run[1].text)
    return first[:1] in "لب" and not first.startswith("ال") and len(first) > 3 and second.startswith("ال")


def _title_genitive(prev: Token, first: Token, lexicon) -> bool:
    """After an indefinite title, a common noun opens its genitive (رئيس بلدية روما، أمير منطقة
    مكة): the body the office belongs to, not the office's holder."""
    return lexicon.is_title(prev.text) and not normalize(prev.text).startswith(("ال", "وال")) \
        and _strip_conjunction(normalize(first.text)) in lexicon.common_nouns


def _chain_start(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Where a run with بن / بنت begins as a personal name: at the given name right before the
    first بن (عبد الله: two words), wherever the run began ("بمنطقة نجران ناصر بن ..."); None
    for a run without one."""
    bn = next((k for k in range(start + 1, end) if normalize(tokens[k].text) in NAME_LINKS), None)
    if bn is None:
        return None
    return bn - 2 if bn - 2 >= start and normalize(tokens[bn - 2].text) == "عبد" else bn - 1


def _strip_conjunction(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


class _DocumentNames:
    """Name runs of a document, indexed by their last word for the 'fullest form' look-up."""

    def __init__(self, text: str) -> None:
        self.lexicon = load()
        self.tokens = tokenize(text)
        self.runs = _name_runs(self.tokens, self.lexicon, text)
        self._known: set[str] | None = None
        self.by_prev: dict[str, list[tuple[int, int]]] = {}
        for start, end in self.runs:
            if start > 0:
                key = _strip_conjunction(normalize(self.tokens[start - 1].text))
                self.by_prev.setdefault(key, []).append((start, end))
        self.by_next: dict[str, list[tuple[int, int]]] = {}  # runs by the word after them
        for start, end in self.runs:
            if end < len(self.tokens):
                self.by_next.setdefault(_strip_conjunction(normalize(self.tokens[end].text)), []).append((start, end))
        self._title_cache: dict[tuple[str, ...], str | None] = {}
        self._fullest_cache: dict[tuple[str, ...], str] = {}
        # Runs that stand after a title or a definite modifier (الرئيس فلاديمير بوتين، الكوري
        # الشمالي كيم كونغ) are names introduced in full; they are what a short mention extends to.
        self.by_word: dict[str, list[tuple[int, int]]] = {}
        for start, end in self.runs:
            # a chain with بن / بنت is a full name wherever it stands (ناصر بن سليمان المنيع)
            chain = _chain_start(self.tokens, start, end)
            if chain is not None:
                start = chain
            elif start == 0 or not self._introduced(start):
                continue
            for i in range(start, end):
                self.by_word.setdefault(normalize(self.tokens[i].text), []).append((start, end))

    def last_person_before(self, offset: int) -> str | None:
        """The fullest form of the last name introduced by a title before ``offset``: who a
        first dropped subject most likely is, when no earlier record names anyone
        ("التقى الوزير محمد الفلاني بالوفد ... وأوضح أن")."""
        best = None
        for start, end in self.runs:
            if self.tokens[end - 1].end > offset:
                break
            if start > 0 and 2 <= end - start <= 4 and (
                self.lexicon.is_title(self.tokens[start - 1].text)
                # a nisba between title and name: "الدكتور العراقي سيّار الجميل"
                or (start > 1 and _is_nisba(self.tokens[start - 1].text)
                    and self.lexicon.is_title(self.tokens[start - 2].text))
            ):
                best = (start, end)
        return self.fullest(self.words(*best)) if best else None

    def outlet_name(self, word: str) -> str | None:
        """The name given to the first outlet of this kind in the article: "صحيفة «الغارديان»"
        earlier makes a later bare "الصحيفة" the Guardian. Only the first mention counts, so
        a later, different paper of the same kind does not take over."""
        norm = normalize(word)
        norm = norm[1:] if norm.startswith("وال") else norm
        bare = norm[2:]
        if bare not in self.lexicon.outlets:
            return None
        for i, tok in enumerate(self.tokens[:-1]):
            if normalize(tok.text) not in (bare, "و" + bare, "ب" + bare, "ل" + bare):
                continue
            j = i + 1
            if self.tokens[j].text in OPENERS:
                k = j + 1
                while k < len(self.tokens) and self.tokens[k].text not in CLOSERS and k - j <= 6:
                    k += 1
                if k < len(self.tokens) and k - j <= 6 and k > j + 1:
                    return " ".join(t.text for t in self.tokens[j + 1 : k])
            return None
        return None

    def _introduced(self, start: int) -> bool:
        prev = self.tokens[start - 1]
        norm = normalize(prev.text)
        # a relative or demonstrative (التي، الذي) starts with ال too but introduces a clause
        if norm in _FUNCTION or norm in _RELATIVE:
            return False
        return prev.is_word and (self.lexicon.is_title(prev.text) or norm.startswith("ال")
                                 or norm.startswith("وال"))

    @property
    def known(self) -> set[str]:
        """Every normalised word of the document (built on first use)."""
        if self._known is None:
            self._known = {normalize(t.text) for t in self.tokens}
        return self._known

    def words(self, start: int, end: int) -> list[str]:
        return [self.tokens[i].text for i in range(start, end)]

    def fullest(self, words: list[str]) -> str:
        """The longest run in the document that ends with the same word and contains ``words``."""
        key = tuple(words)
        if key in self._fullest_cache:
            return self._fullest_cache[key]
        wanted = {normalize(w) for w in words}
        best = words
        for start, end in self.by_word.get(normalize(words[-1]), []) + self.by_word.get(normalize(words[0]), []):
            # only runs of 2-4 words: a longer run is usually a list of names, not one name
            if not 1 <= end - start <= 4:
                continue
            run = self.words(start, end)
            if wanted <= {normalize(w) for w in run} and len(run) > len(best):
                best = run
        self._fullest_cache[key] = " ".join(best)
        return self._fullest_cache[key]

    def name_after_title(self, title: list[str]) -> str | None:
        """A name standing right after the same title words elsewhere in the document (the
        longest matching prefix of the title wins; runs are indexed by the word before them,
        so this stays linear in the document)."""
        norm_title = tuple(_strip_conjunction(normalize(w)) for w in title)
        if norm_title in self._title_cache:
            return self._title_cache[norm_title]
        found = None
        for n in range(len(norm_title), 0, -1):
            for start, end in self.by_prev.get(norm_title[n - 1], []):
                if start < n or looks_genitive(self.tokens[start:end]) \
                        or _title_genitive(self.tokens[start - 1], self.tokens[start], self.lexicon):
                    continue
                before = tuple(_strip_conjunction(normalize(t.text)) for t in self.tokens[start - n : start])
                if before == norm_title[:n]:
                    found = self.fullest(self.words(start, min(end, start + 4)))
                    break
            if found:
                break
        if found is None and len(norm_title) >= 2:
            found = self._name_before_title(norm_title)
        self._title_cache[norm_title] = found
        return found

    def _name_before_title(self, norm_title: tuple[str, ...]) -> str | None:
        """A name standing right before the whole title elsewhere, as an apposition after it
        ("الأمير عبدالله بن مساعد الرئيس العام لرعاية الشباب"). Two title words at least, so a
        bare title (الرئيس) is not matched against whatever name precedes it."""
        n = len(norm_title)
        for start, end in self.by_next.get(norm_title[0], []):
            if end - start < 2:
                continue  # one word before a title is as often its verb (واستقبل المدير العام)
            after = tuple(_strip_conjunction(normalize(t.text)) for t in self.tokens[end : end + n])
            if after == norm_title:
                return self.fullest(self.words(start, end))
        return None


_SOURCE_NOUNS = frozenset(normalize(w) for w in (
    "مصدر مصادر مسؤول مسؤولون مسؤولين خبراء خبير محللون محلل مراقبون مراقبين أوساط جهات "
    "دبلوماسيون دبلوماسي شهود ناشطون سكان مصادر مواطنون"
).split())
_RELATIVE = frozenset(normalize(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي"))


def _cut_relative(speaker_text: str) -> str:
    """The mention before a relative clause (الزعيم الذي يزور روسيا -> الزعيم)."""
    for tok in tokenize(speaker_text):
        if normalize(tok.text) in _RELATIVE:
            return speaker_text[: tok.start].rstrip(" ،,")
    return speaker_text


def _all_common(tokens: Sequence[Token], start: int, end: int, lexicon) -> bool:
    """Every word a common noun (مجلس إدارة، تقرير اقتصادي): a description, not a name. Single
    words are not judged this way: many first names are nouns too (توفيق، سعيد، أمل)."""
    def common(text: str) -> bool:
        norm = normalize(text)
        return norm in lexicon.common_nouns or (norm[:1] in "وف" and norm[1:] in lexicon.common_nouns)

    return all(common(tokens[i].text) for i in range(start, end))


def _person_run(tokens: Sequence[Token], runs: list[tuple[int, int]], lexicon) -> tuple[int, int] | None:
    """The run that is a personal name: one standing at the start, after a title or definite
    modifier, or after a comma (an apposition); a lone nisba after a title is an adjective."""
    good = []
    for start, end in runs:
        # a chain with بن / بنت is a personal name wherever it stands ("بمنطقة تبوك خالد بن
        # مرضي العنزي"): it starts at the given name right before the first بن (عبد الله: two words)
        first = _chain_start(tokens, start, end)
        if first is not None:
            good.append((first, end, True))
            continue
        prev = tokens[start - 1] if start > 0 else None
        if prev is not None and not (
            prev.text in "،,"
            or lexicon.is_title(prev.text)
            or normalize(prev.text).startswith(("ال", "وال", "بال", "لل"))
        ):
            continue
        if end - start == 1 and _is_nisba(tokens[start].text) and prev is not None:
            continue
        if prev is not None and _title_genitive(prev, tokens[start], lexicon):
            continue
        if _all_common(tokens, start, end, lexicon):
            continue
        # after a source noun (مصادر مطلعة، مسؤول كبير) a lone word is an adjective
        if end - start == 1 and prev is not None and normalize(prev.text) in _SOURCE_NOUNS:
            continue
        if looks_genitive(tokens[start:end]):
            continue  # لكرة القدم: the end of an organisation's name, not a person
        good.append((start, end, False))

    def rank(run: tuple[int, int, bool]) -> tuple:
        # a run holding a bare common noun (مجلس إدارة غرفة أبها) names a body; a personal name
        # after it (المهندس عبدالله المبطي) is the one meant, however much shorter
        proper = not any(_strip_conjunction(normalize(tokens[k].text)) in lexicon.common_nouns
                         for k in range(run[0], run[1]) if not normalize(tokens[k].text).startswith("ال"))
        return run[2], proper, run[1] - run[0], run[0]

    best = max(good, key=rank) if good else None
    return best[:2] if best else None


def name_of_span(text: str, speaker_text: str, names: _DocumentNames | None = None) -> str:
    """The speaker_name of an explicit speaker mention."""
    names = names or _DocumentNames(text)
    head = _cut_relative(speaker_text.strip())
    tokens = tokenize(head)
    runs = _name_runs(tokens, names.lexicon, head)
    best = _person_run(tokens, runs, names.lexicon)
    if best is not None:
        start, end = best
        words = [tokens[i].text for i in range(start, end)]
        if start == 0 and len(words[0]) > 3 and words[0][0] == "و" and normalize(words[0][1:]) in names.known:
            words[0] = words[0][1:]
        return names.fullest(words)
    main = head.split("،")[0].split(",")[0].strip()
    title = [t.text for t in tokenize(main) if t.is_word]
    # a bare definite family name (البقمي، الزهراني) stands for the full name given elsewhere
    # (a common noun such as التقرير stands for itself)
    if len(title) == 1 and normalize(title[0]).startswith("ال") and not names.lexicon.is_title(title[0]) \
            and normalize(title[0])[2:] not in names.lexicon.common_nouns:
        fuller = names.fullest(title)
        if fuller != title[0]:
            return fuller
    if len(title) == 1 and normalize(title[0]).startswith(("ال", "وال")):
        found = names.outlet_name(title[0])  # "وقالت الصحيفة" -> the paper named before
        if found:
            return found
    if title and names.lexicon.is_title(title[0]) and normalize(title[0]) not in _SOURCE_NOUNS:
        found = names.name_after_title(title)
        if found:
            return found
    if title and len(title[0]) > 3 and title[0][0] == "و" and normalize(title[0][1:]) in names.known:
        main = main[main.index(title[0]) + 1 :]
    return main


def _agreement(draft: Draft, lexicon) -> tuple[bool, bool] | None:
    """(feminine, plural) of a draft's cue verb or participle, when its form shows them; the
    subject agrees with it, so a dropped subject can only continue a source of the same kind."""
    if draft.cue is None:
        return None
    words = draft.cue.text.split()
    form = lexicon.cue(words[0]) if words else None
    if form is None or form.form == "masdar" or form.first_person:
        return None
    return form.feminine, form.plural


def resolve_names(text: str, drafts: Sequence[Draft]) -> list[str | None]:
    """speaker_name for each draft, in order; drafts must be in text order."""
    names = _DocumentNames(text) if drafts else None
    out: list[str | None] = []
    sources: list[tuple[str, tuple[bool, bool] | None]] = []  # named so far, latest last
    for draft in drafts:
        agreement = _agreement(draft, names.lexicon) if names else None
        if draft.name_hint is not None:
            name = draft.name_hint
        elif draft.speaker is not None:
            name = _fuller_description(name_of_span(text, draft.speaker.text, names), sources, names.lexicon)
        elif draft.passive:
            name = None
        elif sources:
            name = _continued(sources, agreement)
        else:
            anchor = draft.cue or draft.content[0]
            name = names.last_person_before(anchor.start) if names else None
        out.append(name)
        if name is not None:
            sources.append((name, agreement))
    return out


def _fuller_description(name: str, sources: Sequence[tuple[str, tuple[bool, bool] | None]], lexicon) -> str:
    """A bare definite noun (المصدر، التقرير، الكلية) after a source described in full with the
    same noun ("مصدر موثوق به في الفيفا"، "تقرير شركة آسيا كابيتال") is that source again: the
    article names it by its first description. Titles other than the unnamed-source nouns (مصدر،
    مسؤول) have their own resolution (a holder's name)."""
    words = name.split()
    norm = normalize(words[0]) if len(words) == 1 else ""
    if not norm.startswith("ال") or len(norm) < 5 or (lexicon.is_title(words[0]) and norm[2:] not in _SOURCE_NOUNS):
        return name
    for earlier, _ in reversed(sources):
        first = earlier.split()
        if len(first) > 1 and normalize(first[0]) in (norm[2:], norm):
            return earlier
    return name


def _continued(sources: Sequence[tuple[str, tuple[bool, bool] | None]], agreement: tuple[bool, bool] | None) -> str:
    """Who a dropped subject continues: the last source, unless its verb disagreed in gender
    or number with this one ("ذكرت الوكالة أن ... وأضاف" is not the agency speaking again);
    then the latest of the last few sources that agrees. Failing that, the last source."""
    last = sources[-1][0]
    if agreement is None or sources[-1][1] is None or sources[-1][1] == agreement:
        return last
    for name, other in reversed(sources[-6:-1]):
        if other == agreement and name != last:
            return name
    return last
