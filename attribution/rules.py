"""The rule-based tagger: text -> tagged SPEAKER / CUE / CONTENT / ADDRESSEE / VIA spans.

General Arabic-news machinery, one heuristic per function: find reporting cues from the
lexicons, tie each to what links it to its content (a complementiser, a colon, a quote, its
preposition), read the speaker, addressee and via off the words in between, and take the
content up to where the reported material ends. Spans of one record share a group id, and the
linker (``attribution.assemble``) turns them into records.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from attribution.assemble import Draft, TaggedSpan, finish
from attribution.lexicon import CueForm, Lexicon, load
from attribution.names import NAME_LINKS, _name_runs, is_name_word, looks_genitive
from attribution.normalize import normalize
from attribution.quotes import CLOSERS, OPENERS, Quote, find_quotes
from attribution.text import Token, tokenize, trim_span as _trim
from attribution.types import Attribution, Span

__all__ = ["RuleTagger", "tag", "extract_rules"]

# Tokens that end a sentence.
_SENTENCE_END = frozenset(".!?؟")
# The most tokens a speaker (+ addressee, via, time) may take between a cue and its content link.
MAX_GAP = 28
# Prepositional chunks between cue and content that name the channel: "في بيان"، "عبر تويتر".
_VIA_HEADS = frozenset(normalize(w) for w in (
    "بيان تصريح تصريحات حديث مقابلة لقاء كلمة خطاب مؤتمر تغريدة تغريدات رسالة منشور اتصال "
    "بيانه تصريحه حديثه كلمته خطابه تغريدته رسالته مقال مقاله تقرير تقريرها "
    # an account or page on a network (عبر حسابه في تويتر، على صفحتها في فيسبوك)
    "حسابه حسابها حسابهم صفحته صفحتها حساب صفحة"
).split())
_VIA_PREPS = frozenset(normalize(w) for w in ("في", "عبر", "خلال"))
# Occasions a speaker spoke at (في الاجتماع، خلال زيارته): when and where, neither who nor a channel.
_OCCASIONS = frozenset(normalize(w) for w in (
    "اجتماع الاجتماع اجتماعه جلسة الجلسة حفل الحفل ندوة الندوة افتتاح زيارة زيارته "
    "استقباله احتفال الاحتفال ورشة الورشة ملتقى الملتقى منتدى المنتدى قمة القمة مراسم"
).split())
# Time expressions that may stand between cue and content and belong to no field.
_TIME = frozenset(normalize(w) for w in (
    "أمس اليوم الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت مساء صباح أيضا أيضاً "
    "مجددا مجدداً كذلك بدوره بدورها الليلة ظهر الخميس "
    # parts of the day and "that day": "قالت، عصر أول من أمس، الوزارة"، "قال المحاميان يومها"
    "عصر فجر ظهيرة ضحى يومها يومئذ"
).split())
# Prepositions that open a time or circumstance phrase between speaker and content.
_TIME_PREPS = frozenset(normalize(w) for w in ("عند", "خلال", "أثناء", "اثناء", "آنذاك", "حينها", "لدى", "عقب"))
_MONTHS = frozenset(normalize(w) for w in (
    "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر "
    "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين محرم صفر ربيع جمادى رجب شعبان رمضان شوال "
    "ذي يوم عام العام الوقت وقت وقتٍ ساعة الساعة ختام مستهل بداية نهاية مطلع وقت"
).split())


def _is_time_word(token: str) -> bool:
    norm = normalize(token)
    return norm.isdigit() or norm in _MONTHS or (norm[:1] in "وبل" and norm[1:] in _MONTHS)


# Words after a closed quotation that start a new clause, not more of the reported words:
# the adversatives (...» ولكنه اضاف) and the tag lines some sites append (رابط الخبر، سمات).
_QUOTE_CLOSERS = frozenset(normalize(w) for w in ("لكن", "ولكن", "لكنه", "ولكنه", "لكنها", "ولكنها", "رابط", "سمات"))
# Clause openers after a comma with which the writer takes over again: content ends before them.
# (Not "، وذلك": in the hand labels the reported words go on past it 19 times in 23.)
_WRITER_CLAUSE = frozenset(normalize(w) for w in ("فيما", "بينما", "في حين", "في الوقت", "يأتي", "ويأتي"))
# A quote right after one of these prepositions encloses a name (قال إلى «فرانس برس»، لـ«رويترز»).
_NAME_PREPS = frozenset(normalize(w) for w in ("إلى", "لـ", "ل", "عن", "مع", "من", "عبر", "لدى"))
# وفق / طبقاً: "according to" a source, or "in accordance with" a rule
_ACCORDANCE = ("وفق", "طبق")
_SOURCE_PREPS = frozenset(normalize(w) for w in ("حسب", "بحسب", "وفق", "وفقا", "وفقاً", "طبقا", "طبقاً", "لسان"))
# What can report after وفق / طبقاً (besides titles, outlets and names): sources, documents, counts.
_REPORTING_NOUNS = frozenset(normalize(w) for w in (
    "مصادر مصدر مسؤول مسؤولين مسؤولون خبراء خبير محللين محللون دراسة دراسات تقرير تقارير "
    "بيان بيانات إحصاءات إحصائيات احصاءات احصائيات تعداد مسح استطلاع أرقام ارقام شهود سكان "
    "وكالة صحيفة موقع شرطة وزارة هيئة مرصد المرصد متحدث ناطق"
).split())
_PLATFORMS = frozenset(normalize(w) for w in (
    "تويتر", "توتير", "فيسبوك", "فيس بوك", "الفيسبوك", "إنستغرام", "انستغرام", "انستجرام", "إنستجرام",
    "يوتيوب", "اليوتيوب", "سناب شات", "سناب", "واتساب", "واتس اب", "تيك توك", "تلغرام", "تيليجرام",
    "لينكد إن", "X", "Twitter", "Facebook", "Instagram", "YouTube", "Snapchat",
))
_CLAUSE_BREAK = frozenset(normalize(w) for w in ("وهو", "وهي", "وهم", "عندما", "حين", "بينما", "بعدما", "حيث"))
# A speaker never opens with a preposition or a particle: "قال أمام الصحافيين في أنقرة إن"
# has a dropped subject and a circumstance, not a speaker called "أمام الصحافيين".
_NOT_SPEAKER_HEAD = frozenset(normalize(w) for w in (
    "في من على عن إلى الى عند أمام امام لدى خلال بعد قبل منذ مع حول بشأن حسب وفق أثناء اثناء "
    "شريطة بين دون ضمن إثر اثر عقب رغم كما ما قد لا لم لن إذا اذا لو ثم أو بل حيث مرارا مرارًا مراراً أكثر"
    # pious formulas stand between cue and content too: "يتوقع - بمشيئة الله - أن"
    " بمشيئة بإذن بعون"
    # a manner phrase: "وأوضح بشكل واضح أن" (how it was said; the subject is dropped)
    " بشكل بصورة"
    # "but he / as if it" with a pronoun: a new clause, its subject the pronoun (لكنه، وكأنها)
    " لكنه لكنها لكنهم لكن كأنه كأنها كأنهم كأني"
    # accusative adverbs ("وتشدد بدلا من ذلك على"، "خاصة"، "تزامنا مع"): how or when, not who
    " بدلا بدلاً تزامنا تزامناً خاصة خصوصا خصوصاً أيضا أيضاً فيما"
    # "his saying" (نقل عنه قوله، وأضاف بقوله): the cue's own noun, the speaker is the pronoun's
    " قوله قولها قولهم بقوله بقولها بقولهم"
).split())
# Words a cue may carry before its speaker that are not the speaker: "أفادت بذلك صحيفة ..."،
# "وتابع القول: ...".
_CUE_FILLERS = frozenset(normalize(w) for w in (
    "بذلك ذلك القول قائلا قائلاً بالقول "
    # a preposition with a pronoun or an adverb before the subject, if any: "وأكد فيها أن"،
    # "وقال له المدير إن"، "وقال صراحة إن"
    "فيها فيه لها له لهم لهن عليها عليه منها منه بها به عنها عنه إليها إليه "
    "صراحة صراحةً قطعا قطعاً فعلا فعلاً رسميا رسمياً مجددا مجدداً كذلك أيضا أيضاً").split())
# Cues that report through a noun-phrase object with no complementiser ("أكد ضرورة ...",
# "نفى وجود ...", "أعلن عزمه ..."): the object must open with a verbal noun of
# lexicon/object_heads.txt, so "أكد الوزير الخبر" (an act on a thing) stays out.
_NP_OBJECT_CUES = frozenset(normalize(w) for w in ("أكد", "أعلن", "نفى", "أوضح", "بين", "جدد", "توقع", "رجح",
                                                   "استبعد", "شدد", "أفاد", "ذكر"))
# Words after a comma that turn to a new clause: "بل أكدت"، "؛ لكن ..."، "؛ حيث أظهرت".
_ADVERSATIVE = frozenset(normalize(w) for w in ("بل", "لكن", "ولكن", "حيث", "بينما"))
# Verbs of demanding or promising: acts, not reports; after a comma they end the content.
_ACT_VERBS = frozenset(normalize(w) for w in ("طالب", "طالبت", "طالبوا", "ناشد", "ناشدت", "وعد", "وعدت"))
# Verbs that report nothing when negated: no reply (لم ترد الشركة), no claim (لم تعلن أي جهة),
# no charge (ولم يتهم بلاتر بارتكاب أي مخالفات).
_NO_REPORT_WHEN_NEGATED = frozenset(normalize(w) for w in ("رد", "أعلن", "اتهم"))
# Verbs whose present tense reports even with its subject dropped: saying itself, and the
# forecasts that continue a weather or market source ("ويتوقع أن تنخفض درجات الحرارة").
# The farthest a cue may stand from the verb opening its sentence and still share its subject
# ("أشاد فلان ... بالقرارات الجديدة المنظمة لحركة العمالة الوافدة وقال"); beyond it, other clauses
# with subjects of their own come between.
_MAX_COORDINATED = 40
# Prepositions that open a circumstance phrase before a sentence's verb (وفي واشنطن، وجه ...).
_PHRASE_OPENERS = frozenset(normalize(w) for w in ("من", "في", "على", "بعد", "قبل", "خلال", "عن", "إلى",
                                                   "مع", "وسط", "عقب", "إثر", "اثر", "أمام", "بين"))
_SAY = frozenset(normalize(w) for w in ("قال", "قيل", "توقع"))
# Cues of summoning or urging, which take a person object before their preposition:
# "ودعت الكلية المقبولين إلى الحضور": the object is the addressee, not part of the speaker.
_SUMMONS_CUES = frozenset(normalize(w) for w in ("دعا", "حث", "حذر"))
# Words that open such an object: "كافة المستفيدين"، "أصحاب المنشآت"، "كلا من".
_OBJECT_OPENERS = frozenset(normalize(w) for w in ("كافة", "جميع", "كل", "كلا", "أصحاب", "عموم"))
# Adjectives that may follow a feeling noun before its object: "سعادته الكبيرة بـ".
_FEELING_ADJ = frozenset(normalize(w) for w in ("الكبيرة", "الكبير", "البالغ", "البالغة", "الشديد", "الشديدة",
                                                "العميق", "العميقة", "التام", "التامة", "الكامل", "الكاملة"))
# Words that turn a following أن into a subordinate clause of time or manner (بعد أن، دون أن).
_SUBORDINATORS = frozenset(normalize(w) for w in ("بعد", "قبل", "دون", "بدون", "منذ", "رغم", "حتى", "لحين", "بمجرد",
                                                  "عوضا", "بدلا",
                                                  # "إلا أن"، "غير أن"، "بيد أن" (however), "كما أن"
                                                  # (moreover): connectives, never a cue's complementiser
                                                  "إلا", "غير", "بيد", "كما"))
# Impersonal present-tense cues that introduce the writer's own background, not a source.
_WRITER_FORMULAS = frozenset(normalize(w) for w in ("يذكر", "يشار", "يُذكر", "يُشار"))
# Discourse openers before a clause's verb: "من جهته، أكد ..."، "بدوره، قال ...".
_OPENERS_SKIP = frozenset(normalize(w) for w in ("من", "جهته", "جهتها", "ناحيته", "ناحيتها", "جانبه",
                                                 "جانبها", "بدوره", "بدورها", "وبدوره", "وبدورها", "ومن"))
# Thanks are acts, not reports (the guidelines list thanks and praise among the acts): the object
# of "أعرب عن" that makes no record. Condolences and feelings (تعازيه، قلقه) stay records.
_THANKS = frozenset(normalize(w) for w in ("شكر", "امتنان", "ثناء", "عرفان"))
# Degree words before a feeling noun: "عن بالغ امتنانه"، "عن عميق قلقه".
_INTENSIFIERS = frozenset(normalize(w) for w in ("بالغ", "عميق", "خالص", "جزيل"))
_DEGREE = _FEELING_ADJ | _INTENSIFIERS
# Verbs that report only through a colon or an opening quote right after them (and a short
# subject): "وزاد: «...»"، "وزاد خلفان في تغريدة: ..."; otherwise زاد is "increased" and
# اختتم "closed (the meeting)" (واختتم: «...» closes someone's words).
_COLON_CUES = {normalize(w): CueForm(lemma, "past", None, fem, False)
               for lemma, w, fem in (("زاد", "زاد", False), ("زاد", "زادت", True),
                                     ("اختتم", "اختتم", False), ("اختتم", "اختتمت", True))}
_COLON_ONLY = frozenset(cue.lemma for cue in _COLON_CUES.values())
# "جاء في" (it came in = the document says): its own construction, not a lexicon verb (جاء alone
# is "came").
_CAME = frozenset(normalize(w) for w in ("جاء", "جاءت"))
_CAME_IN = CueForm("جاء", "past", None, False, False)
# Bare بين after a word is the preposition "between" (تحد بين الطرفين، من بين الأدنى، مباراة بين
# فريقين); the verb بيّن "explained" opens its clause, after a mark, a discourse opener or قد / كما.
_BAYYANA_AFTER = (_OPENERS_SKIP - {normalize("من"), normalize("ومن")}) | frozenset(
    normalize(w) for w in ("قد", "لقد", "وقد", "فقد", "كما", "وكما", "ثم", "حيث", "فيما", "بينما"))
# Participle cues hang on the clause before them, so a comma + participle ends the content.
# Relative pronouns: a cue right after one has the noun phrase before it as its subject
# ("اتصالاً بمدير المستشفى فلان الذي أكد أن" -> مدير المستشفى فلان).
_RELATIVES = frozenset(normalize(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللذان", "اللتان",
                                              "اللتين", "اللواتي", "اللاتي"))
# The most words a relative pronoun's antecedent may take (a title, a name and an apposition).
_MAX_ANTECEDENT = 8
# Particles after which a clause may put its subject before the verb (لكن الجيش نفى،
# وأن التحقيقات أكدت، وكان المحامي فلان، قد أكد): the words between them and the cue are the subject.
_SUBJECT_PARTICLES = frozenset(normalize(w) for w in ("لكن", "ولكن", "أن", "وأن", "إن", "وإن", "بأن", "لأن",
                                                      "كان", "وكان", "كانت", "وكانت"))
# The most words such a preposed subject may take.
_MAX_PREPOSED = 7
# Quantifiers that head a subject phrase (بعض الأعضاء، أحد المسؤولين، عدد من الخبراء): the
# source is the phrase they open, although the word itself is neither a name nor definite.
_QUANTIFIERS = frozenset(normalize(w) for w in ("بعض", "أحد", "إحدى", "عدد", "كل", "جميع", "معظم", "أغلب",
                                                "غالبية", "بضعة", "عشرات", "مئات", "آلاف"))


@dataclass
class _Doc:
    text: str
    tokens: list[Token]
    norm: list[str]
    sentence_end: list[int]  # for each token, index of the token that ends its sentence (excl.)
    sentence_start: list[int]
    quote_at_open: dict[int, Quote]  # token index of an opening mark -> quote
    quote_close_tok: dict[int, Quote]  # token index of a closing mark -> quote
    name_quotes: set[int] = field(default_factory=set)  # char offsets of marks around names


def _sentences(text: str, tokens: list[Token]) -> tuple[list[int], list[int]]:
    """Sentence bounds per token; a newline or a final mark ends a sentence."""
    n = len(tokens)
    starts, ends = [0] * n, [n] * n
    bounds = []
    s = 0
    for i, tok in enumerate(tokens):
        newline_after = i + 1 < n and "\n" in text[tok.end : tokens[i + 1].start]
        # a full stop inside a word group (إن.بي.سي، U.S.) does not end the sentence; one
        # glued between two full words (وخارجها.وأوضح) is a missing space, and does
        glued = tok.text == "." and i + 1 < n and tokens[i + 1].start == tok.end and not (
            i > 0 and tokens[i - 1].end == tok.start and len(tokens[i - 1].text) >= 3
            and len(tokens[i + 1].text) >= 3 and tokens[i - 1].is_word and tokens[i + 1].is_word)
        if (tok.text in _SENTENCE_END and not glued) or newline_after:
            bounds.append((s, i + 1))
            s = i + 1
    if s < n:
        bounds.append((s, n))
    for a, b in bounds:
        for i in range(a, b):
            starts[i], ends[i] = a, b
    return starts, ends


class RuleTagger:
    """Tags attributions by rule; stateless after construction, safe to share."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load()

    # --- document set-up ----------------------------------------------------------------------

    def _prepare(self, text: str) -> _Doc:
        tokens = tokenize(text)
        norm = [normalize(t.text) for t in tokens]
        starts, ends = _sentences(text, tokens)
        offset_to_tok = {t.start: i for i, t in enumerate(tokens)}
        quote_open, quote_close = {}, {}
        doc = _Doc(text, tokens, norm, ends, starts, quote_open, quote_close)
        for q in find_quotes(text):
            i = offset_to_tok.get(q.open)
            if i is None:
                continue
            quote_open[i] = q
            if q.close is not None and q.close in offset_to_tok:
                quote_close[offset_to_tok[q.close]] = q
            # Marks right after an outlet noun enclose a name (وكالة «تاس»), not a quotation.
            prev = norm[i - 1] if i > 0 else ""
            # (an indefinite outlet noun: "المشروع «سيغير ...»" is a predicate, not a name)
            outlet = self.lexicon.in_set(prev, self.lexicon.outlets) and not _strip_conj(prev).startswith("ال") \
                and not _sentence_quoted(text, q)
            # a short closed quote right after بحسب / وفق names the source (حسب «رويترز»)
            source = _among(prev, _SOURCE_PREPS) and q.close is not None \
                and len(text[q.open + 1 : q.close].split()) <= 4
            # a quoted network name (عبر حسابه في "تويتر") is a name, never a quotation
            platform = q.close is not None and normalize(text[q.open + 1 : q.close].strip()) in _PLATFORMS
            if i > 0 and (outlet or source or platform or _strip_conj(prev) in _NAME_PREPS or self._quoted_speaker(doc, i, q)):
                doc.name_quotes.add(q.open)
                if q.close is not None:
                    doc.name_quotes.add(q.close)
        return doc

    def _quoted_speaker(self, doc: _Doc, i: int, q: Quote) -> bool:
        """Marks around the speaker's name right after a cue, before the words themselves:
        وقال "البرقان": "..." (some papers quote the name). Only one to three words, closed,
        and followed by a colon or a new quote."""
        if i == 0 or q.close is None or not doc.tokens[i - 1].is_word or self.lexicon.cue_normalized(doc.norm[i - 1]) is None:
            return False
        inner = doc.text[q.open + 1 : q.close].split()
        if not 1 <= len(inner) <= 3:
            return False
        rest = doc.text[q.close + 1 : q.close + 4].lstrip()
        if rest[:1] in (":", "：") or rest[:1] in OPENERS:
            return True
        after = doc.text[q.close + 1 : q.close + 40].split()
        if after and self.lexicon.is_complementiser(after[0].strip("،,")):
            return True  # وذكر "القصيبي" أن ...: the name in marks, then the complementiser
        # or a channel before the words: وقال "القوس" عبر حسابه في "تويتر": "..."
        return len(after) >= 2 and self._opens_via(_strip_conj(normalize(after[0])), after[1])

    # --- the tagger ---------------------------------------------------------------------------

    def drafts(self, text: str) -> tuple[list[Draft], frozenset[int]]:
        doc = self._prepare(text)
        drafts: list[Draft] = []
        claimed: set[int] = set()  # cue token indices already used
        i = 0
        n = len(doc.tokens)
        while i < n:
            draft = None
            phrase_len = self._phrase_at(doc, i)
            if phrase_len:
                draft = self._nominal(doc, i, phrase_len, drafts)
                if draft is not None and draft.cue is not None:
                    # the verb of "حسب ما أفادت" is part of this cue, not a record of its own
                    k = i
                    while k < n and doc.tokens[k].start < draft.cue.end:
                        claimed.add(k)
                        k += 1
            elif doc.tokens[i].is_word and i not in claimed and _strip_conj(doc.norm[i]) in _CAME:
                draft = self._came_in(doc, i)  # جاء is no lexicon cue: only "جاء في" reports
            elif doc.tokens[i].is_word and i not in claimed:
                cue = self.lexicon.cue_normalized(doc.norm[i]) or _COLON_CUES.get(_strip_conj(doc.norm[i]))
                if cue is not None and cue.form in ("past", "present") and not _verb_shaped(doc.tokens[i].text):
                    cue = None
                if cue is not None and cue.form == "participle" and doc.tokens[i].text.endswith("أ"):
                    cue = None  # مبدأ (a principle), not the participle مبدياً
                if cue is not None and _through(doc, i, cue):
                    cue = None
                if cue is not None and _verbal_noun_reading(doc, i, cue):
                    cue = None
                if cue is not None and cue.first_person and not _reported(doc, drafts, doc.tokens[i].start):
                    cue = None  # "نقول إن"، "أرى أن" outside anyone's words: the writer's own voice
                if cue is not None:
                    draft = self._verbal(doc, i, cue, drafts)
            if draft is not None:
                drafts.append(draft)
            i += 1
        drafts.sort(key=lambda d: (d.content[0].start, d.cue.start if d.cue else -1))
        return _dedupe(drafts), frozenset(doc.name_quotes)

    def tag(self, text: str) -> list[TaggedSpan]:
        """Tagged spans, grouped per record."""
        out = []
        for g, d in enumerate(self.drafts(text)[0]):
            for role, span in (("CUE", d.cue), ("SPEAKER", d.speaker), ("ADDRESSEE", d.addressee),
                               ("VIA", d.via)):
                if span is not None:
                    out.append(TaggedSpan(role, span, g))
            out.extend(TaggedSpan("CONTENT", part, g) for part in d.content)
        return out

    def extract(self, text: str) -> list[Attribution]:
        drafts, name_quotes = self.drafts(text)
        return finish(text, drafts, name_quotes)

    # --- cues ---------------------------------------------------------------------------------

    def _phrase_at(self, doc: _Doc, i: int) -> int:
        """Length in tokens of a nominal cue (بحسب، وفقاً لـ، نقلاً عن) starting at token i."""
        # the word itself first: وفق / وفقاً begin with و but it is no conjunction
        head = doc.norm[i] if doc.norm[i] in self.lexicon.phrase_heads else _strip_conj(doc.norm[i])
        if head not in self.lexicon.phrase_heads:
            return 0
        for phrase in self.lexicon.phrases:
            k = len(phrase)
            if i + k > len(doc.norm):
                continue
            words = [head] + doc.norm[i + 1 : i + k]
            # "وفقا لـ" / "وفقاً للبيان": the last word may carry the ل as a clitic.
            if words[:-1] == list(phrase[:-1]) and (
                words[-1] == phrase[-1] or (phrase[-1] == "ل" and words[-1].startswith("ل"))
            ):
                if phrase[-1] == "ل" and words[-1] != "ل":
                    return k - 1 or 1  # the ل is part of the source token
                return k
        return 0

    def _verbal(self, doc: _Doc, i: int, cue: CueForm, previous: list[Draft]) -> Draft | None:
        """A verb or participle cue at token i: find its link, speaker and content."""
        if _between(doc, i):
            return None
        if self._feeling_of_cue(doc, i):
            return None  # "أعرب عن أمله في أن": the feeling noun belongs to أعرب's record
        end = doc.sentence_end[i]
        link = self._find_link(doc, i, cue, end)
        if link is None and normalize(cue.lemma) == normalize("اتهم"):
            link = self._charge(doc, i, end)
        cue_span = Span.of(doc.text, doc.tokens[i].start, doc.tokens[i].end)
        if link is None:
            if cue.lemma in _COLON_ONLY:
                return None
            if normalize(cue.lemma) == normalize("أبدى") and cue.form != "masdar":
                found = self._feeling_object(doc, i, cue, cue_span, end, previous)
                if found is not None:
                    return found
            if normalize(cue.lemma) in _NP_OBJECT_CUES and cue.form != "masdar":
                found = self._np_object(doc, i, cue, cue_span, end, previous)
                if found is not None:
                    return found
            if cue.lemma in self.lexicon.ambiguous or cue.form not in ("past", "present"):
                return None
            return self._postposed(doc, i, cue_span, previous)
        kind, j = link
        if cue.lemma in _COLON_ONLY and (kind not in ("colon", "quote") or j - i > 4):
            return None  # "وزاد المؤشر 0.3%" is a rise; only "وزاد: «...»" reports
        if _strip_conj(doc.norm[i]) in _WRITER_FORMULAS and kind in ("comp", "prepcomp") and j <= i + 2:
            return None  # "يذكر أن"، "يشار إلى أن": the writer's background, no source
        if (cue.form == "masdar" or doc.norm[i] == normalize("أمل")) and i > 0 and _strip_conj(doc.norm[i - 1]) in ("في", "علي"):
            return None  # "في إشارة إلى أن"، "على أمل أن": the writer's gloss or purpose, no source
        if normalize(cue.lemma) in _NO_REPORT_WHEN_NEGATED and i > 0 and _strip_conj(doc.norm[i - 1]) in ("لم", "لا"):
            return None  # "ولم ترد الشركة على طلبات التعليق"، "ولم تعلن أي جهة مسؤوليتها": nothing reported
        if normalize(cue.lemma) == normalize("دعا") and i > 0 and _strip_conj(doc.norm[i - 1]) in ("ما", "مما"):
            return None  # "مما دعا المالكي الذهاب": "which led him to", no call
        if cue.form == "present" and normalize(cue.lemma) != normalize("قال") and kind in ("comp", "prepcomp") and (
            j - i > 9 and any(doc.tokens[m].text in "،," for m in range(i + 1, j))
        ):
            return None  # "يبلغ وزنه 350 جراماً، ...، ويمكن أن": a far complementiser is another verb's
        if cue.lemma in self.lexicon.ambiguous and kind in ("comp", "prepcomp") and (
            j - i > 9 or any(doc.tokens[m].text in "،," for m in range(i + 1, j))
        ) and not (self._titled_subject(doc, i + 1) and doc.tokens[i].text != "بين"):
            # "بين X و Y ... أن": a far complementiser belongs to another verb, unless a
            # title or a name opens the gap ("وذكر مدير الدفاع المدني العقيد فلان ... أن");
            # bare بين is too often "between" for that (بين المدير الناجح وغيره)
            return None
        if kind == "prep" and normalize(cue.lemma) == normalize("نقل"):
            relayed = self._relayed(doc, i, j, end)
            if relayed is not None:
                return relayed
        if cue.lemma in self.lexicon.ambiguous and kind not in ("comp", "prepcomp", "prep") and not (
            kind == "colon" and j == i + 1 and cue.form == "past" and doc.norm[i][:1] in "وف"
        ):
            # بين «...»، عبر «...»: a preposition before a quote, not a cue; "وبيّن: «...»" with
            # its conjunction and a colon at once can only be the verb
            return None
        if cue.lemma in self.lexicon.ambiguous and kind == "prep" and cue.form == "masdar":
            return None
        if kind == "charge":  # "اتهمت الحكومة أسبانيا بانتهاك سيادتها": the charge is the content
            gap = (i + 1, j)
            content = self._np_content(doc, j, end)
        elif kind in ("prep", "prepcomp"):
            if j == i + 1:  # adjacent preposition belongs to the cue (أعرب عن، مشيراً إلى)
                cue_span = Span.of(doc.text, doc.tokens[i].start, doc.tokens[j].end)
            gap = (i + 1, j)
            feeling_comp = self._after_feeling(doc, j + 1, end) if kind == "prep" else None
            if feeling_comp is not None:  # "أعرب عن أمله في أن ...": content after the complementiser
                content = self._content_after(doc, feeling_comp, "comp", end)
            elif kind == "prep":
                content = self._np_content(doc, j + 1, end)
            else:
                content = self._content_after(doc, j + 1, "comp", end)
        else:
            gap = (i + 1, j)
            content = self._content_after(doc, j, kind, end)
        if content is None:
            return None
        if kind == "prep" and self._thanks(doc, j + 1):
            return None  # "أعرب عن شكره وتقديره لـ...": thanks are an act, no proposition
        speaker, addressee, via = self._read_gap(doc, *gap)
        if speaker is not None and addressee is None and normalize(cue.lemma) in _SUMMONS_CUES:
            speaker, addressee = self._summoned(doc, speaker)
        if via is None:
            via = self._trailing_via(doc, content[-1].end, end)
        passive = _is_passive(doc.tokens[i].text) or normalize(cue.lemma) == normalize("قيل")
        if cue.form == "participle":
            # a participle's subject is its main clause's; words after it are its object
            speaker = _last_speaker_in_sentence(previous, doc, i)
            if speaker is None or speaker.end < doc.tokens[doc.sentence_start[i]].start:
                # the main verb is no cue ("قلل فلان من أهمية ...، معتبراً أن"): its subject,
                # before a speaker of an earlier sentence
                speaker = self._main_subject(doc, i) or (
                    None if _record_in_sentence(previous, doc, i)
                    else self._linkless_cue_subject(doc, i) or self._coordinated_subject(doc, i, cue, previous)
                ) or speaker
        if cue.first_person:
            speaker = None  # "نأمل" inside a quote: the quoted speaker himself (a dropped subject)
        elif speaker is None and not passive and cue.form != "participle":
            speaker = self._relative_antecedent(doc, i) or self._svo_subject(doc, i) or self._preposed_subject(doc, i)
            if speaker is None and not _record_in_sentence(previous, doc, i):
                speaker = self._coordinated_subject(doc, i, cue, previous)
        if cue.form == "present" and speaker is None and not passive and not cue.first_person \
                and normalize(cue.lemma) not in _SAY:
            # "يشير إلى أن"، "يعتقد أن"، "يؤكد أن" with no subject in sight: a general statement
            # or the writer's own argument far more often than a source's (on the hand-labelled
            # training split such records were right 7 times in 58); يقول / يقال / يتوقع are kept
            return None
        return Draft(content=content, cue=cue_span, speaker=speaker, addressee=addressee, via=via,
                     passive=passive and speaker is None, score=_score(kind, speaker is not None, cue.form))

    def _np_object(self, doc: _Doc, i: int, cue: CueForm, cue_span: Span, end: int,
                   previous: list[Draft]) -> Draft | None:
        """"أكد الوزير ضرورة الالتزام بالأنظمة": the object noun phrase is the content; the
        words before its verbal-noun head are the speaker (none after a participle)."""
        limit = min(end, i + 1 + (1 if cue.form == "participle" else 12))
        k = i + 1
        announce = normalize(cue.lemma) == normalize("أعلن") and cue.form != "participle"
        while k < limit:
            if announce and doc.tokens[k].text in "،,":
                k += 1  # "أعلنت الحركة، الجمعة، تعيين": past a time phrase between commas
                continue
            if not doc.tokens[k].is_word or self.lexicon.cue_normalized(doc.norm[k]):
                return None
            if self.lexicon.in_set(doc.tokens[k].text, self.lexicon.object_heads) or (announce and self._announced(doc, i, k)):
                break
            k += 1
        else:
            return None
        content = self._np_content(doc, k, end)
        if content is None:
            return None
        return self._np_draft(doc, i, k, cue, cue_span, content, previous)

    def _np_draft(self, doc: _Doc, i: int, k: int, cue: CueForm, cue_span: Span, content: Span,
                  previous: list[Draft]) -> Draft:
        """A noun-phrase record's sources. A participle (مؤكداً، معرباً عن) hangs on its main
        clause: the speaker of the sentence's last record, else its opening verb's subject;
        a verb reads its gap up to token k (where the object starts), else a subject before it."""
        if cue.form == "participle":
            speaker = _last_speaker_in_sentence(previous, doc, i)
            if speaker is None or speaker.end < doc.tokens[doc.sentence_start[i]].start:
                speaker = self._main_subject(doc, i) or speaker
            addressee = via = None
        else:
            speaker, addressee, via = self._read_gap(doc, i + 1, k) if k > i + 1 else (None, None, None)
            if speaker is None:
                speaker = self._svo_subject(doc, i)
        return Draft(content=content, cue=cue_span, speaker=speaker, addressee=addressee, via=via,
                     score=_score("np", speaker is not None, cue.form))

    def _announced(self, doc: _Doc, i: int, k: int) -> bool:
        """Whether token k opens what the أعلن at token i announces: an event noun right after
        the end of the subject, that is after a definite word or a time phrase's comma
        ("أعلنت الوزارة مقتل 27 شخصاً"، "أعلنت حركة طالبان، الجمعة، تعيين الملا"). Announced
        events are too many kinds for a list, so a common noun or a verbal noun by its pattern
        (تفعيل، إفعال، افتعال، انفعال، استفعال) counts; a word after a title is the holder's name
        (أعلن الأمير سلطان), and one with a clitic preposition (باسم) belongs to the subject."""
        if k <= i + 1:
            return False
        norm = _strip_conj(doc.norm[k])
        if norm.startswith(("ال", "ب", "ل", "ك")) or norm.isdigit() or norm in _NOT_SPEAKER_HEAD or norm in _TIME:
            return False
        if not (_strip_conj(doc.norm[k - 1]).startswith("ال") or doc.tokens[k - 1].text in "،,") \
                or self.lexicon.is_title(doc.tokens[k - 1].text) or self.lexicon.in_set(doc.tokens[k].text, self.lexicon.titles):
            return False
        if k + 1 < len(doc.tokens) and doc.norm[k + 1] in NAME_LINKS:
            return False  # "أعلن الأمير سلطان بن سلمان": a name
        return self.lexicon.in_set(doc.tokens[k].text, self.lexicon.common_nouns) or _verbal_noun(norm)

    def _feeling_object(self, doc: _Doc, i: int, cue: CueForm, cue_span: Span, end: int,
                        previous: list[Draft]) -> Draft | None:
        """"أبدى الزوار سعادتهم بإقامة المهرجان": the feeling noun stays out (as before a
        complementiser) and what it is about, after بـ / من / على / تجاه, is the content."""
        limit = min(end, i + 1 + 12)
        k = i + 1
        while k < limit and not self.lexicon.in_set(doc.tokens[k].text, self.lexicon.feelings):
            if not doc.tokens[k].is_word and doc.tokens[k].text not in "«»\"":
                return None
            k += 1
        if k >= limit or k + 1 >= end:
            return None
        nxt = k + 1
        while nxt < end and doc.norm[nxt] in _FEELING_ADJ:
            nxt += 1  # "سعادته الكبيرة بـ"
        if nxt >= end:
            return None
        norm = doc.norm[nxt]
        if norm in ("من", "علي", "تجاه", "حيال", "ازاء", "في"):
            start = nxt + 1
        elif norm.startswith("ب") and len(norm) > 2 and not self.lexicon.is_complementiser(doc.tokens[nxt].text):
            start = nxt  # the attached بـ cannot be split off
        else:
            return None
        if start < end and self.lexicon.is_complementiser(doc.tokens[start].text):
            content = self._content_after(doc, start, "comp", end)  # "أبدى أمله في أن ...": after أن
        else:
            content = self._np_content(doc, start, end)
        if content is None:
            return None
        return self._np_draft(doc, i, k, cue, cue_span, content, previous)

    def _relayed(self, doc: _Doc, i: int, j: int, end: int) -> Draft | None:
        """"نقلت وكالة X عن فلان قوله «...»": the speaker is the one quoted after عن and the
        outlet before it is the via; the content follows the speaker's own link."""
        k = j + 1
        while k < min(end, j + 1 + MAX_GAP):
            if self.lexicon.is_complementiser(doc.tokens[k].text):
                kind = "comp"
                break
            if doc.tokens[k].text in (":", "："):
                kind = "colon"
                break
            if k in doc.quote_at_open and doc.quote_at_open[k].open not in doc.name_quotes:
                kind = "quote"
                break
            k += 1
        else:
            return None
        stop = k
        while stop > j + 1 and (_strip_conj(doc.norm[stop - 1]).startswith(("قول", "تاكيد", "تصريح"))
                                or not doc.tokens[stop - 1].is_word):
            stop -= 1  # "قوله"، "تأكيده": the speaker's saying, not the speaker
        if stop <= j + 1:
            return None
        content = self._content_after(doc, k, kind, end)
        if content is None:
            return None
        speaker = _trim(doc.text, doc.tokens[j + 1].start, doc.tokens[stop - 1].end)
        via = _trim(doc.text, doc.tokens[i + 1].start, doc.tokens[j - 1].end) if j > i + 1 else None
        cue_span = Span.of(doc.text, doc.tokens[i].start, doc.tokens[i].end)
        return Draft(content=content, cue=cue_span, speaker=speaker, via=via, score=_score(kind, True, "past"))

    def _titled_subject(self, doc: _Doc, k: int) -> bool:
        """Whether token k opens a subject with a title or a two-word proper name."""
        if k >= len(doc.tokens) or not doc.tokens[k].is_word:
            return False
        if self.lexicon.is_title(doc.tokens[k].text):
            return True
        return k + 1 < len(doc.tokens) and is_name_word(doc.tokens[k].text) \
            and not doc.norm[k].startswith("ال") and doc.tokens[k + 1].is_word \
            and (is_name_word(doc.tokens[k + 1].text) or doc.norm[k + 1].startswith("ال"))

    def _find_link(self, doc: _Doc, i: int, cue: CueForm, end: int) -> tuple[str, int] | None:
        """What ties the cue to its content: ("comp"|"colon"|"quote"|"prep", token index)."""
        limit = min(end, i + 1 + MAX_GAP)
        j = i + 1
        subordinate = False  # inside "قبل أن ..." / "بعد أن ...": only a colon or a quote may follow
        while j < limit:
            tok, norm = doc.tokens[j].text, doc.norm[j]
            if self.lexicon.is_complementiser(tok) and not subordinate:
                if j > i + 1 and _strip_conj(doc.norm[j - 1]) in _SUBORDINATORS:
                    # "بعد أن"، "دون أن": a time or manner clause, not reported speech; the words
                    # may still come after it ("وقال الرئيس قبل أن يبدأ جولته «...»")
                    subordinate = True
                    j += 1
                    continue
                return "comp", j
            if tok in (":", "："):
                return "colon", j
            if j in doc.quote_at_open and doc.quote_at_open[j].open not in doc.name_quotes:
                return "quote", j
            if cue.prep and _strip_conj(norm) in (cue.prep, normalize(cue.prep)):
                nxt = doc.norm[j + 1] if j + 1 < len(doc.norm) else ""
                if self.lexicon.is_complementiser(doc.tokens[j + 1].text if j + 1 < len(doc.tokens) else ""):
                    return "prepcomp", j
                if cue.form != "masdar" and nxt and nxt not in _SENTENCE_END:
                    return "prep", j
            if tok in _SENTENCE_END:
                return None
            # Another cue before any link: this one has no content of its own. A nominal cue
            # phrase in the gap is the channel instead ("قالت الصحيفة نقلا عن مسؤولين إن").
            if doc.tokens[j].is_word:
                other = self.lexicon.cue_normalized(norm)
                if other is not None and other.form != "masdar" and not _through(doc, j, other) \
                        and not _between(doc, j) and not self._phrase_at(doc, j):
                    return None
            j += 1
        return None

    # --- content ------------------------------------------------------------------------------

    def _charge(self, doc: _Doc, i: int, end: int) -> tuple[str, int] | None:
        """What an accusation (اتهم at token i) charges, when no complementiser follows: the
        first noun behind a clitic ب within reach ("اتهمت الحكومة أمس أسبانيا بانتهاك
        سيادتها"، "متهما وكيله بالتحايل عليه"): ("charge", its token index)."""
        for k in range(i + 1, min(end, i + 1 + MAX_GAP)):
            if not doc.tokens[k].is_word:
                if doc.tokens[k].text in "،,":
                    continue
                return None
            norm = _strip_conj(doc.norm[k])
            if k > i + 1 and self.lexicon.cue_normalized(norm) is not None:
                return None  # another cue first: this one reports nothing of its own
            rest = norm[1:]
            if norm.startswith("ب") and len(rest) >= 3 and (
                rest.startswith("ال") or rest in self.lexicon.common_nouns or _verbal_noun(rest)
                or self.lexicon.in_set(rest, self.lexicon.object_heads)
            ):
                return "charge", k
        return None

    def _trailing_via(self, doc: _Doc, content_end: int, end: int) -> Span | None:
        """"...، بحسب وكالة «تاس»." right after the content names the channel of the record."""
        k = self._token_after_char(doc, content_end)
        while k is not None and k < end and doc.tokens[k].text in "،,»”\"":
            k += 1
        if k is None or k >= end:
            return None
        length = self._phrase_at(doc, k)
        if not length:
            return None
        stop = k + length
        while stop < end and doc.tokens[stop].text not in _SENTENCE_END and doc.tokens[stop].text not in "،,":
            stop += 1
        if stop - k > 10:
            return None
        return _trim(doc.text, doc.tokens[k].start, doc.tokens[stop - 1].end)

    def _content_after(self, doc: _Doc, j: int, kind: str, end: int) -> tuple[Span, ...] | None:
        """Content after a link token at j (the complementiser, colon or opening mark)."""
        start = j if kind == "quote" else j + 1
        # a stray letter after a complementiser ("فإن ن موسكو") is a typo fragment
        if start < end and start in doc.quote_at_open:
            q = doc.quote_at_open[start]
            if q.open not in doc.name_quotes:
                after = self._token_after_char(doc, q.end + (1 if q.close is not None else 0))
                ends_here = (
                    after is None or after >= end or q.close is None
                    or doc.tokens[after].text in _SENTENCE_END or doc.tokens[after].text in "،,"
                    or self._phrase_at(doc, after) > 0  # «...» حسب الوكالة: the via follows
                    or self._quote_closes_content(doc, q, after)
                )
                if ends_here:
                    inner_start, inner_end = q.inner
                    span = _trim(doc.text, inner_start, inner_end)
                    return (span,) if span else None
        if kind == "colon" and start + 1 < end and self.lexicon.is_complementiser(doc.tokens[start].text):
            start += 1  # "وقال: إن الهدف ..." is indirect, and its complementiser is no content
        if start >= end:
            return None
        stop = self._clause_end(doc, start, end)
        span = _trim(doc.text, doc.tokens[start].start, doc.tokens[stop - 1].end) if stop > start else None
        return (span,) if span else None

    def _came_in(self, doc: _Doc, i: int) -> Draft | None:
        """"وجاء في البيان أن ..."، "وجاء في الرسالة: «...»": what a document says; the document
        after في is the source, and only a complementiser, colon or quote links it to content."""
        end = doc.sentence_end[i]
        if i + 2 >= end or doc.norm[i + 1] != "في":
            return None
        link = self._find_link(doc, i + 1, _CAME_IN, end)
        if link is None or link[0] not in ("comp", "colon", "quote") or link[1] - i > 12:
            return None
        kind, j = link
        speaker, _, via = self._read_gap(doc, i + 2, j)
        content = self._content_after(doc, j, kind, end) if speaker is not None else None
        if content is None:
            return None
        cue_span = Span.of(doc.text, doc.tokens[i].start, doc.tokens[i + 1].end)
        return Draft(content=content, cue=cue_span, speaker=speaker, via=via, score=_score(kind, True, "past"))

    def _feeling_of_cue(self, doc: _Doc, i: int) -> bool:
        """Whether token i is the feeling object of the verb cue before it (أعرب عن أمله، أبدى أمله)."""
        if not self.lexicon.in_set(doc.tokens[i].text, self.lexicon.feelings):
            return False
        # أعرب [الوزير] عن أمله، أبدى [الزعيم] أمله: the verb is a few words back in the sentence
        after_an = i > 0 and doc.norm[i - 1] == "عن"
        for k in range(i - (2 if after_an else 1), max(doc.sentence_start[i], i - 10) - 1, -1):
            before = self.lexicon.cue_normalized(doc.norm[k]) if doc.tokens[k].is_word else None
            if before is not None and before.form != "masdar":
                return before.prep == "عن" if after_an else normalize(before.lemma) == normalize("أبدى")
        return False

    def _after_feeling(self, doc: _Doc, k: int, end: int) -> int | None:
        """The complementiser after a feeling noun at k (أمله في أن، ثقته بأن، تطلعه أن), if any."""
        if k >= end or not self.lexicon.in_set(doc.tokens[k].text, self.lexicon.feelings):
            return None
        k += 1
        while k < end and doc.norm[k] in _FEELING_ADJ:
            k += 1
        if k < end and doc.norm[k] in ("في", "من", "علي") and k + 1 < end:
            k += 1
        return k if k < end and self.lexicon.is_complementiser(doc.tokens[k].text) else None

    def _thanks(self, doc: _Doc, k: int) -> bool:
        """Whether the object at token k is thanks (شكره، بالغ امتنانه، عن تقديرها)."""
        while k < len(doc.tokens) and doc.norm[k] in _DEGREE:
            k += 1
        return k < len(doc.tokens) and self.lexicon.in_set(doc.tokens[k].text, _THANKS)

    def _np_content(self, doc: _Doc, start: int, end: int) -> tuple[Span, ...] | None:
        """The object of a prepositional cue (أعرب عن قلقه من ...، كشف عن خطة ...)."""
        if start >= end:
            return None
        stop = self._clause_end(doc, start, end)
        span = _trim(doc.text, doc.tokens[start].start, doc.tokens[stop - 1].end) if stop > start else None
        return (span,) if span else None

    def _clause_end(self, doc: _Doc, start: int, end: int) -> int:
        """Where reported material starting at ``start`` ends (exclusive token index)."""
        k = start
        while k < end:
            tok = doc.tokens[k].text
            if k in doc.quote_at_open:  # a quote inside the clause is skipped whole
                q = doc.quote_at_open[k]
                nxt = self._token_after_char(doc, q.end)
                if nxt is not None and nxt > k:
                    k = nxt if q.close is None else nxt + 1
                    if q.close is not None and k < end and self._quote_closes_content(doc, q, k):
                        return k
                    continue
            if tok in "،,;؛":
                nxt = k + 1
                if nxt < end:
                    n_norm = doc.norm[nxt]
                    cue = self.lexicon.cue(doc.tokens[nxt].text)
                    # a participle cue or a nominal cue starts its own record / the via
                    if (cue and cue.form == "participle") or self._phrase_at(doc, nxt):
                        return k
                    if n_norm in _WRITER_CLAUSE or " ".join(doc.norm[nxt:nxt + 2]) in _WRITER_CLAUSE:
                        return k
                    # "، وأضاف ..."، "، بل أكدت ..."، "، وطالب ...": a new reporting or demanding
                    # verb starts the next record (or an act), not more of this content
                    head = nxt + 1 if n_norm in _ADVERSATIVE and nxt + 1 < end else nxt
                    verb = self.lexicon.cue(doc.tokens[head].text)
                    if (verb and verb.form == "past" and (head > nxt or doc.norm[head][:1] in "وف")) \
                            or _strip_conj(doc.norm[head]) in _ACT_VERBS:
                        return k
                    if tok in ";؛" and n_norm in _ADVERSATIVE:
                        return k  # "؛ لكن الجيش نفى ..."
            if tok == "(" and self._gloss_to_end(doc, k, end):
                return k
            if k > start and doc.tokens[k].is_word and self._opens_next_report(doc, k):
                return k
            k += 1
        return end

    def _opens_next_report(self, doc: _Doc, k: int) -> bool:
        """Whether token k starts the next record with no comma before it: a
        participle cue ("... حقيقية مشيرًا إلى أن") or a conjoined past cue ("حدوث التبديل وقال
        إنه"). (لكن alone is not: in the hand labels the reported words go on past it more often.)"""
        norm = doc.norm[k]
        cue = self.lexicon.cue_normalized(norm)
        if cue is None or _between(doc, k) or _through(doc, k, cue) or cue.lemma in self.lexicon.ambiguous:
            return False
        return cue.form == "participle" or (cue.form == "past" and norm[:1] in "وف" and not cue.first_person
                                            and _verb_shaped(doc.tokens[k].text))

    def _quote_closes_content(self, doc: _Doc, q: Quote, after: int) -> bool:
        """Whether reported words end with the closed quote q, token ``after`` following it: the
        quotation ends its own sentence («... المقبل.» ووصل ...), or a new record or clause
        starts right after it (a participle cue: "...» مضيفة أن"; a conjoined past cue: "...»
        وتابع"; لكن / ولكنه; the site's tag line: رابط الخبر، سمات)."""
        inner = doc.text[q.inner[0] : q.inner[1]].rstrip()
        if inner[-1:] in ".!?؟…":
            return True
        word = doc.tokens[after].text
        cue = self.lexicon.cue(word)
        if cue is not None and (cue.form == "participle" or (
                cue.form == "past" and doc.norm[after][:1] in "وف" and _verb_shaped(word))):
            return True
        return doc.norm[after] in _QUOTE_CLOSERS

    def _gloss_to_end(self, doc: _Doc, k: int, end: int) -> bool:
        """A parenthesis that closes just before the sentence ends is the writer's gloss."""
        for m in range(k + 1, min(end, k + 8)):
            if doc.tokens[m].text == ")":
                return m + 1 >= end or doc.tokens[m + 1].text in _SENTENCE_END
        return False

    def _token_after_char(self, doc: _Doc, offset: int) -> int | None:
        lo, hi = 0, len(doc.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if doc.tokens[mid].start < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(doc.tokens) else None

    # --- speaker, addressee, via --------------------------------------------------------------

    def _read_gap(self, doc: _Doc, a: int, b: int) -> tuple[Span | None, Span | None, Span | None]:
        """Split the tokens between cue and link into speaker, addressee and via."""
        chunks: list[tuple[str, int, int]] = []
        # A circumstantial or temporal clause (وهو يصافح، عندما سئل) ends the speaker.
        for m in range(a + 1, b):
            if doc.norm[m] in _CLAUSE_BREAK:
                b = m
                break
        chunks = self._leading_addressee(doc, a, b)
        k = a = chunks[-1][2] if chunks else a
        current, cstart = "speaker", a
        while k < b:
            norm = _strip_conj(doc.norm[k])
            role = None
            nxt = doc.tokens[k + 1].text if k + 1 < b else ""
            if self._opens_via(norm, nxt) or (current != "via" and self._phrase_at(doc, k)):
                role = "via"  # "في بيان"، "عبر حسابه"; "وأضاف بحسب الوكالة:" names the channel
            elif k > a and current != "via" and (
                (norm.startswith("ل") and self.lexicon.in_set(doc.tokens[k].text, self.lexicon.addressees))
                or (norm in ("لـ", "ل", "الي") and nxt and (nxt in OPENERS or self.lexicon.in_set(nxt, self.lexicon.addressees)))
            ):
                role = "addressee"
            elif current == "speaker" and k == b - 1 and k > a and self.lexicon.in_set(doc.tokens[k].text, self.lexicon.feelings):
                role = "time"  # أبدى الزعيم ثقته بأن: the feeling noun is neither speaker nor content
            elif norm in _TIME or doc.tokens[k].text in "،,":
                # a comma closes a time phrase: "قالت، عصر أمس، الوزارة" has its speaker after it
                role = "time" if norm in _TIME else ("speaker" if current == "time" else None)
            elif norm == "من" and k + 1 < b and doc.norm[k + 1] in _OPENERS_SKIP:
                role = "time"  # "وشددت هيدالغو من جهتها على": a discourse opener, not the speaker
            elif current == "speaker" and k > a and (
                norm in _TIME_PREPS or (norm in ("في", "منذ") and nxt and _is_time_word(nxt))
                or (norm in ("في", "خلال") and normalize(nxt) in _OCCASIONS)
            ):
                role = "time"  # "قال الوزير في فبراير / عند وصوله / في الاجتماع": when, not who
            if role is not None and role != current:
                chunks.append((current, cstart, k))
                current, cstart = role, k
            k += 1
        chunks.append((current, cstart, b))
        found: dict[str, Span] = {}
        for role, s, e in chunks:
            if role == "speaker":
                while s < e and _among(doc.norm[s], _CUE_FILLERS):
                    s += 1
                head = s
                while head < e and not doc.tokens[head].is_word:
                    head += 1  # "يتوقع - بمشيئة الله - أن": the head word, past a dash
                if head < e and _among(doc.norm[head], _NOT_SPEAKER_HEAD):
                    continue  # a circumstance ("أمام الصحافيين"), not who spoke
                if head < e and doc.norm[head].startswith("لل"):
                    continue  # a ل-phrase ("للمرة الأولى"، "للشباب") is for whom or when, not who
                if head < e and self._clitic_common(doc.norm[head], "ك"):
                    continue  # "وأشار كدليل على ذلك إلى": an adverbial, not who
                # a trailing ب + bare noun is the manner (وتحدث الرئيس بحرارة عن), not the speaker
                while e - 1 > head and self._clitic_common(doc.norm[e - 1], "ب"):
                    e -= 1
            if role == "time" or role in found:
                continue
            span = _trim(doc.text, doc.tokens[s].start, doc.tokens[e - 1].end) if e > s else None
            if span is not None:
                found[role] = span
        return found.get("speaker"), found.get("addressee"), found.get("via")

    def _opens_via(self, norm: str, nxt: str) -> bool:
        """A preposition (conjunction stripped) and the next word open a via chunk: في بيان، عبر حسابه."""
        return norm in _VIA_PREPS and bool(nxt) and self.lexicon.in_set(nxt, _VIA_HEADS)

    def _clitic_common(self, norm: str, clitic: str) -> bool:
        """A bare common noun behind a clitic preposition (بحرارة، كدليل): an adverbial phrase."""
        return norm.startswith(clitic) and not norm.startswith(clitic + "ال") and len(norm) > 3 \
            and norm[1:] in self.lexicon.common_nouns

    def _leading_addressee(self, doc: _Doc, a: int, b: int) -> list[tuple[str, int, int]]:
        """An addressee right after the cue, before any speaker: "أكد لـ«الاقتصادية» الدكتور
        فلان" (the speaker follows it), "وقال للصحافيين إن" (the subject was dropped). It is
        one quoted name or one addressee noun; what follows is read as usual."""
        norm = _strip_conj(doc.norm[a]) if a < b else ""
        nxt = doc.tokens[a + 1].text if a + 1 < b else ""
        if a > 0 and _opens_with(doc.norm[a - 1], _ACCORDANCE + ("استناد",)):
            return []  # "وفقا لوكالة الأنباء": the ل-phrase is the source itself
        if norm in ("لـ", "ل", "الي") and nxt in OPENERS:
            close = a + 2
            while close < b and doc.tokens[close].text not in CLOSERS:
                close += 1
            if close < b and close - a <= 8:
                return [("addressee", a, close + 1)]
            return []
        if norm in ("لـ", "ل", "الي") and nxt and self.lexicon.in_set(nxt, self.lexicon.addressees):
            return [("addressee", a, a + 2)]
        if norm.startswith("ل") and self.lexicon.in_set(doc.tokens[a].text, self.lexicon.addressees):
            return [("addressee", a, a + 1)]
        return []

    def _main_subject(self, doc: _Doc, i: int) -> Span | None:
        """The subject right after the verb that opens token i's sentence (VSO):
        "أبدى آل سالم سعادته ...، مؤكداً أن" -> آل سالم. Only a title or a proper name
        counts, and the subject ends at a comma, a preposition, a feeling noun or a clitic
        object, so an object or circumstance is not taken for it."""
        k, s = doc.sentence_start[i], doc.sentence_start[i]
        while k < i and (doc.norm[k] in _OPENERS_SKIP or doc.tokens[k].text in "،,") and k - s < 4:
            k += 1
        if k >= i - 1 or not doc.tokens[k].is_word or doc.norm[k].startswith(("ال", "وال")):
            return None
        start = end = k + 1
        if start < i and self.lexicon.is_title(doc.tokens[start].text):
            named = self._title_to_name(doc, start, i)
            if named is not None:
                return named
        while end < i and end - start < 6 and doc.tokens[end].is_word:
            word, norm = doc.tokens[end].text, _strip_conj(doc.norm[end])
            if end > start and norm == "العام" and self.lexicon.is_title(doc.tokens[end - 1].text):
                end += 1  # الأمين العام، المدير العام: part of the title, not "the year"; what
                break     # follows is its genitive (ل...) or the verb's object (حمّل الأمين العام إسرائيل)
            if (norm in _NOT_SPEAKER_HEAD or norm in _TIME or _is_time_word(word)
                    or self.lexicon.in_set(word, self.lexicon.feelings) or self.lexicon.cue(word)):
                break
            if end > start and norm[:1] in "بل" and not norm.startswith("ال") and norm not in NAME_LINKS:
                break  # بمعسكر، لهذا: a prepositional object, not part of the subject
            end += 1
        if end == start:
            return None
        head = doc.tokens[start].text
        # a title, or a name of two words at least (one word alone is as often an adverb or
        # object), or a quantifier with its noun (بضعة دبلوماسيين)
        if not (self.lexicon.is_title(head)
                or (end - start >= 2 and is_name_word(head) and is_name_word(doc.tokens[start + 1].text))
                or _quantified(doc, start, end)):
            return None
        return _trim(doc.text, doc.tokens[start].start, doc.tokens[end - 1].end)

    def _coordinated_subject(self, doc: _Doc, i: int, cue: CueForm, previous: list[Draft]) -> Span | None:
        """The subject of the verb that opens the sentence, for a cue joined to it by و with
        its own subject dropped ("أشاد فلان بالقرار وقال إن ..."، "ورفضت أنقرة ... وقالت إن"):
        coordinated verbs share their subject, and no earlier record in the sentence offers
        one. The opening verb must agree with the cue in gender (a feminine singular verb ends
        in ت), and its subject must be a title phrase, a name, or a definite noun."""
        norm = doc.norm[i]
        if cue.form == "participle":
            pass  # a participle always hangs on its main clause ("واشترطت العمادة ...، مشيرة إلى")
        elif cue.form != "past" or norm[:1] not in "وف" or self.lexicon.cue_normalized(norm[1:]) is None:
            return None  # a present tense is as often general (ويتوقع أن); no conjunction, no coordination
        s = k = doc.sentence_start[i]
        comma = next((m for m in range(s, min(s + 5, i)) if doc.tokens[m].text in "،,"), None)
        if comma is not None and (_strip_conj(doc.norm[s]) in _PHRASE_OPENERS or doc.norm[s] in _OPENERS_SKIP):
            k = comma + 1  # past an opening phrase: "من جانب آخر، تطرق فلان ..."، "وفي واشنطن، وجه"
        if k >= i - 2 or i - k > _MAX_COORDINATED or not doc.tokens[k].is_word \
                or _reported(doc, previous, doc.tokens[k].start):
            return None  # too far to share a subject, or the opening words are a quotation's
        verb = _strip_conj(doc.norm[k])
        if verb.startswith("ال") or len(verb) < 3 or verb in _SUBJECT_PARTICLES or not (is_name_word(doc.tokens[k].text) or self.lexicon.cue_normalized(verb) or verb in ("كان", "كانت")):
            return None  # the sentence opens with a noun or a particle, not a verb
        if not cue.plural and cue.feminine != verb.endswith("ت"):
            return None  # "ورفضت أنقرة ... وقالت": a feminine verb's ت on both
        start = k + 1
        if not doc.tokens[start].is_word:
            return None
        head = _strip_conj(doc.norm[start])
        if self.lexicon.is_title(doc.tokens[start].text):
            named = self._title_to_name(doc, start, i)
            if named is not None:
                return named
        end = start
        while end < i and end - start < 4 and doc.tokens[end].is_word:
            w = _strip_conj(doc.norm[end])
            if end > start and not (is_name_word(doc.tokens[end].text) or w.startswith("ال")):
                break
            if end > start and w.startswith("ال") and not head.startswith("ال") and w[2:] in self.lexicon.common_nouns:
                break  # "ورفضت أنقرة المشاركة": after a name, a definite common noun is the object
            if w in _NOT_SPEAKER_HEAD or w in _TIME or _is_time_word(doc.tokens[end].text) \
                    or self.lexicon.cue(doc.tokens[end].text) or self.lexicon.is_complementiser(doc.tokens[end].text):
                break
            end += 1
        if end == start:
            return None
        if not (self.lexicon.is_title(doc.tokens[start].text) or is_name_word(doc.tokens[start].text)
                or head.startswith("ال")):
            return None
        return _trim(doc.text, doc.tokens[start].start, doc.tokens[end - 1].end)

    def _title_to_name(self, doc: _Doc, start: int, limit: int) -> Span | None:
        """A title phrase that ends in a personal name, before the first comma: "الأمين العام
        للمشروع العربي في العراق الشيخ خميس الخنجر" (the title's own genitives and places
        included, the object after the name not). None when no name of two words follows."""
        stop = start
        while stop < limit and stop - start < 12 and doc.tokens[stop].text not in "،,:":
            stop += 1
        tokens = doc.tokens[start:stop]
        holder = None
        for a, b in _name_runs(tokens, self.lexicon, doc.text):
            # the holder's name is the last run, introduced by a title or a definite word (رئيس
            # نادي الوحدة هشام مرسي); after "العام" a run is as often the verb's object
            # (حمّل الأمين العام إسرائيل المسؤولية), and a genitive is the title's own (لمجلس التعاون)
            before = _strip_conj(doc.norm[start + a - 1]) if a > 0 else ""
            if b - a >= 2 and a > 0 and (self.lexicon.is_title(tokens[a - 1].text) or before.startswith("ال")) \
                    and before != "العام" and not looks_genitive(tokens[a:b]):
                holder = b
        return _trim(doc.text, doc.tokens[start].start, doc.tokens[start + holder - 1].end) if holder else None

    def _summoned(self, doc: _Doc, span: Span) -> tuple[Span | None, Span | None]:
        """Split a summoning cue's gap into subject and object (the addressee): the object opens
        with a quantifier (كافة، جميع) or a definite sound plural in -ين, which is accusative
        and so cannot be the subject (a subject would end in -ون)."""
        ks = [k for k, t in enumerate(doc.tokens) if span.start <= t.start and t.end <= span.end]
        for n, k in enumerate(ks):
            word = _strip_conj(doc.norm[k])
            if not doc.tokens[k].is_word:
                continue
            if word in _OBJECT_OPENERS or (
                word.startswith("ال") and word.endswith("ين") and len(word) >= 7 and not self.lexicon.is_title(word)
            ):
                obj = _trim(doc.text, doc.tokens[k].start, span.end)
                subject = _trim(doc.text, span.start, doc.tokens[ks[n - 1]].end) if n else None
                return subject, obj
        return span, None

    def _linkless_cue_subject(self, doc: _Doc, i: int) -> Span | None:
        """The subject of a verb cue earlier in the sentence whose words the participle at i
        introduces ("حيث أوضح المتحدث الرسمي فلان، قائلاً: إن ..."): that verb found no link of
        its own, since the participle came first."""
        for m in range(i - 1, doc.sentence_start[i] - 1, -1):
            if not doc.tokens[m].is_word:
                continue
            other = self.lexicon.cue_normalized(doc.norm[m])
            if other is None or other.form not in ("past", "present") or other.first_person:
                continue
            linked = self._find_link(doc, m, other, i) is not None
            if _is_passive(doc.tokens[m].text) or m + 1 >= i or i - m > 12 or linked:
                return None  # a verb with words of its own, or too far to be the participle's
            speaker, _, _ = self._read_gap(doc, m + 1, i)
            return speaker
        return None

    def _relative_antecedent(self, doc: _Doc, i: int) -> Span | None:
        """The antecedent of a relative pronoun right before the cue: its subject. Walking back,
        the phrase takes words until punctuation, a preposition or another cue, and stops at
        a title (a title opens the phrase, a clitic preposition on it included, as the
        guidelines' tokens are whole words: "بنائب المدير فلان الذي أكد"). Without a title,
        only a run of proper-name words or one definite noun is taken, since a longer phrase
        would swallow the verb and object before it."""
        if i < 2 or doc.norm[i - 1] not in _RELATIVES:
            return None
        end = i - 1
        start = end
        titled = False
        while start > doc.sentence_start[i] and end - start < _MAX_ANTECEDENT:
            token = doc.tokens[start - 1]
            norm = _strip_conj(doc.norm[start - 1])
            if not token.is_word or norm in _NOT_SPEAKER_HEAD or self.lexicon.cue(token.text):
                break
            start -= 1
            if self.lexicon.is_title(token.text) or (norm[:1] in "بل" and self.lexicon.is_title(norm[1:])):
                titled = True
                break
        if start == end:
            return None
        if not titled:
            last = end - 1  # a name, or a definite noun / family name (العمري) ...
            if not (is_name_word(doc.tokens[last].text) or _strip_conj(doc.norm[last]).startswith("ال")):
                return None
            run = last  # ... with the given names before it
            while run > start and is_name_word(doc.tokens[run - 1].text):
                run -= 1
            start = run
        return _trim(doc.text, doc.tokens[start].start, doc.tokens[end - 1].end)

    def _preposed_subject(self, doc: _Doc, i: int) -> Span | None:
        """A subject between a particle and the cue, inside a sentence: "لكن الجيش نفى"،
        "وأن التحقيقات الأولية أكدت أنه"، "وكان المحامي خالد أبو راشد، قد أكد أن". The words
        must all be words (a comma only before قد), none a cue or a preposition, and the phrase
        must open with a title, a name or a definite noun, so an object or adverb is not taken."""
        end = i
        if end - 1 > doc.sentence_start[i] and _strip_conj(doc.norm[end - 1]) == "قد":
            end -= 1
            if end - 1 > doc.sentence_start[i] and doc.tokens[end - 1].text in "،,":
                end -= 1
        start = end
        while start > doc.sentence_start[i] and end - start < _MAX_PREPOSED:
            token = doc.tokens[start - 1]
            if doc.norm[start - 1] in _SUBJECT_PARTICLES:
                break
            if not token.is_word or self.lexicon.cue(token.text) or _strip_conj(doc.norm[start - 1]) in _NOT_SPEAKER_HEAD:
                return None
            start -= 1
        else:
            return None  # no particle within reach: not this construction
        if start == end or start == doc.sentence_start[i]:
            return None
        head = doc.tokens[start].text
        if not (self.lexicon.is_title(head) or is_name_word(head) or doc.norm[start].startswith("ال")
                or _quantified(doc, start, end)):
            return None
        return _trim(doc.text, doc.tokens[start].start, doc.tokens[end - 1].end)

    def _svo_subject(self, doc: _Doc, i: int) -> Span | None:
        """Subject before the verb (الوزارة أكدت أن): a short noun phrase opening the sentence."""
        s = doc.sentence_start[i]
        if i - s == 0 or i - s > 6:
            return None
        while s < i and doc.norm[s] in _SUBJECT_PARTICLES:
            s += 1  # "لكن الجيش نفى": the particle opens the clause, the subject follows it
        if s == i:
            return None
        words = doc.tokens[s:i]
        if any(not t.is_word and t.text not in "«»\"" for t in words):
            return None
        if any(self.lexicon.cue(t.text) or _strip_conj(normalize(t.text)) in ("ان", "في", "من", "بعد", "مع", "رغم")
               or _strip_conj(normalize(t.text)) in _NOT_SPEAKER_HEAD for t in words):
            return None
        return _trim(doc.text, words[0].start, words[-1].end)

    # --- cue after its content ----------------------------------------------------------------

    def _postposed(self, doc: _Doc, i: int, cue_span: Span, previous: list[Draft]) -> Draft | None:
        """«...»، قال فلان / ...، على ما أعلن الكرملين: the content comes before the cue."""
        s = doc.sentence_start[i]
        k = i - 1
        while k >= s and doc.norm[k] in ("علي", "ما", "كما", "حسبما"):
            k -= 1
        end = doc.sentence_end[i]
        speaker_end = end - 1 if doc.tokens[end - 1].text in _SENTENCE_END else end
        as_said = i - 1 > s and doc.norm[i - 1] in ("كما", "حسبما") and speaker_end == i + 1
        if as_said and doc.tokens[k].text not in "،,»”\"":
            # "... في الصين والهند كما أكد.": "as he said" closing its sentence, no comma needed
            # and the subject dropped; the clause before كما is the content
            if any(d.content[-1].end >= doc.tokens[s].start and d.content[-1].end <= doc.tokens[i].start for d in previous[-8:]):
                return None
            span = _trim(doc.text, doc.tokens[s].start, doc.tokens[i - 2].end) if i - 2 >= s else None
            return Draft(content=(span,), cue=cue_span, speaker=None, score=0.6) if span else None
        if k < s or doc.tokens[k].text not in "،,»”\"":
            return None
        speaker, addressee, via = self._read_gap(doc, i + 1, speaker_end)
        if speaker is None and as_said and k in doc.quote_close_tok:
            span = _trim(doc.text, *doc.quote_close_tok[k].inner)  # «...» كما قالت.
            return Draft(content=(span,), cue=cue_span, speaker=None, score=0.6) if span else None
        if speaker is None or speaker_end - i > 10:
            return None
        if k in doc.quote_close_tok:  # «...»، قال
            q = doc.quote_close_tok[k]
            span = _trim(doc.text, *q.inner)
            return Draft(content=(span,), cue=cue_span, speaker=speaker, addressee=addressee, score=0.8) if span else None
        if k - 1 >= s and (k - 1) in doc.quote_close_tok:  # «...»، قال
            q = doc.quote_close_tok[k - 1]
            span = _trim(doc.text, *q.inner)
            return Draft(content=(span,), cue=cue_span, speaker=speaker, addressee=addressee, score=0.8) if span else None
        # (only recent records can share this sentence: keeps the pass linear in the text)
        if any(d.content[-1].end >= doc.tokens[s].start and d.content[-1].end <= doc.tokens[k].start for d in previous[-8:]):
            return None  # the clause is already someone's content: this is its via, not a record
        # without a quote, only "..., كما قال فلان" or a short source after the verb is a trailing cue
        # ("..., نفت إسرائيل أية علاقة" is a verb with its object, not a trailing cue)
        particle = k < i - 1
        if not particle and speaker_end - (i + 1) > 3:
            return None
        span = _trim(doc.text, doc.tokens[s].start, doc.tokens[k - 1].end) if k - 1 >= s else None
        return Draft(content=(span,), cue=cue_span, speaker=speaker, score=0.6) if span else None

    # --- nominal cues -------------------------------------------------------------------------

    def _reporting_source(self, doc: _Doc, k: int) -> bool:
        """Whether the phrase at token k can report (وكالة، مصادر، الدراسة، المتحدث): a title or a
        reporting noun; وفق / طبقاً before anything else means "in accordance with" (وفق
        الأنظمة، وفقاً لآلية العمل، وفق البرنامج), and a bare name after them is rare."""
        while k < len(doc.tokens) and not doc.tokens[k].is_word:
            k += 1  # past an opening mark: وفقاً لـ«رويترز»
        if k >= len(doc.tokens):
            return False
        norm = _strip_conj(doc.norm[k])
        for prefix in ("لل", "ال", "ل"):
            if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
                norm = norm[len(prefix):]
                break
        return norm in _REPORTING_NOUNS or norm in self.lexicon.titles

    def _nominal(self, doc: _Doc, i: int, length: int, previous: list[Draft]) -> Draft | None:
        """بحسب المصدر، فإن ... / ...، بحسب المصدر. / وفقاً لـ«رويترز»."""
        s, end = doc.sentence_start[i], doc.sentence_end[i]
        k = i + length
        verb_in_cue = k < end and doc.tokens[k].is_word and self.lexicon.cue(doc.tokens[k].text) is not None
        if verb_in_cue:
            k += 1  # حسبما قال، وفق ما أعلن: the verb belongs to the cue
        cue_span = Span.of(doc.text, doc.tokens[i].start, doc.tokens[k - 1].end)
        # the source: up to a comma, the end, or a complementiser
        src_end = k
        while src_end < end and src_end - k < 10:
            t = doc.tokens[src_end].text
            if t in "،,;؛" or t in _SENTENCE_END or self.lexicon.is_complementiser(t):
                break
            if src_end in doc.quote_at_open and doc.quote_at_open[src_end].open not in doc.name_quotes:
                break
            src_end += 1
        if src_end == k:
            return None
        source, addressee, _ = self._read_gap(doc, k, src_end)
        if source is None:
            return None
        if _opens_with(doc.norm[i], _ACCORDANCE) and not verb_in_cue \
                and not self._reporting_source(doc, k):
            return None  # وفق الأنظمة، وفقاً للخطة: in accordance with a rule, not a report
        lead = all(not t.is_word or _strip_conj(normalize(t.text)) in ("و", "") for t in doc.tokens[s:i])
        if lead or i == s:
            # cue first: content is what follows the comma / complementiser
            j = src_end
            while j < end and doc.tokens[j].text in "،,":
                j += 1
            if j < end and self.lexicon.is_complementiser(doc.tokens[j].text):
                j += 1
            if j >= end or (doc.tokens[j].text in _SENTENCE_END and j + 1 == end):
                return self._credited_sentence(doc, i, cue_span, source, addressee, previous)
            content = self._content_after(doc, j - 1, "comp", end)
            return Draft(content=content, cue=cue_span, speaker=source, addressee=addressee, score=0.8) if content else None
        if any(d.via is not None and d.via.start == cue_span.start for d in previous[-8:]):
            return None  # already the via of the record before it
        # «...» حسب وكالة X: right after a record's content, the phrase is that record's via
        for idx in range(len(previous) - 1, max(-1, len(previous) - 4), -1):
            d = previous[idx]
            gap = doc.text[d.content[-1].end : cue_span.start]
            if d.content[-1].end <= cue_span.start and len(gap) <= 3 and not any(c.isalnum() for c in gap) \
                    and "\n" not in gap and d.cue is not None:
                if d.via is None:
                    via = _trim(doc.text, cue_span.start, doc.tokens[src_end - 1].end)
                    previous[idx] = replace(d, via=via)
                return None
        # cue after its clause: the clause before it, unless a verb cue already reported it
        # the clause ends at a comma before the phrase; without one, the phrase must close the
        # sentence ("... من الحوثيين بحسب مصادر عسكرية.") and the clause runs up to it
        if doc.tokens[i - 1].text in "،,":  # i > s: a phrase opening its sentence returned above
            clause_end = i - 1
        elif src_end >= end or doc.tokens[src_end].text in _SENTENCE_END:
            clause_end = i
        else:
            return None
        for d in previous[-8:]:
            if d.content[-1].end <= doc.tokens[clause_end].start and d.content[-1].end >= doc.tokens[s].start \
                    and d.via is None and d.cue is not None and d.cue.start >= doc.tokens[s].start:
                # ...، بحسب وكالة X: the channel of the record before it
                return None
        content = _trim(doc.text, doc.tokens[s].start, doc.tokens[clause_end - 1].end) if clause_end > s else None
        if content is None:
            return None
        return Draft(content=(content,), cue=cue_span, speaker=source, addressee=addressee, score=0.7)


    def _credited_sentence(self, doc: _Doc, i: int, cue_span: Span, source: Span, addressee: Span | None,
                           previous: list[Draft]) -> Draft | None:
        """A nominal cue standing as a sentence of its own ("... إلى قطر. وفقا لرويترز."):
        it credits the sentence before it, unless a record already covers that sentence."""
        s = doc.sentence_start[i]
        if s == 0 or "\n" in doc.text[doc.tokens[s - 1].end : doc.tokens[s].start]:
            return None  # nothing before it in the paragraph
        ps, last = doc.sentence_start[s - 1], s - 1
        if doc.tokens[last].text in _SENTENCE_END:
            last -= 1
        if last < ps:
            return None
        start, stop = doc.tokens[ps].start, doc.tokens[last].end
        if any((d.cue is not None and start <= d.cue.start < stop) or any(c.start < stop and c.end > start for c in d.content)
               for d in previous[-8:]):
            return None  # that sentence is someone's record already
        content = _trim(doc.text, start, stop)
        return Draft(content=(content,), cue=cue_span, speaker=source, addressee=addressee, score=0.7) if content else None


# How sure each construction is (used to keep only confident silver training labels): a
# complementiser, colon or quote right after an explicit speaker is the surest link; a
# preposition with a noun-phrase object the least.
_LINK_SCORE = {"comp": 0.9, "colon": 0.9, "quote": 0.85, "prepcomp": 0.9, "prep": 0.6, "np": 0.6, "charge": 0.6}


def _score(link: str, has_speaker: bool, form: str) -> float:
    score = _LINK_SCORE.get(link, 0.6)
    if not has_speaker:
        score -= 0.05  # dropped subject: the name comes from the discourse
    if form == "masdar":
        score -= 0.2
    return round(score, 2)


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    seen, out = set(), []
    for d in drafts:
        key = (d.content[0].start, d.content[0].end, d.cue.start if d.cue else None)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _last_speaker_in_sentence(previous: list[Draft], doc: _Doc, i: int) -> Span | None:
    """The speaker of the last record before token i whose cue is not inside another record's
    content: a participle hangs on the main clause ("وأضاف أن الأم اعترفت بأن ...، مشيراً
    إلى"), not on a verb reported inside it."""
    at = doc.tokens[i].start
    for d in reversed(previous):
        if d.cue is None or d.cue.start >= at:
            continue
        if any(o is not d and any(c.start <= d.cue.start < c.end for c in o.content) for o in previous):
            continue
        return d.speaker
    return None


def _sentence_quoted(text: str, q: Quote) -> bool:
    """Marks that hold a sentence, not a name: closed after sentence punctuation ("بنك
    “الأسعار ستستقر.”"), or unclosed, or longer than any outlet's name (six words or more)."""
    if q.close is None:
        return True
    inner = text[q.open + 1 : q.close].strip()
    return inner[-1:] in ".!?؟…" or len(inner.split()) >= 6


def _verb_shaped(word: str) -> bool:
    """A finite verb never ends in ة or tanwin: إضافةً، علماً، ونسبة are nouns or adverbs, even
    where normalisation (ة -> ه) makes them look like a verb with a pronoun (ونسبه)."""
    return not word.endswith(("ة", "ً", "ٌ"))


def _through(doc: _Doc, i: int, cue: CueForm) -> bool:
    """Whether a form of عبّر at token i is the preposition عبر (through): the verb always
    takes عن within a few words ("عبر الوزير عن قلقه"); "عبر حسابه في تويتر" does not."""
    if normalize(cue.lemma) != normalize("عبر") or cue.form not in ("past", "present"):
        return False
    end = min(doc.sentence_end[i], i + 9)
    return not any(_strip_conj(doc.norm[k]) == "عن" for k in range(i + 1, end))


# Words a verb never follows but its verbal noun does: prepositions and time words ("عند نقل
# الكفالة"، "بعد ذكر")، and the passive helpers of officialese ("تم نقلها"، "يتم ذكر").
_BEFORE_VERBAL_NOUN = frozenset(normalize(w) for w in (
    "عند", "بعد", "قبل", "عقب", "خلال", "أثناء", "اثناء", "لدى", "في", "على", "إلى", "الى", "عن",
    "مع", "حول", "بشأن", "دون", "بدون", "رغم", "عملية", "المراد", "تم", "وتم", "يتم", "ويتم", "سيتم", "جرى", "يجري",
))


def _verbal_noun_reading(doc: _Doc, i: int, cue: CueForm) -> bool:
    """Whether a past-tense cue at token i is its verbal noun, whose letters it shares (نقل
    "transfer"، ذكر "mention"، وصف "description"، نقلها "its broadcast"): after a preposition
    or a passive helper a verb cannot stand. A conjunction on the token makes it a verb."""
    if cue.form != "past" or i == 0 or not doc.norm[i].startswith(normalize(cue.lemma)):
        return False
    return doc.norm[i - 1] in _BEFORE_VERBAL_NOUN


def _record_in_sentence(previous: list[Draft], doc: _Doc, i: int) -> bool:
    """Whether a record's cue lies in token i's sentence before it."""
    start, at = doc.tokens[doc.sentence_start[i]].start, doc.tokens[i].start
    return any(d.cue is not None and start <= d.cue.start < at for d in previous)


# Events announced by a noun that is no derived verbal noun: مقتل، مصرع، بدء، وفاة، فوز.
_EVENT_NOUNS = frozenset(normalize(w) for w in ("مقتل", "مصرع", "بدء", "وفاة", "فوز", "نجاح", "موعد", "أسماء", "نتائج"))


def _verbal_noun(norm: str) -> bool:
    """Whether a normalised word (a pronoun suffix allowed) has a derived verbal noun's pattern:
    تفعيل (تعيين، تشكيل)، إفعال (إفلاس، إغلاق)، افتعال (اعتقال)، انفعال (انسحاب)، استفعال
    (استئناف), or is an event noun (_EVENT_NOUNS). Patterns of four letters are left out: they
    match too many names (محمد، سعود، تركي)."""
    for suffix in ("هما", "هم", "ها", "ه"):
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 4:
            norm = norm[: -len(suffix)]
            break
    if norm in _EVENT_NOUNS:
        return True
    n = len(norm)
    return (n == 5 and norm[0] == "ت" and norm[3] == "ي") \
        or (n == 5 and norm[0] == "ا" and norm[3] == "ا") \
        or (n == 6 and norm[0] == "ا" and norm[2] == "ت" and norm[4] == "ا") \
        or (n == 6 and norm.startswith("ان") and norm[4] == "ا") \
        or (n == 7 and norm.startswith("است") and norm[5] == "ا")


def _quantified(doc: _Doc, start: int, end: int) -> bool:
    """Whether words [start, end) are a quantifier with its noun (بضعة دبلوماسيين, see _QUANTIFIERS)."""
    return end - start >= 2 and _strip_conj(doc.norm[start]) in _QUANTIFIERS


def _reported(doc: _Doc, drafts: list[Draft], offset: int) -> bool:
    """Whether ``offset`` lies in someone's words: between an opening quote mark and its
    closing mark, or inside the content of an earlier record ("وقال ... إننا ندعو")."""
    return any(q.close is not None and q.open < offset < q.close for q in doc.quote_at_open.values()) \
        or any(part.start <= offset < part.end for d in drafts for part in d.content)


def _among(norm: str, words: frozenset[str]) -> bool:
    """Whether a normalised token is one of ``words``, with or without a conjunction clitic
    (فيها is itself a word; stripped of its ف it would not be)."""
    return norm in words or _strip_conj(norm) in words


def _opens_with(norm: str, prefixes: tuple[str, ...]) -> bool:
    """Whether a normalised token starts with one of ``prefixes``, with or without a
    conjunction clitic (وفقاً and ووفقاً: the first و of وفق is no conjunction)."""
    return norm.startswith(prefixes) or _strip_conj(norm).startswith(prefixes)


def _between(doc: _Doc, i: int) -> bool:
    """A bare بين after a word that opens no clause is "between", not the verb "explained"."""
    return doc.tokens[i].text == "بين" and i > 0 and doc.tokens[i - 1].is_word and doc.norm[i - 1] not in _BAYYANA_AFTER


def _strip_conj(norm: str) -> str:
    return norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm


def _is_passive(token: str) -> bool:
    """A damma on the first consonant marks the passive (وُصفت، قِيل is rare): writers who mark
    the passive usually mark it there."""
    letters = token.lstrip("وف") if len(token) > 3 else token
    return len(letters) > 1 and letters[1] == "\u064f"


_DEFAULT: RuleTagger | None = None


@lru_cache(maxsize=4)
@lru_cache(maxsize=8)
def _prepared(text: str) -> _Doc:
    """The default tagger's view of one article, kept while a model's records are linked (the
    linker asks once per loose cue; preparing the whole article each time was most of its cost).
    Callers only read it."""
    return _DEFAULT._prepare(text)


def read_between(text: str, start: int, end: int) -> tuple[Span | None, Span | None, Span | None]:
    """Speaker, addressee and via read off ``text[start:end]`` (the words between a cue and its
    content), dropping a complementiser, colon or opening mark that ends the stretch."""
    global _DEFAULT
    _DEFAULT = _DEFAULT or RuleTagger()
    if end - start > 400 or "\n" in text[start:end]:
        return None, None, None
    doc = _prepared(text)
    first = next((i for i, t in enumerate(doc.tokens) if t.start >= start), len(doc.tokens))
    last = first
    while last < len(doc.tokens) and doc.tokens[last].end <= end:
        last += 1
    while last > first and (not doc.tokens[last - 1].is_word
                            or _DEFAULT.lexicon.is_complementiser(doc.tokens[last - 1].text)):
        last -= 1
    if last <= first:
        return None, None, None
    return _DEFAULT._read_gap(doc, first, last)


def tag(text: str) -> list[TaggedSpan]:
    global _DEFAULT
    _DEFAULT = _DEFAULT or RuleTagger()
    return _DEFAULT.tag(text)


def extract_rules(text: str) -> list[Attribution]:
    global _DEFAULT
    _DEFAULT = _DEFAULT or RuleTagger()
    return _DEFAULT.extract(text)
