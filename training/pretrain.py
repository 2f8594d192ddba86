"""Tokenizer + masked-language-model pretraining of the compact Arabic encoder, on the CPU.

    python -m training.pretrain --config training/configs/pretrain.toml
    python -m training.pretrain --config training/configs/pretrain.toml   # again: resumes
    python -m training.pretrain --config training/configs/pretrain_more.toml  # a second session: goes on from the first run's encoder

1. A WordPiece tokenizer is trained with `tokenizers` on the shared news corpus (normalising
   diacritics and tatweel away, since writers use them at random).
2. The corpus is split into guideline tokens (``attribution.text``), sub-tokenised, and packed
   into word-aligned blocks.
3. A small BERT is pretrained with whole-word masking (every sub-token of a chosen word is
   masked together) by ``Trainer``, checkpointing every ``save_steps`` and resuming from the
   last checkpoint. The seed articles (the benchmark) are never in the pretraining text.

Measured on 2 cores: the first 6,500 steps (48 minutes) plateaued near a masked-word loss of
6.4; 6,500 more from that encoder (``init_from``, a new warmup, 44 minutes) broke through to 4.8.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from attribution.tagger import use_bf16
from attribution.text import tokenize
from training.config import load_config, to_toml
from training.corpus import iter_articles

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@dataclass
class PretrainConfig:
    out_dir: str = "runs/pretrain"          # checkpoints, tokenizer and the final encoder
    corpus: str | None = None                # default ../shared/data/saudinewsnet/articles.jsonl.gz
    max_articles: int = 0                    # 0 = all 29K; fewer for a quick run
    vocab_size: int = 16000                  # Arabic clitics make words many; 16K subwords cover news well and keep embeddings at 4M params
    hidden_size: int = 128                   # measured on 2 cores: 256 trains at 2.8K tokens/s, 128 at 6.3K; 128 also keeps extraction > 30 articles/s
    num_layers: int = 4
    num_heads: int = 4                       # 32 dims per head
    intermediate_size: int = 512             # 4x hidden, the BERT ratio
    max_position_embeddings: int = 512      # fine-tuning windows go up to 256; room to spare
    block_size: int = 128                    # sub-tokens per example: a sentence or two; attention cost stays small on CPU
    batch_size: int = 64                     # 8K tokens a step: stable without accumulation
    learning_rate: float = 1e-3              # measured: 5e-4 for 1,200 steps left the loss at 7.8 (the unigram level); 1e-3 reached 7.49 by then
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    max_steps: int = 6500                    # ~4 passes over the corpus, 48 minutes measured on 2 cores (0.44 s a step, no dropout): one session's run
    mask_probability: float = 0.15           # the BERT rate, applied to whole words
    save_steps: int = 250                    # a checkpoint every few minutes: a stopped session loses little
    logging_steps: int = 50
    seed: int = 20261122
    threads: int = 0                         # torch threads; 0 = all cores
    dropout: float = 0.0                     # none while pretraining: a few passes over 8M words underfit, and attention dropout puts CPU attention on its slow path (measured 0.79 -> 0.44 s a step); the saved encoder carries BERT's 0.1 for fine-tuning
    precision: str = "fp32"                  # "auto" = bf16 where the chip has it; measured without dropout on 2 AMX cores: bf16 0.47 s a step, fp32 0.44
    init_from: str | None = None             # a BERT encoder (directory or hub id) to go on pretraining, its tokenizer and architecture kept: a second session's run, or a hub BERT such as AraBERT adapted to this news


def _seed_paragraphs() -> list[str]:
    """Long lines of the seed articles: a corpus article containing one is left out."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []:
        out += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if len(ln.strip()) > 80]
    return out


def pretraining_texts(config: PretrainConfig) -> Iterator[str]:
    seeds = _seed_paragraphs()
    n = 0
    for article in iter_articles(config.corpus):
        text = article.get("text") or ""
        if not text.strip() or any(p in text for p in seeds):
            continue
        yield text
        n += 1
        if config.max_articles and n >= config.max_articles:
            break


def train_tokenizer(texts: Sequence[str], vocab_size: int):
    """A BERT-style WordPiece fast tokenizer trained on ``texts``."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    # diacritics (U+064B-U+065F, U+0670) and tatweel carry no meaning a tagger needs
    tok.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Replace(Regex("[\u064b-\u065f\u0670\u0640]"), "")])
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(
        vocab_size=vocab_size, min_frequency=3,
        special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"],
    )
    tok.train_from_iterator(texts, trainer=trainer)
    from tokenizers.processors import TemplateProcessing

    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", mask_token="[MASK]", model_max_length=512,
    )


def blocks(tokenizer, texts: Sequence[str], block_size: int) -> Iterator[dict[str, list[int]]]:
    """Word-aligned blocks: sub-token ids and, per sub-token, the index of its word."""
    inner = block_size - 2
    batch = 256
    for b in range(0, len(texts), batch):
        words_batch = [[t.text for t in tokenize(text)] for text in texts[b : b + batch]]
        words_batch = [w for w in words_batch if w]
        enc = tokenizer(words_batch, is_split_into_words=True, add_special_tokens=False)
        for i in range(len(words_batch)):
            ids, wids = enc["input_ids"][i], enc.word_ids(i)
            start = 0
            while start < len(ids):
                end = min(start + inner, len(ids))
                while end < len(ids) and end > start + 1 and wids[end] == wids[end - 1]:
                    end -= 1  # never cut a word in two
                chunk_w = wids[start:end]
                yield {
                    "input_ids": [tokenizer.cls_token_id] + ids[start:end] + [tokenizer.sep_token_id],
                    "word_ids": [-1] + [w - chunk_w[0] for w in chunk_w] + [-1],
                }
                start = end


@dataclass
class WholeWordMaskCollator:
    """Masks whole words: 80% [MASK], 10% a random token, 10% unchanged, per chosen word."""

    tokenizer: Any
    mask_probability: float = 0.15
    seed: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def __call__(self, examples: list[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        length = max(len(e["input_ids"]) for e in examples)
        pad = self.tokenizer.pad_token_id
        input_ids = torch.full((len(examples), length), pad, dtype=torch.long)
        labels = torch.full((len(examples), length), -100, dtype=torch.long)
        attention = torch.zeros((len(examples), length), dtype=torch.long)
        vocab = len(self.tokenizer)
        for row, e in enumerate(examples):
            ids = list(e["input_ids"])
            wids = e["word_ids"]
            words = sorted({w for w in wids if w >= 0})
            n_mask = max(1, round(len(words) * self.mask_probability)) if words else 0
            chosen = set(self.rng.sample(words, min(n_mask, len(words))))
            for k, w in enumerate(wids):
                if w in chosen:
                    labels[row, k] = ids[k]
                    r = self.rng.random()
                    if r < 0.8:
                        ids[k] = self.tokenizer.mask_token_id
                    elif r < 0.9:
                        ids[k] = self.rng.randrange(5, vocab)
            input_ids[row, : len(ids)] = torch.tensor(ids)
            attention[row, : len(ids)] = 1
        return {"input_ids": input_ids, "attention_mask": attention, "labels": labels}


def sparse_mlm_model(bert_config, init_from: str | None = None):
    """A ``BertForMaskedLM`` that scores only the masked positions while training.

    The vocabulary projection is most of a small model's compute; the 85% of positions that
    carry no label need no logits. Parameters and saved weights are exactly BertForMaskedLM's.
    With ``init_from`` the weights are that encoder's (``bert_config`` is its config, with the
    pretraining dropout), so pretraining goes on where an earlier run stopped.
    """
    from transformers import BertForMaskedLM
    from transformers.modeling_outputs import MaskedLMOutput

    class SparseMaskedLM(BertForMaskedLM):
        def forward(self, input_ids=None, attention_mask=None, labels=None, **kwargs):  # noqa: D401
            if labels is None:
                return super().forward(input_ids=input_ids, attention_mask=attention_mask, **kwargs)
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            keep = labels != -100
            logits = self.cls(hidden[keep])
            loss = torch.nn.functional.cross_entropy(logits, labels[keep])
            return MaskedLMOutput(loss=loss, logits=logits)

    model = SparseMaskedLM.from_pretrained(init_from, config=bert_config) if init_from else SparseMaskedLM(bert_config)
    model.config.architectures = ["BertForMaskedLM"]
    return model


FINETUNE_DROPOUT = 0.1  # BERT's own rate, what the saved encoder's config tells fine-tuning to use


def encoder_config(config: PretrainConfig, vocab_size: int, dropout: float = FINETUNE_DROPOUT):
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size, hidden_size=config.hidden_size, num_hidden_layers=config.num_layers,
        num_attention_heads=config.num_heads, intermediate_size=config.intermediate_size,
        max_position_embeddings=config.max_position_embeddings,
        hidden_dropout_prob=dropout, attention_probs_dropout_prob=dropout,
    )


def run(config: PretrainConfig) -> Path:
    import datasets
    from transformers import PreTrainedTokenizerFast, Trainer, TrainingArguments

    if config.threads:
        torch.set_num_threads(config.threads)
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pretrain_config.toml").write_text(to_toml(config), encoding="utf-8")
    tok_dir, data_dir = out / "tokenizer", out / "blocks"
    texts: list[str] | None = None
    if config.init_from and not (tok_dir / "tokenizer.json").exists():
        PreTrainedTokenizerFast.from_pretrained(config.init_from).save_pretrained(tok_dir)  # blocks must use its vocabulary
    if not (tok_dir / "tokenizer.json").exists():
        texts = list(pretraining_texts(config))
        tokenizer = train_tokenizer(texts, config.vocab_size)
        tokenizer.save_pretrained(tok_dir)
    tokenizer = PreTrainedTokenizerFast.from_pretrained(tok_dir)
    if not data_dir.exists():
        texts = texts if texts is not None else list(pretraining_texts(config))
        ds = datasets.Dataset.from_generator(blocks, gen_kwargs={"tokenizer": tokenizer, "texts": texts,
                                                                  "block_size": config.block_size})
        ds.save_to_disk(str(data_dir))
    ds = datasets.load_from_disk(str(data_dir)).shuffle(seed=config.seed)
    torch.manual_seed(config.seed)
    if config.init_from:
        from transformers import AutoConfig

        bert_config = AutoConfig.from_pretrained(config.init_from, hidden_dropout_prob=config.dropout,
                                                 attention_probs_dropout_prob=config.dropout)
    else:
        bert_config = encoder_config(config, len(tokenizer), dropout=config.dropout)
    model = sparse_mlm_model(bert_config, config.init_from)
    args = TrainingArguments(
        output_dir=str(out / "checkpoints"), max_steps=config.max_steps,
        per_device_train_batch_size=config.batch_size, learning_rate=config.learning_rate,
        warmup_steps=max(1, math.ceil(config.warmup_ratio * config.max_steps)), weight_decay=config.weight_decay,
        lr_scheduler_type="linear", logging_steps=config.logging_steps, save_steps=config.save_steps,
        save_total_limit=2, seed=config.seed, report_to=[], remove_unused_columns=False,
        dataloader_num_workers=0, use_cpu=not torch.cuda.is_available(), disable_tqdm=False,
        bf16=use_bf16(config.precision),
    )
    trainer = Trainer(model=model, args=args, train_dataset=ds,
                      data_collator=WholeWordMaskCollator(tokenizer, config.mask_probability, config.seed))
    last = None
    ckpts = sorted((out / "checkpoints").glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    if ckpts:
        last = str(ckpts[-1])
    trainer.train(resume_from_checkpoint=last)
    final = out / "final"
    from transformers import BertForMaskedLM

    saved = copy.deepcopy(bert_config)  # the same architecture, with fine-tuning's dropout
    saved.hidden_dropout_prob = saved.attention_probs_dropout_prob = FINETUNE_DROPOUT
    plain = BertForMaskedLM(saved)  # saved as the standard class, same weights
    plain.load_state_dict(trainer.model.state_dict())
    plain.config.architectures = ["BertForMaskedLM"]
    plain.save_pretrained(final)
    tokenizer.save_pretrained(final)
    return final


def save_random_encoder(config: PretrainConfig, tokenizer_dir: Path, out: Path) -> Path:
    """The same architecture and tokenizer with random weights: the no-pretraining baseline."""
    from transformers import BertForMaskedLM, PreTrainedTokenizerFast

    tokenizer = PreTrainedTokenizerFast.from_pretrained(tokenizer_dir)
    torch.manual_seed(config.seed)
    BertForMaskedLM(encoder_config(config, len(tokenizer))).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.pretrain", description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--out-dir", default=None)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--max-articles", type=int, default=None)
    parser.add_argument("--init-from", default=None, help="a BERT encoder (directory or hub id) to go on pretraining from")
    parser.add_argument("--random-init", type=Path, metavar="OUT",
                        help="save the architecture with random weights and the run's tokenizer to OUT (no training)")
    args = parser.parse_args(argv)
    config = load_config(PretrainConfig, args.config, out_dir=args.out_dir, max_steps=args.max_steps,
                         max_articles=args.max_articles, init_from=args.init_from)
    if args.random_init:
        save_random_encoder(config, Path(config.out_dir) / "tokenizer", args.random_init)
        return 0
    run(config)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
