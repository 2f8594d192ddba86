"""Mine the shared news corpus for reporting cues: how often each lexicon form introduces
reported content, and which frequent words do so without being in the lexicon.

    python -m training.mine_lexicon [--corpus PATH] [--out attribution/lexicon/README.md]

A word is counted as *introducing* content when a complementiser (إن، أن، بأن ... with pronoun
suffixes), a colon or an opening quote mark follows it within the same sentence, at most six
tokens later (room for a speaker such as "وزير الخارجية الأمريكي جون كيري"). The report lists
the lexicon's cue lemmas with those counts (so every entry has corpus evidence, or is flagged
as unattested) and the most frequent introducing words that the lexicon lacks (the candidates
a maintainer reads and adds by hand: the list mixes real cues with names and nouns).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence

from attribution.io import write_text_atomic
from attribution.lexicon import load
from attribution.normalize import normalize
from attribution.text import tokenize
from training.corpus import iter_articles

WINDOW = 6
# Particles and conjunctions that precede أن everywhere (بعد أن، يجب أن، إلا أن): not cues.
_NOT_CUES = frozenset(normalize(w) for w in (
    "على علي بعد إلا الا يمكن كما من قبل يجب رغم في دون يبدو هو غير حيث ذلك يعني حين هي بل إذ اذ "
    "له خصوصا الله سبق أمس امس عن بد ينبغي لي أيضا ايضا أو او لها أي اي عليه خاصة خاصه يريد يفترض "
    "شك منها علما منذ وهي بيد اليوم علينا تريد بالتالي البعض حتى حتي لأن لان إلى الى مع كل لكن "
    "ولكن إذا اذا لو ما لا لم لن هذا هذه مثل ثم الذي التي بين عند"
).split())
_ENDS = frozenset(".!?؟\n")
_OPEN = frozenset("«“”\"")


def mine(articles, limit: int | None = None) -> tuple[Counter, Counter, Counter, int]:
    lexicon = load()
    lemma_hits: Counter[str] = Counter()
    form_total: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    n = 0
    for article in articles:
        n += 1
        if limit and n > limit:
            break
        text = article["text"]
        tokens = tokenize(text)
        for i, tok in enumerate(tokens):
            if not tok.is_word:
                continue
            cue = lexicon.cue(tok.text)
            introduces = False
            for j in range(i + 1, min(len(tokens), i + 1 + WINDOW)):
                t = tokens[j].text
                if t in _ENDS or t == ".":
                    break
                if lexicon.is_complementiser(t) or t == ":" or t in _OPEN:
                    introduces = True
                    break
            if cue is not None:
                form_total[cue.lemma] += 1
                if introduces:
                    lemma_hits[cue.lemma] += 1
            elif introduces and i + 1 < len(tokens) and (
                lexicon.is_complementiser(tokens[i + 1].text) or tokens[i + 1].text == ":"
            ):
                # only words right before the link: the verb itself, not the speaker's name
                norm = normalize(tok.text)
                norm = norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm
                if norm not in _NOT_CUES and len(norm) > 2:
                    unknown[norm] += 1
    return lemma_hits, form_total, unknown, min(n, limit or n)


def report(lemma_hits: Counter, form_total: Counter, unknown: Counter, articles: int) -> str:
    lines = [
        "# Lexicons: what they hold and where they came from",
        "",
        "| file | what | source |",
        "|---|---|---|",
        "| `cue_verbs.tsv` | reporting verbs: past, present, participle, masdar, preposition | the shared annotation guidelines' cue list, extended by reading the mined candidates below |",
        "| `cue_phrases.txt` | nominal / prepositional cues (بحسب، وفقاً لـ، نقلاً عن، على لسان ...) | the guidelines' list and common news variants |",
        "| `complementisers.txt` | complementisers (pronoun suffixes generated) | Arabic grammar |",
        "| `titles.txt` | titles, offices and source nouns | news usage; NER corpora's person contexts |",
        "| `outlets.txt` | nouns after which quote marks enclose a name | news usage |",
        "| `feelings.txt` | feeling / stance nouns taken as cue objects (ثقته بأن) | the guidelines' §5 examples, news usage |",
        "| `addressee_nouns.txt` | heads of addressee phrases (للصحفيين، لوكالة) | news usage |",
        "| `ambiguous_cues.txt` | cue lemmas that are also common words (بين، عبر): need a complementiser or their preposition | false positives of the rules on news text |",
        "| `common_nouns.txt` | words that take ال in news, never read as personal names | mined by `python -m training.mine_nouns` |",
        "",
        f"Regenerate this file with `python -m training.mine_lexicon` (mined from {articles:,} articles",
        "of the shared SaudiNewsNet corpus). *introducing* = followed within six tokens of the same",
        "sentence by a complementiser, a colon or an opening quote mark.",
        "",
        "## Cue lemmas with their corpus evidence",
        "",
        "| lemma | forms seen | introducing content | share |",
        "|---|---|---|---|",
    ]
    for lemma, total in sorted(form_total.items(), key=lambda kv: -lemma_hits[kv[0]]):
        hits = lemma_hits[lemma]
        lines.append(f"| {lemma} | {total:,} | {hits:,} | {hits / total:.0%} |")
    lexicon = load()
    missing = sorted({row.split("\t")[0] for row in []} | set())
    del missing
    unattested = [row.lemma for row in set(lexicon.cues.values()) if row.lemma not in form_total]
    if unattested:
        lines += ["", "Unattested in the corpus: " + "، ".join(sorted(set(unattested)))]
    lines += [
        "",
        "## Most frequent words right before a complementiser or colon that the lexicon lacks",
        "",
        "Candidates to read, not to add blindly: many are nouns (يجب أن، بعد أن) or names.",
        "",
        "| word | count |",
        "|---|---|",
    ]
    for word, count in unknown.most_common(80):
        lines.append(f"| {word} | {count:,} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.mine_lexicon")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--out", default="attribution/lexicon/README.md")
    args = parser.parse_args(argv)
    result = mine(iter_articles(args.corpus), args.limit)
    write_text_atomic(args.out, report(*result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
