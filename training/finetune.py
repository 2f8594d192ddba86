"""Fine-tune a token classifier (SPEAKER / CUE / CONTENT / ADDRESSEE / VIA, BIO) for extraction.

    python -m training.finetune --config training/configs/default.toml
    python -m training.finetune --config training/configs/default.toml --base-model aubmindlab/bert-base-arabertv2

Training data: silver labels from the rules over the shared corpus (only articles whose every
record the rules are sure of), plus the hand-labelled training split (``training/data``).
Model selection: early stopping on the hand-labelled validation split. The seeds' gold set is
never read here. The result is saved with ``save_pretrained`` (safetensors) and loads with
``Extractor.from_pretrained(path)`` or ``transformers.pipeline("token-classification", model=path)``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from attribution.assemble import finish
from attribution.labels import LABEL_SCHEME_VERSION, LABELS, document_tags, id2label, label2id
from attribution.rules import RuleTagger
from attribution.tagger import (FEATURE_VOCAB, MAX_LENGTH, NO_FEATURE, RULE_FEATURES, STRIDE_WORDS, model_words,
                               rule_features, subword_counts, use_bf16, windows)
from attribution.types import Document
from training.config import load_config, to_toml
from training.corpus import DEFAULT_SPLIT, DEFAULT_STANDOFF, iter_articles, load_standoff, split_parts


@dataclass
class FinetuneConfig:
    base_model: str = "runs/pretrain/final"  # any hub id or local path of an encoder (AraBERT, CAMeLBERT, XLM-R ...)
    out_dir: str = "runs/finetune"           # checkpoints and the final model
    corpus: str | None = None                # default ../shared/data/saudinewsnet/articles.jsonl.gz
    standoff: str = str(DEFAULT_STANDOFF)    # the hand-labelled articles (standoff)
    split: str = str(DEFAULT_SPLIT)          # which of them are train / validation
    silver_articles: int = 3000              # rule-labelled articles: enough to teach the easy 80%, few enough to train in minutes
    silver_min_score: float = 0.8            # keep an article only if every rule record is at least this sure
    silver_empty_share: float = 0.25         # articles with no record in the silver mix: teaches when not to extract
    gold_repeat: int = 4                     # hand labels are few and better than silver: each is seen this many times an epoch
    max_length: int = MAX_LENGTH             # sub-tokens per window, as at inference
    stride_words: int = STRIDE_WORDS         # overlap between windows, as at inference
    epochs: float = 4.0                      # early stopping usually ends sooner
    batch_size: int = 16
    learning_rate: float = 3e-4              # small encoder; a BERT-base would want 5e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    eval_steps: int = 100                    # validation F1 this often; the best checkpoint is kept
    patience: int = 4                        # evaluations without improvement before stopping
    seed: int = 20261122
    skip_silver: bool = False                # train on the hand labels alone (ablation)
    skip_gold: bool = False                  # train on silver alone (ablation)
    max_steps: int = -1                      # cap for quick runs and tests; -1 = epochs decide
    extra_train: list[str] = field(default_factory=list)  # more gold-format JSONL files to train on
    rule_features: bool = True               # the model reads the rules' tags (token types) and learns to correct them
    calibrate: bool = True                   # choose the decoding O bias and rule bias on validation record F1 (training.calibrate)
    feature_dropout: float = 0.15            # windows shown without rule tags: keeps the text itself informative
    silver_feature_dropout: float = 0.15     # the same for silver windows; 1.0: silver (the rules' own output) never shows the rules' tags, so only hand labels teach when to trust them
    precision: str = "auto"                  # bf16 where the chip has it natively, fp32 elsewhere: with dropout, a compact-encoder step 0.79 -> 0.59 s on 2 AMX cores
    correction_weight: float = 1.0           # loss weight of hand-labelled words whose gold tag differs from the rules' tag: silver teaches copying, these few words teach correcting


# --- data ------------------------------------------------------------------------------------


def silver_documents(config: FinetuneConfig, exclude: set[str]) -> list[Document]:
    """Rules over the corpus, keeping articles where every record is confident."""
    rules = RuleTagger()
    rng = random.Random(config.seed)
    kept, empty = [], []
    target_empty = int(config.silver_articles * config.silver_empty_share)
    for article in iter_articles(config.corpus):
        if article["id"] in exclude or not article.get("text", "").strip() or len(article["text"]) > 6000:
            continue
        drafts, name_quotes = rules.drafts(article["text"])
        if not drafts:
            if len(empty) < target_empty and rng.random() < 0.5:
                empty.append(Document(article["id"], article["text"]))
            continue
        if len(kept) >= config.silver_articles - target_empty:
            if len(empty) >= target_empty:
                break
            continue
        if min(d.score or 0.0 for d in drafts) < config.silver_min_score:
            continue
        kept.append(Document(article["id"], article["text"], tuple(finish(article["text"], drafts, name_quotes))))
    return kept + empty


def encode_documents(
    documents: Iterable[Document], tokenizer, max_length: int, stride_words: int,
    rules: RuleTagger | None = None, feature_dropout: float = 0.0, seed: int = 0,
    correction_weight: float = 1.0,
) -> list[dict]:
    """Windows of word-aligned sub-tokens with labels on each word's first sub-token, -100
    elsewhere (continuation sub-tokens and specials), as in Hugging Face's run_ner.

    With ``rules``, every sub-token also carries its word's rule tag as a token type
    (``attribution.tagger.rule_features``); a ``feature_dropout`` share of windows carry none,
    so that the model also learns to read the text alone. Every row carries ``label_weights``:
    ``correction_weight`` on words whose label differs from the rules' tag (in windows that
    show the tags), 1 elsewhere."""
    rng = random.Random(seed)
    rows = []
    for doc in documents:
        tokens, tags = document_tags(doc.text, doc.attributions)
        features = rule_features(tokens, rules.drafts(doc.text)[0]) if rules is not None else None
        words = model_words(doc.text, tokens)
        if not words:
            continue
        for window in windows(subword_counts(tokenizer, words), max_length - 2, stride_words):
            piece = tokenizer(words[window.start : window.end], is_split_into_words=True,
                              truncation=True, max_length=max_length)
            labels, previous = [], None
            for w in piece.word_ids():
                if w is None or w == previous:
                    labels.append(-100)
                else:
                    labels.append(label2id[tags[window.start + w]])
                previous = w
            row = {"input_ids": piece["input_ids"], "attention_mask": piece["attention_mask"], "labels": labels}
            weights = [1.0] * len(labels)
            if features is not None:
                off = rng.random() < feature_dropout
                row["token_type_ids"] = [
                    NO_FEATURE if w is None or off else features[window.start + w] for w in piece.word_ids()
                ]
                if not off and correction_weight != 1.0:
                    weights = [correction_weight if label != -100 and 1 + label != feature else 1.0
                               for label, feature in zip(labels, row["token_type_ids"])]
            row["label_weights"] = weights
            rows.append(row)
    return rows


def widen_token_types(model, size: int) -> None:
    """Give the encoder ``size`` token types (the rule features). Type 0 keeps the base
    model's first type embedding, so an input without features reads as before; the others
    start from it plus noise and are learnt."""
    import torch

    embeddings = getattr(model.base_model, "embeddings", None)
    old = getattr(embeddings, "token_type_embeddings", None)
    if old is None:
        raise ValueError(
            f"{type(model.base_model).__name__} has no token-type embeddings to carry rule features: "
            "set rule_features = false in the config"
        )
    new = torch.nn.Embedding(size, old.embedding_dim)
    with torch.no_grad():
        new.weight.copy_(old.weight[0].expand(size, -1) + 0.02 * torch.randn(size, old.embedding_dim))
        new.weight[0] = old.weight[0]
    embeddings.token_type_embeddings = new
    model.config.type_vocab_size = size


class WeightedCollator:
    """``DataCollatorForTokenClassification`` that also pads each row's ``label_weights``."""

    def __init__(self, tokenizer) -> None:
        from transformers import DataCollatorForTokenClassification

        self.base = DataCollatorForTokenClassification(tokenizer)

    def __call__(self, features: list[dict]) -> dict:
        import torch

        weights = [list(f.pop("label_weights")) for f in features] if "label_weights" in features[0] else None
        batch = self.base(features)
        if weights is not None:
            width = batch["labels"].shape[1]
            batch["label_weights"] = torch.tensor([w + [0.0] * (width - len(w)) for w in weights])
        return batch


def weighted_trainer_class():
    """A ``Trainer`` whose token loss is weighted by the batch's ``label_weights``."""
    import torch
    from transformers import Trainer

    class WeightedTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            weights = inputs.pop("label_weights", None)
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            logits = outputs.logits
            flat = labels.reshape(-1)
            losses = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]).float(), flat, ignore_index=-100, reduction="none")
            mask = (flat != -100).float()
            w = mask if weights is None else weights.reshape(-1).to(losses.dtype) * mask
            loss = (losses * w).sum() / w.sum().clamp(min=1.0)
            return (loss, outputs) if return_outputs else loss

    return WeightedTrainer


# --- metrics ---------------------------------------------------------------------------------


def compute_metrics(eval_prediction) -> dict[str, float]:
    """Strict IOB2 seqeval F1 over words (first sub-tokens)."""
    import numpy as np
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2

    logits, labels = eval_prediction
    predicted = np.argmax(logits, axis=-1)
    y_true, y_pred = [], []
    for p_row, l_row in zip(predicted, labels):
        keep = l_row != -100
        y_true.append([LABELS[i] for i in l_row[keep]])
        y_pred.append([LABELS[i] for i in p_row[keep]])
    return {"f1": float(f1_score(y_true, y_pred, mode="strict", scheme=IOB2, zero_division=0))}


# --- the run ---------------------------------------------------------------------------------


def run(config: FinetuneConfig) -> Path:
    import datasets
    import torch
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        EarlyStoppingCallback,
        TrainingArguments,
    )

    torch.manual_seed(config.seed)
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "finetune_config.toml").write_text(to_toml(config), encoding="utf-8")
    tokenizer = AutoTokenizer.from_pretrained(config.base_model)

    hand = list(load_standoff(config.standoff, config.corpus))
    parts = split_parts(hand, config.split)
    train_docs: list[Document] = []
    if not config.skip_gold:
        train_docs += parts["train"] * config.gold_repeat
    for path in config.extra_train:
        from attribution.io import read_documents

        train_docs += read_documents(path)
    silver = [] if config.skip_silver else silver_documents(config, exclude={d.doc_id for d in hand})
    val_docs = parts["validation"]

    rules = RuleTagger() if config.rule_features else None
    train_rows = encode_documents(train_docs, tokenizer, config.max_length, config.stride_words,
                                  rules, config.feature_dropout, config.seed, config.correction_weight)
    train_rows += encode_documents(silver, tokenizer, config.max_length, config.stride_words,
                                   rules, config.silver_feature_dropout, config.seed + 1)
    val_rows = encode_documents(val_docs, tokenizer, config.max_length, config.stride_words, rules)
    train_ds = datasets.Dataset.from_list(train_rows).shuffle(seed=config.seed)
    val_ds = datasets.Dataset.from_list(val_rows)

    model = AutoModelForTokenClassification.from_pretrained(
        config.base_model, num_labels=len(LABELS), id2label=id2label, label2id=label2id,
        use_safetensors=True, ignore_mismatched_sizes=True,
    )
    model.config.attribution_label_scheme = LABEL_SCHEME_VERSION
    if config.rule_features:
        if getattr(model.config, "type_vocab_size", 0) != FEATURE_VOCAB:
            widen_token_types(model, FEATURE_VOCAB)
        setattr(model.config, RULE_FEATURES, True)
    args = TrainingArguments(
        output_dir=str(out / "checkpoints"), num_train_epochs=config.epochs, max_steps=config.max_steps,
        per_device_train_batch_size=config.batch_size, per_device_eval_batch_size=config.batch_size * 2,
        learning_rate=config.learning_rate, weight_decay=config.weight_decay,
        warmup_steps=max(1, int(config.warmup_ratio * max(1, len(train_ds) // config.batch_size) * config.epochs))
        if config.max_steps < 0 else 1,
        eval_strategy="steps", eval_steps=config.eval_steps, save_strategy="steps", save_steps=config.eval_steps,
        save_total_limit=2, load_best_model_at_end=True, metric_for_best_model="f1", greater_is_better=True,
        logging_steps=max(1, config.eval_steps // 2), seed=config.seed, report_to=[], use_cpu=not torch.cuda.is_available(),
        bf16=use_bf16(config.precision),
        dataloader_num_workers=0, remove_unused_columns=False,  # label_weights reach the collator
    )
    trainer = weighted_trainer_class()(
        model=model, args=args, train_dataset=train_ds, eval_dataset=val_ds,
        data_collator=WeightedCollator(tokenizer),
        compute_metrics=compute_metrics,
        callbacks=[EarlyStoppingCallback(early_stopping_patience=config.patience)],
    )
    ckpts = sorted((out / "checkpoints").glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    trainer.train(resume_from_checkpoint=str(ckpts[-1]) if ckpts else None)
    final = out / "final"
    trainer.model.save_pretrained(final)
    tokenizer.save_pretrained(final)
    (final / "finetune_config.toml").write_text(to_toml(config), encoding="utf-8")
    metrics = trainer.evaluate()
    (final / "validation.json").write_text(__import__("json").dumps(metrics, indent=1) + "\n", encoding="utf-8")
    if config.calibrate and val_docs:
        from training.calibrate import calibrate, save_choice

        save_choice(final, *calibrate(final, val_docs))
    return final


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.finetune", description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--base-model", default=None, help="any hub id or local encoder path")
    parser.add_argument("--out-dir", default=None)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None, help="another seed for the same config (seed variance)")
    args = parser.parse_args(argv)
    config = load_config(FinetuneConfig, args.config, base_model=args.base_model, out_dir=args.out_dir,
                         max_steps=args.max_steps, seed=args.seed)
    run(config)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
