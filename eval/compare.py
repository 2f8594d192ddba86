"""List the disagreements between two annotation passes (or a system and gold), record by record.

    python -m eval.compare GOLD.jsonl OTHER.jsonl

Pairs records with the scorer's own matching and prints every unmatched record and every
matched pair whose kind, cue, speaker, speaker_name, content, addressee or via differ: the
worklist for adjudicating two passes or reading a system's errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence

import numpy as np

from attribution.io import read_documents
from attribution.types import Attribution, Document, Span
from eval.who_said_what.scoring import DICE_THRESHOLD, assign, dice, letters


def _show(span: Span | None) -> str:
    return "—" if span is None else f"{span.text} [{span.start}]"


def _brief(r: Attribution) -> str:
    content = " | ".join(p.text for p in r.content)
    return (f"{r.kind.value} cue={_show(r.cue)} speaker={_show(r.speaker)} "
            f"name={r.speaker_name} addr={_show(r.addressee)} via={_show(r.via)}\n      «{content}»")


def differences(a: Document, b: Document) -> Iterator[str]:
    text = a.text
    la = [letters(text, [p.to_dict() for p in r.content]) for r in a.attributions]
    lb = [letters(text, [p.to_dict() for p in r.content]) for r in b.attributions]
    m = np.array([[dice(x, y) for y in la] for x in lb]).reshape(len(lb), len(la))
    pairs = assign(m, m >= DICE_THRESHOLD)
    matched_a = {g for _, g in pairs}
    matched_b = {p for p, _ in pairs}
    for i, r in enumerate(a.attributions):
        if i not in matched_a:
            yield f"  only in first  #{i}: {_brief(r)}"
    for j, r in enumerate(b.attributions):
        if j not in matched_b:
            yield f"  only in second #{j}: {_brief(r)}"
    for j, i in pairs:
        ra, rb = a.attributions[i], b.attributions[j]
        fields = [
            name for name in ("kind", "cue", "speaker", "speaker_name", "content", "addressee", "via")
            if getattr(ra, name) != getattr(rb, name)
        ]
        if fields:
            yield f"  differ in {', '.join(fields)}:\n    first  #{i}: {_brief(ra)}\n    second #{j}: {_brief(rb)}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.compare", description=__doc__.split("\n")[0])
    parser.add_argument("first")
    parser.add_argument("second")
    args = parser.parse_args(argv)
    second = {d.doc_id: d for d in read_documents(args.second)}
    for doc in read_documents(args.first):
        other = second.get(doc.doc_id, Document(doc.doc_id, doc.text))
        lines = list(differences(doc, other))
        sys.stdout.write(f"== {doc.doc_id}: {len(lines)} disagreement(s)\n")
        for line in lines:
            sys.stdout.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
