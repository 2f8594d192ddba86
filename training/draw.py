"""The seeded, stratified draw of corpus articles for hand labelling.

    python -m training.draw --per-source 4 --seed 20261122 --out training/data/draw.json
    python -m training.draw --per-source 4 --seed 20261123 --add-round   # a further round

Articles are drawn uniformly at random within each newspaper (every paper with enough articles),
among those of 300 to 4,000 characters (long enough to hold a paragraph, short enough to label
in one sitting); nothing about their content is looked at, so articles with no attributions
stay in the draw. ``--quoted N`` (round 6) narrows the draw to articles holding a quotation of at
least N words, to enrich direct and mixed quotes, the class the Saudi wire style holds least of
(a tenth of the records, against a quarter in the seeds); the draw within that pool is still
uniform. ``--wire`` (round 9) narrows it to articles that credit an international news agency
(Reuters, AFP, AP, dpa, Anadolu, "agencies"): foreign and wire-fed news, where speakers are
heads of state, ministers and spokesmen quoted across borders, the genre of most Arabic papers'
front pages and the one the Saudi local news of the other rounds holds least of. The
first ``--double`` articles (one per paper, in paper order) are labelled
twice for the agreement figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from collections.abc import Sequence

from attribution.io import write_text_atomic
from attribution.quotes import find_quotes
from training.corpus import iter_articles

MIN_CHARS, MAX_CHARS = 300, 4000
# A credit to an international agency, in the spellings the corpus uses: the agency names, their
# Arabic initials (أ ف ب، د ب أ، أ.ب) and the collective "وكالات" of a rewritten wire story.
WIRE_CREDIT = re.compile(
    r"رويترز|فرانس برس|أسوشي?يتد برس|يونايتد برس|الأناضول|وكالات"
    r"|(?<!\w)(?:[أا]\s?ف\s?ب|د\s?ب\s?أ|أ\.ف\.ب|أ\.ب)(?!\w)"
)


def has_quotation(text: str, min_words: int) -> bool:
    """Whether ``text`` holds a quotation of ``min_words`` words or more (shorter quoted
    stretches are mostly names and titles in marks, not speech)."""
    return any(q.close is not None and len(text[q.inner[0]:q.inner[1]].split()) >= min_words
               for q in find_quotes(text))


def credits_wire(text: str) -> bool:
    """Whether ``text`` credits an international news agency (``WIRE_CREDIT``)."""
    return WIRE_CREDIT.search(text) is not None


def draw(articles, per_source: int, seed: int, double: int, exclude: frozenset[str] = frozenset(),
         quoted: int = 0, wire: bool = False) -> dict:
    by_source: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if MIN_CHARS <= len(a["text"]) <= MAX_CHARS and a["id"] not in exclude:
            if quoted and not has_quotation(a["text"], quoted):
                continue
            if wire and not credits_wire(a["text"]):
                continue
            by_source[a["source"]].append(a["id"])
    rng = random.Random(seed)
    picked: dict[str, list[str]] = {}
    for source in sorted(by_source):
        ids = sorted(by_source[source])
        if len(ids) >= per_source:
            picked[source] = rng.sample(ids, per_source)
    double_ids = [ids[0] for ids in picked.values()][:double]
    return {
        "seed": seed,
        "per_source": per_source,
        "length_chars": [MIN_CHARS, MAX_CHARS],
        **({"quoted_min_words": quoted} if quoted else {}),
        **({"wire_credit": True} if wire else {}),
        "sources": picked,
        "double_annotated": double_ids,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.draw")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--per-source", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--double", type=int, default=10)
    parser.add_argument("--quoted", type=int, default=0,
                        help="only articles holding a quotation of at least this many words")
    parser.add_argument("--wire", action="store_true",
                        help="only articles crediting an international news agency (foreign news)")
    parser.add_argument("--out", default="training/data/draw.json")
    parser.add_argument("--add-round", action="store_true",
                        help="append a further round to --out, drawn from the articles not yet drawn")
    args = parser.parse_args(argv)
    rounds = []
    if args.add_round:
        rounds = json.loads(open(args.out, encoding="utf-8").read())["rounds"]
    taken = frozenset(i for r in rounds for ids in r["sources"].values() for i in ids)
    result = draw(iter_articles(args.corpus), args.per_source, args.seed, args.double if not rounds else 0, taken,
                  args.quoted, args.wire)
    rounds.append(result)
    write_text_atomic(args.out, json.dumps({"rounds": rounds}, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
