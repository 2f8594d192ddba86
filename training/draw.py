"""The seeded, stratified draw of corpus articles for hand labelling.

    python -m training.draw --per-source 4 --seed 20261122 --out training/data/draw.json
    python -m training.draw --per-source 4 --seed 20261123 --add-round   # a further round

Articles are drawn uniformly at random within each newspaper (every paper with enough articles),
among those of 300 to 4,000 characters (long enough to hold a paragraph, short enough to label
in one sitting); nothing about their content is looked at, so articles with no attributions
stay in the draw. The first ``--double`` articles (one per paper, in paper order) are labelled
twice for the agreement figures.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from collections.abc import Sequence

from attribution.io import write_text_atomic
from training.corpus import iter_articles

MIN_CHARS, MAX_CHARS = 300, 4000


def draw(articles, per_source: int, seed: int, double: int, exclude: frozenset[str] = frozenset()) -> dict:
    by_source: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if MIN_CHARS <= len(a["text"]) <= MAX_CHARS and a["id"] not in exclude:
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
        "sources": picked,
        "double_annotated": double_ids,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.draw")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--per-source", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--double", type=int, default=10)
    parser.add_argument("--out", default="training/data/draw.json")
    parser.add_argument("--add-round", action="store_true",
                        help="append a further round to --out, drawn from the articles not yet drawn")
    args = parser.parse_args(argv)
    rounds = []
    if args.add_round:
        rounds = json.loads(open(args.out, encoding="utf-8").read())["rounds"]
    taken = frozenset(i for r in rounds for ids in r["sources"].values() for i in ids)
    result = draw(iter_articles(args.corpus), args.per_source, args.seed, args.double if not rounds else 0, taken)
    rounds.append(result)
    write_text_atomic(args.out, json.dumps({"rounds": rounds}, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
