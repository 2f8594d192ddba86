"""Extraction speed and memory over real news: articles per second on this machine.

    python -m eval.speed --system rules --articles 2000
    python -m eval.speed --system default --system path/to/model --articles 500 --batch-size 16

Reads the first N articles of the shared corpus (text field), runs each system once as a warm-up
on a few articles, then times ``Extractor.pipe`` over all N. Prints a markdown table with
articles/s, characters/s and the process's peak resident memory, and writes a JSON report.
Speed targets are checked here, never by timed unit tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from itertools import islice

from attribution import Extractor
from attribution.io import write_text_atomic
from attribution.tagger import PRECISIONS
from training.corpus import iter_articles


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM is reset when a process starts a new program,
    unlike ru_maxrss, which a spawned worker inherits from its parent on Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, texts: list[str], batch_size: int, precision: str = "auto") -> dict:
    """Run in a fresh process (see :func:`measure_isolated`) so peak memory is this system's."""
    extractor = Extractor.from_pretrained(name, precision=precision)
    list(extractor.pipe(texts[:5], batch_size=batch_size))  # warm-up: lazy loads, caches
    started = time.perf_counter()
    records = sum(len(r) for r in extractor.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - started
    return {
        "system": name,
        "precision": precision,
        "articles": len(texts),
        "characters": sum(map(len, texts)),
        "records": records,
        "seconds": seconds,
        "articles_per_second": len(texts) / seconds,
        "characters_per_second": sum(map(len, texts)) / seconds,
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure_isolated(name: str, texts: list[str], batch_size: int, precision: str = "auto") -> dict:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(measure, (name, texts, batch_size, precision))


def bert_base_random(like: str, out: Path) -> str:
    """A BERT-base-sized token classifier (12 layers, 768 hidden) with random weights and the
    tokenizer of ``like``: the reference for the speed ratio. It reads the rules' tags when
    ``like`` does, so both run the same pipeline and only the encoder differs."""
    from transformers import AutoConfig, AutoTokenizer, BertConfig, BertForTokenClassification

    from attribution.extractor import PACKAGED_DEFAULT
    from attribution.labels import LABELS, id2label, label2id
    from attribution.tagger import RULE_FEATURES

    if like == "default":  # the shipped model, as --system default names it
        like = str(PACKAGED_DEFAULT)
    tokenizer = AutoTokenizer.from_pretrained(like)
    like_config = AutoConfig.from_pretrained(like)
    guided = getattr(like_config, RULE_FEATURES, False)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=768, num_hidden_layers=12,
                        num_attention_heads=12, intermediate_size=3072, num_labels=len(LABELS),
                        id2label=id2label, label2id=label2id,
                        type_vocab_size=getattr(like_config, "type_vocab_size", 2))
    setattr(config, RULE_FEATURES, guided)
    BertForTokenClassification(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return str(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.speed")
    parser.add_argument("--system", action="append", default=[])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--report", default="reports/speed.json")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto",
                        help="the models' arithmetic, the BERT-base reference's too (auto: bf16 where native)")
    parser.add_argument("--bert-base-random", metavar="MODEL_DIR", default=None,
                        help="also measure a random BERT-base-sized model with MODEL_DIR's tokenizer")
    args = parser.parse_args(argv)
    texts = [a["text"] for a in islice((a for a in iter_articles(args.corpus) if a["text"].strip()), args.articles)]
    systems = list(args.system or ["rules"])
    with tempfile.TemporaryDirectory() as tmp:
        if args.bert_base_random:
            systems.append(bert_base_random(args.bert_base_random, Path(tmp) / "bert-base-random"))
        rows = [measure_isolated(name, texts, args.batch_size, args.precision) for name in systems]
    if args.bert_base_random:
        rows[-1]["system"] = "BERT-base size, random weights"
        base = rows[-1]["articles_per_second"]
        for r in rows:
            r["speed_vs_bert_base"] = r["articles_per_second"] / base
    sys.stdout.write("| system | articles | articles/s | characters/s | records | peak RSS (MB) | × BERT-base |\n"
                     "|---|---|---|---|---|---|---|\n")
    for r in rows:
        ratio = f"{r['speed_vs_bert_base']:.1f}" if "speed_vs_bert_base" in r else "–"
        sys.stdout.write(f"| {r['system']} | {r['articles']} | {r['articles_per_second']:.1f} | "
                         f"{r['characters_per_second']:,.0f} | {r['records']} | {r['peak_rss_mb']:.0f} | {ratio} |\n")
    env = {"python": platform.python_version(), "machine": platform.machine(), "cpus": __import__("os").cpu_count()}
    write_text_atomic(args.report, json.dumps({"environment": env, "results": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
