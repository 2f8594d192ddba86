"""The token classifier: text -> tagged spans, through any Hugging Face token-classification model.

The article is split into guideline tokens (``attribution.text``); these words go to the model's
tokenizer with ``is_split_into_words=True``, so ``word_ids()`` maps every sub-token back to a
word and every word back to exact character offsets. Long articles are cut into overlapping
windows of words; each word takes its label from the window in which it sits farthest from an
edge (the most context on both sides). Tags become spans (``attribution.labels``) and the
linker (``attribution.assemble``) turns spans into records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from attribution.assemble import TaggedSpan, finish, link
from attribution.errors import ModelLoadError
from attribution.labels import LABEL_SCHEME_VERSION, LABELS, tags_to_spans
from attribution.text import Token, tokenize, trim_span
from attribution.types import Attribution

__all__ = ["ModelTagger", "Window", "windows", "stitch", "viterbi"]

T = TypeVar("T")

# Sub-tokens per window (the model's trained length) and words shared by neighbouring windows.
MAX_LENGTH = 256
STRIDE_WORDS = 32


@dataclass(frozen=True, slots=True)
class Window:
    """Words ``[start, end)`` of the article, as one model input."""

    start: int
    end: int


def windows(word_lengths: Sequence[int], max_subwords: int, stride_words: int) -> list[Window]:
    """Cut words (with their sub-token counts) into windows of at most ``max_subwords``
    sub-tokens, neighbours overlapping by ``stride_words`` words; a word longer than a whole
    window gets a window of its own (truncated by the tokenizer)."""
    out: list[Window] = []
    n = len(word_lengths)
    start = 0
    while start < n:
        end, used = start, 0
        while end < n and (used + word_lengths[end] <= max_subwords or end == start):
            used += word_lengths[end]
            end += 1
        out.append(Window(start, end))
        if end >= n:
            break
        # overlap by up to ``stride_words`` words, but the next window must bring a new word
        nxt = max(start + 1, end - stride_words)
        while nxt < end and sum(word_lengths[nxt : end + 1]) > max_subwords:
            nxt += 1
        start = nxt
    return out


def stitch(n_words: int, spans: Sequence[Window], values: Sequence[Sequence[T]]) -> list[T]:
    """One value per word (a label, or a row of label scores): from the window where the word
    is farthest from either edge."""
    best: list = [None] * n_words
    margin = [-1] * n_words
    for window, window_values in zip(spans, values):
        for k, value in enumerate(window_values):
            w = window.start + k
            m = min(k, window.end - window.start - 1 - k)
            if m > margin[w]:
                margin[w], best[w] = m, value
    return best


def viterbi(scores: Sequence[Sequence[float]], labels: Sequence[str]) -> list[int]:
    """The best label sequence that is valid IOB2 (an I-X only after B-X or I-X).

    A token classifier scores each word alone and often opens a span with I- or breaks one
    in the middle; decoding under the BIO constraint turns those scores into whole spans.
    """
    n, k = len(scores), len(labels)
    if n == 0:
        return []
    allowed = [[True] * k for _ in range(k)]  # allowed[prev][cur]
    for cur, label in enumerate(labels):
        if label.startswith("I-"):
            role = label[2:]
            for prev, p_label in enumerate(labels):
                allowed[prev][cur] = p_label in (f"B-{role}", f"I-{role}")
    neg = float("-inf")
    best = [s if not labels[j].startswith("I-") else neg for j, s in enumerate(scores[0])]
    back: list[list[int]] = []
    for t in range(1, n):
        row, ptr = [], []
        for cur in range(k):
            choice, value = 0, neg
            for prev in range(k):
                if allowed[prev][cur] and best[prev] > value:
                    choice, value = prev, best[prev]
            row.append(value + scores[t][cur])
            ptr.append(choice)
        best = row
        back.append(ptr)
    path = [max(range(k), key=lambda j: best[j])]
    for ptr in reversed(back):
        path.append(ptr[path[-1]])
    return path[::-1]


class ModelTagger:
    """A fine-tuned token classifier behind the same interface as the rules."""

    def __init__(self, model, tokenizer, name: str, batch_size: int = 16) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.batch_size = batch_size
        id2label = {int(k): v for k, v in model.config.id2label.items()}
        self.labels = [id2label[i] for i in range(len(id2label))]
        unknown = sorted(set(self.labels) - set(LABELS))
        if unknown:
            raise ModelLoadError(f"{name}: the model's labels {unknown} are not this library's BIO labels")

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path, **kwargs) -> ModelTagger:
        """A local model directory or hub id: safetensors weights only, never remote code."""
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        path = Path(name_or_path)
        if path.exists():
            if not path.is_dir():
                raise ModelLoadError(f"{path}: not a model directory")
            missing = [f for f in ("config.json", "model.safetensors") if not (path / f).exists()]
            if missing:
                raise ModelLoadError(f"{path}: not a complete model directory (missing {', '.join(missing)})")
            try:
                json.loads((path / "config.json").read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:
                raise ModelLoadError(f"{path}/config.json: unreadable ({err})") from None
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(name_or_path))
            model = AutoModelForTokenClassification.from_pretrained(
                str(name_or_path), use_safetensors=True, trust_remote_code=False
            )
        except Exception as err:  # noqa: BLE001 - safetensors, tokenizers and torch raise their own types
            raise ModelLoadError(f"{name_or_path}: cannot load the model: {type(err).__name__}: {err}") from None
        scheme = getattr(model.config, "attribution_label_scheme", LABEL_SCHEME_VERSION)
        if scheme != LABEL_SCHEME_VERSION:
            raise ModelLoadError(f"{name_or_path}: label scheme {scheme}, this library reads {LABEL_SCHEME_VERSION}")
        return cls(model, tokenizer, str(name_or_path), **kwargs)

    # --- tagging ----------------------------------------------------------------------------

    def word_labels(self, words: Sequence[str]) -> list[int]:
        """Label ids for each word of one article."""
        import torch

        if not words:
            return []
        pieces = self.tokenizer(list(words), is_split_into_words=True, add_special_tokens=False)
        lengths = [0] * len(words)
        for w in pieces.word_ids():
            if w is not None:
                lengths[w] += 1
        lengths = [max(1, n) for n in lengths]
        spans = windows(lengths, MAX_LENGTH - 2, STRIDE_WORDS)
        results: list[list[int]] = []
        for b in range(0, len(spans), self.batch_size):
            batch = spans[b : b + self.batch_size]
            enc = self.tokenizer(
                [list(words[s.start : s.end]) for s in batch], is_split_into_words=True,
                truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt",
            )
            with torch.inference_mode():
                logits = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits
            scores = torch.log_softmax(logits.float(), dim=-1).tolist()
            for i, window in enumerate(batch):
                per_word: list[list[float]] = [[0.0] * len(self.labels)] * (window.end - window.start)
                seen = set()
                for k, w in enumerate(enc.word_ids(i)):
                    if w is not None and w not in seen:  # the first sub-token speaks for the word
                        seen.add(w)
                        per_word[w] = scores[i][k]
                results.append(per_word)
        return viterbi(stitch(len(words), spans, results), self.labels)

    def tag(self, text: str) -> list[TaggedSpan]:
        tokens: Sequence[Token] = tokenize(text)
        ids = self.word_labels([t.text for t in tokens])
        tags = [self.labels[i] for i in ids]
        out = []
        for role, span in tags_to_spans(text, tokens, tags):
            trimmed = trim_span(text, span.start, span.end)  # a tagged edge mark is not part of a span
            if trimmed is not None:
                out.append(TaggedSpan(role, trimmed))
        return out

    def extract(self, text: str) -> list[Attribution]:
        return finish(text, link(text, self.tag(text)))
