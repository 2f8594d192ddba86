"""The linker: tagged spans (from the rules or a model) -> attribution records.

Taggers mark SPEAKER, CUE, CONTENT, ADDRESSEE and VIA spans; this module groups them into
records, reads each record's kind off its quote marks, fills dropped subjects from the
discourse and resolves speaker names (``attribution.names``). The rules already know which
spans belong together and pass group ids; a token classifier does not, and its spans are
grouped around their cues here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from attribution.lexicon import load as load_lexicon
from attribution.names import resolve_names
from attribution.quotes import CLOSERS, OPENERS, PAIRED, find_quotes
from attribution.types import Attribution, Kind, Span

__all__ = ["TaggedSpan", "Draft", "assemble", "link", "link_with_rules", "finish", "kind_of"]

ROLES = ("CUE", "SPEAKER", "CONTENT", "ADDRESSEE", "VIA")
# How far (characters) a model's speaker / content may lie from its cue and still be linked:
# about two long news sentences.
LINK_WINDOW = 400


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A span with its role; ``group`` ties spans of one record together when the tagger knows."""

    role: str
    span: Span
    group: int | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A record before its kind and speaker name are settled."""

    content: tuple[Span, ...]
    cue: Span | None = None
    speaker: Span | None = None
    addressee: Span | None = None
    via: Span | None = None
    passive: bool = False
    score: float | None = None
    name_hint: str | None = None  # a speaker_name the tagger already knows (rules: none)


# spaces and invisible direction / joining marks that may stand between a quote mark and its words
_BLANK = frozenset(" \t\u00a0\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u061c")


def _nested(text: str, marks: Sequence[int]) -> bool:
    """Whether the marks at these offsets open and close in order, each closed after it opened:
    a quotation inside another. A straight mark (") opens after a space or at a word's start and
    closes after a word; a content that begins by closing one (أ" و"ب) is two fragments."""
    depth = 0
    for i in marks:
        ch, prev = text[i], text[i - 1] if i > 0 else " "
        opening = ch in "«“„‘" or (ch in "\"”" and (prev.isspace() or prev in OPENERS or prev in "(["))
        depth += 1 if opening else -1
        if depth < 0:
            return False
    return depth == 0


def kind_of(text: str, content: Sequence[Span], name_quotes: frozenset[int] = frozenset()) -> Kind:
    """direct when the content is exactly the inside of quote marks; mixed when it holds a quote
    that is not just around a name (``name_quotes``: offsets of such marks); else indirect."""
    first, last = content[0], content[-1]
    b = first.start - 1
    while b >= 0 and text[b] in _BLANK:
        b -= 1  # «‏ كلمة: a space or a direction mark after the opening mark
    before = text[b] if b >= 0 else ""
    stop = last.end
    while stop < len(text) and (text[stop] in _BLANK or text[stop] in ".!?؟…"):
        stop += 1  # the quotation's own full stop stays out of the content («... تضعف.»)
    after = text[stop] if stop < len(text) else "\n"
    inside = [
        i
        for part in content
        for i in range(part.start, part.end)
        if (text[i] in OPENERS or text[i] in CLOSERS) and i not in name_quotes
    ]
    if before in OPENERS and after in CLOSERS and (not inside or _nested(text, inside)):
        return Kind.DIRECT  # a quotation quoting within itself ('"... أن "الكنز" ..."') stays direct
    if before in OPENERS and after == "\n" and not inside:
        return Kind.DIRECT  # a quotation left open to the paragraph's end (papers often drop the closer)
    if inside:
        return Kind.MIXED
    return Kind.INDIRECT


def link(text: str, tagged: Sequence[TaggedSpan]) -> list[Draft]:
    """Group tagged spans into drafts: by group id where given, else around each cue."""
    grouped: dict[int, list[TaggedSpan]] = {}
    loose: list[TaggedSpan] = []
    for t in tagged:
        if t.group is not None:
            grouped.setdefault(t.group, []).append(t)
        else:
            loose.append(t)
    drafts = [d for spans in grouped.values() if (d := _draft(spans)) is not None]
    drafts.extend(_link_loose(text, loose))
    drafts.sort(key=lambda d: (d.content[0].start, d.cue.start if d.cue else -1))
    return drafts


def link_with_rules(text: str, tagged: Sequence[TaggedSpan], rule_drafts: Sequence[Draft]) -> list[Draft]:
    """Group a model's spans the way the rules grouped theirs, where the two agree.

    A rule-guided model (one that read the rules' tags as input, ``attribution.tagger``)
    keeps, moves or drops each rule span; it has no notion of records. Each rule draft
    survives when the model kept its cue (or, for a cue-less quote, its content), and takes
    the model's spans that overlap its own, role by role: so the model corrects boundaries,
    speakers and kinds while the rules say which pieces belong together. Model spans that
    no surviving draft claims (records the rules missed) are linked around their cues.
    """
    claimed: set[int] = set()
    drafts: list[Draft] = []
    for rule in rule_drafts:
        own = {role: [i for i, t in enumerate(tagged) if t.role == role and _overlaps_any(t.span, spans)]
               for role, spans in _draft_roles(rule).items()}
        if not (own["CUE"] if rule.cue is not None else own["CONTENT"]) or not own["CONTENT"]:
            continue
        content = []
        for part in rule.content:
            hits = [tagged[i].span for i in own["CONTENT"] if _overlaps(tagged[i].span, part)]
            if hits:  # one part, however the model's tags were broken up inside it
                part_span = _without_complementiser(
                    text, Span.of(text, min(h.start for h in hits), max(h.end for h in hits)))
                if part_span is not None:
                    content.append(part_span)
        if not content:
            continue
        if kind_of(text, rule.content) is Kind.DIRECT:
            # the rules' content is exactly a quotation: the marks fix its boundaries, and on the
            # hand-labelled training split the model's moves inside them were never better (0 of
            # 4), so a model keeps or drops such a record but does not re-cut it
            content = list(rule.content)
        first = lambda role: tagged[own[role][0]].span if own[role] else None  # noqa: E731
        speaker = first("SPEAKER")
        cue = first("CUE")
        if speaker is None and rule.speaker is None and not rule.passive and cue is not None:
            speaker = _speaker_in_gap(text, tagged, cue, min(c.start for c in content))
        drafts.append(Draft(
            content=tuple(sorted(set(content), key=lambda s: s.start)),
            cue=cue,
            speaker=speaker,
            # an addressee the model dropped stays the rules' (the model reads addressees worse:
            # on the hand-labelled training split this raises addressee token F1 0.623 -> 0.633;
            # the same for vias lowers theirs 0.510 -> 0.464, so the model's vias are kept)
            addressee=first("ADDRESSEE") or rule.addressee,
            via=first("VIA"),
            passive=rule.passive,
            score=rule.score,
            name_hint=rule.name_hint,
        ))
        claimed.update(i for role in ("CUE", "CONTENT", "ADDRESSEE", "VIA") for i in own[role])
    # a speaker may serve several records (a participle cue shares its main clause's speaker)
    rest = [t for i, t in enumerate(tagged) if i not in claimed]
    drafts.extend(_link_loose(text, rest))
    drafts.sort(key=lambda d: (d.content[0].start, d.cue.start if d.cue else -1))
    return drafts


def _speaker_in_gap(text: str, tagged: Sequence[TaggedSpan], cue: Span, content_start: int) -> Span | None:
    """A speaker the rules missed but the model tagged: the model SPEAKER span nearest the cue
    between the cue and its content, in the same sentence (VSO: "وقال [المعهد ومقره ...] إن")."""
    for t in tagged:  # tagged spans come in text order
        if t.role == "SPEAKER" and t.span.start >= cue.end and t.span.end <= content_start \
                and _same_sentence(text, cue, t.span):
            return t.span
    return None


def _without_complementiser(text: str, span: Span) -> Span | None:
    """Content starts after its complementiser (إن / أن / بأن / أنه ...): a model whose
    CONTENT tag bleeds over it is trimmed back to the guideline's span. Inside quote marks
    the words are the speaker's own («إن المدينة ...»), so a quoted إن stays."""
    if span.start > 0 and text[span.start - 1] in OPENERS:
        return span
    lexicon = load_lexicon()
    start = span.start
    while True:
        word_end = start
        while word_end < span.end and not text[word_end].isspace() and text[word_end] not in "،,":
            word_end += 1
        if word_end == start or not lexicon.is_complementiser(text[start:word_end]):
            break
        start = word_end
        while start < span.end and (text[start].isspace() or text[start] in "،,"):
            start += 1
    if start == span.start:
        return span
    return Span.of(text, start, span.end) if start < span.end else None


def _draft_roles(draft: Draft) -> dict[str, list[Span]]:
    single = {"CUE": draft.cue, "SPEAKER": draft.speaker, "ADDRESSEE": draft.addressee, "VIA": draft.via}
    roles = {role: [span] if span is not None else [] for role, span in single.items()}
    roles["CONTENT"] = list(draft.content)
    return roles


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _overlaps_any(span: Span, spans: Sequence[Span]) -> bool:
    return any(_overlaps(span, s) for s in spans)


def _draft(spans: Sequence[TaggedSpan]) -> Draft | None:
    by_role: dict[str, list[Span]] = {}
    for t in spans:
        by_role.setdefault(t.role, []).append(t.span)
    content = tuple(sorted(by_role.get("CONTENT", []), key=lambda s: s.start))
    if not content:
        return None
    first = lambda role: by_role.get(role, [None])[0]  # noqa: E731
    scores = [t.score for t in spans if t.score is not None]
    return Draft(
        content=content,
        cue=first("CUE"),
        speaker=first("SPEAKER"),
        addressee=first("ADDRESSEE"),
        via=first("VIA"),
        passive=any(t.role == "PASSIVE" for t in spans),
        score=min(scores) if scores else None,
    )


def _nearest(spans: list[TaggedSpan], anchor: Span, used: set[int], prefer_after: bool) -> int | None:
    best, best_key = None, None
    for i, t in enumerate(spans):
        if i in used:
            continue
        gap = t.span.start - anchor.end if t.span.start >= anchor.end else anchor.start - t.span.end
        if gap > LINK_WINDOW:
            continue
        after = t.span.start >= anchor.end
        key = (0 if after == prefer_after else 1, gap)
        if best_key is None or key < best_key:
            best, best_key = i, key
    return best


def _link_loose(text: str, tagged: Sequence[TaggedSpan]) -> list[Draft]:
    """Cue-anchored linking for a tagger that gives no groups (the token classifier).

    Each cue takes the nearest free content (after it first: Arabic reports are mostly
    cue-first), the nearest speaker (after it first: VSO), and the nearest addressee and via
    within its sentence. Content with no cue left becomes a cue-less record when it is a quote.
    """
    by_role: dict[str, list[TaggedSpan]] = {r: [] for r in ROLES}
    for t in tagged:
        by_role.setdefault(t.role, []).append(t)
    used: dict[str, set[int]] = {r: set() for r in by_role}
    drafts = []
    for cue in sorted(by_role["CUE"], key=lambda t: t.span.start):
        c = _nearest(by_role["CONTENT"], cue.span, used["CONTENT"], prefer_after=True)
        if c is None:
            continue
        used["CONTENT"].add(c)
        content_span = _without_complementiser(text, by_role["CONTENT"][c].span)
        if content_span is None:
            continue
        parts = [content_span]
        fields: dict[str, Span | None] = {}
        for role in ("SPEAKER", "ADDRESSEE", "VIA"):
            k = _nearest(by_role[role], cue.span, used[role], prefer_after=True)
            if k is not None and _same_sentence(text, cue.span, by_role[role][k].span):
                if role != "SPEAKER":
                    used[role].add(k)
                fields[role] = by_role[role][k].span
        if "SPEAKER" not in fields and content_span.start > cue.span.end:
            # no tagged speaker: read one off the words between cue and content, as the rules do
            fields.update(_gap_fields(text, cue.span.end, content_span.start, fields))
        scores = [s for s in (cue.score, by_role["CONTENT"][c].score) if s is not None]
        drafts.append(
            Draft(
                content=tuple(sorted(parts, key=lambda s: s.start)),
                cue=cue.span,
                speaker=fields.get("SPEAKER"),
                addressee=fields.get("ADDRESSEE"),
                via=fields.get("VIA"),
                score=min(scores) if scores else None,
            )
        )
    return drafts


def _gap_fields(text: str, start: int, end: int, known: dict[str, Span | None]) -> dict[str, Span]:
    """Speaker (and addressee / via when not tagged) from the words between a cue and its
    content: the rules' own reading of that stretch (attribution.rules)."""
    from attribution.rules import read_between  # the rules import this module: import late

    out: dict[str, Span] = {}
    speaker, addressee, via = read_between(text, start, end)
    if speaker is not None:
        out["SPEAKER"] = speaker
    if addressee is not None and known.get("ADDRESSEE") is None:
        out["ADDRESSEE"] = addressee
    if via is not None and known.get("VIA") is None:
        out["VIA"] = via
    return out


def _same_sentence(text: str, a: Span, b: Span) -> bool:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    gap = text[lo:hi]
    return "\n" not in gap and ". " not in gap and len(gap) < LINK_WINDOW


def unwrap_quotation(text: str, content: tuple[Span, ...]) -> tuple[Span, ...]:
    """Content that is one whole quotation with its own marks kept (a quotation nested inside
    it, '"نعلم أن "الكنز" دفن"', kept the marks in): the inside of the outer marks. For «» and
    “” the outer pair must close only at the end; marks that open and close alike (") must
    follow a colon, as direct quotations do, since '"أ" و"ب"' may be two quoted fragments."""
    if len(content) != 1 or len(content[0].text) < 3:
        return content
    span = content[0]
    first, last = span.text[0], span.text[-1]
    if first not in OPENERS or last not in CLOSERS:
        return content
    if first in PAIRED:
        depth = 0
        for k, ch in enumerate(span.text):
            depth += (ch == first) - (ch == PAIRED[first])
            if depth == 0 and k < len(span.text) - 1:
                return content  # the first quotation closes before the end: «أ» و«ب»
        if depth != 0:
            return content
    elif not text[: span.start].rstrip(" \u00a0").endswith((":", "：")) or not _nested(
            text, [k for k in range(span.start + 1, span.end - 1) if text[k] in OPENERS or text[k] in CLOSERS]):
        return content
    inner = Span.of(text, span.start + 1, span.end - 1)
    return (inner,) if inner.text and inner.text.strip() == inner.text else content


def term_quotes(text: str) -> frozenset[int]:
    """Offsets of marks around a name or term the article uses more than once («سابك»، «كبلر-452
    بي»): one to three words whose exact text recurs. Marks around a name do not make reported
    words mixed (guidelines 5), and names recur where quoted fragments of speech seldom do (in
    the hand-labelled training split, 41 of 76 quotes inside indirect records recur, 15 of 123
    inside mixed ones)."""
    marks = set()
    for q in find_quotes(text):
        if q.close is None:
            continue
        inner = text[q.open + 1 : q.close].strip()
        if inner and len(inner.split()) <= 3 and text.count(inner) >= 2:
            marks.update((q.open, q.close))
    return frozenset(marks)


def finish(
    text: str, drafts: Sequence[Draft], name_quotes: frozenset[int] = frozenset()
) -> list[Attribution]:
    """Drafts -> records: kind from the marks, speaker names resolved through the document."""
    names = resolve_names(text, drafts)
    name_quotes = name_quotes | term_quotes(text)
    records = []
    for draft, name in zip(drafts, names):
        content = unwrap_quotation(text, draft.content)
        records.append(
            Attribution(
                kind=kind_of(text, content, name_quotes),
                content=content,
                cue=draft.cue,
                speaker=draft.speaker,
                speaker_name=name,
                addressee=draft.addressee,
                via=draft.via,
                score=draft.score,
            )
        )
    return records


def assemble(text: str, tagged: Sequence[TaggedSpan]) -> list[Attribution]:
    """Tagged spans -> finished records."""
    return finish(text, link(text, tagged))
