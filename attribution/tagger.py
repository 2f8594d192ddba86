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

from attribution.assemble import Draft, TaggedSpan, finish, link, link_with_rules
from attribution.errors import ModelLoadError
from attribution.labels import LABEL_SCHEME_VERSION, LABELS, label2id, record_role_spans, spans_to_tags, tags_to_spans
from attribution.text import Token, close_open_quote, tokenize, trim_span
from attribution.types import Attribution

__all__ = ["ModelTagger", "Prepared", "Window", "windows", "stitch", "viterbi", "rule_features", "RULE_FEATURES",
           "NO_FEATURE", "LABEL_BIAS", "RULE_BIAS", "native_bf16", "PRECISIONS", "check_precision"]

T = TypeVar("T")

# Sub-tokens per window (the model's trained length) and words shared by neighbouring windows.
MAX_LENGTH = 256
STRIDE_WORDS = 32

# A rule-guided model reads, beside each sub-token, the rules' BIO tag of its word as a
# token-type id: 0 means "no rule information" (special tokens, padding, and any caller that
# does not pass them, such as ``transformers.pipeline``), 1 + label id otherwise. Token types
# are a standard input of BERT-family encoders, so such a model stays a plain
# ``*ForTokenClassification`` that loads anywhere without remote code.
RULE_FEATURES = "attribution_rule_features"  # the config flag that marks a rule-guided model
NO_FEATURE = 0
FEATURE_VOCAB = 1 + len(LABELS)
# Decoding calibration, saved in the model's config: a constant added to a label's
# log-probability before Viterbi decoding ({"O": 0.5} makes every span a little harder to
# open). Chosen on the validation split after fine-tuning (``training.finetune``), since the
# precision / recall balance that maximises record F1 is not the one the token loss finds.
LABEL_BIAS = "attribution_label_bias"
# The second calibration of a rule-guided model: a constant added to the log-probability of
# the label the rules gave each word. At 0 the model decides alone; large enough, decoding
# returns the rules' own tags. Between the two, the model overrules the rules only where it
# is that much surer, which is the trade a few hundred hand-labelled articles can support.
# Chosen on the validation split with the O bias (``training.calibrate``).
RULE_BIAS = "attribution_rule_bias"

# "auto": bfloat16 matrix arithmetic where the chip has it natively, float32 elsewhere.
PRECISIONS = ("auto", "bf16", "fp32")


def native_bf16() -> bool:
    """Whether this machine computes bfloat16 natively: a CUDA GPU that supports it, or a CPU
    with AMX or AVX512-BF16. Elsewhere bf16 is emulated and slower than fp32, so "auto" keeps
    fp32 there. (Measured on this project's 2-core AMX CPU, the compact encoder, 16 windows of
    256: a forward pass 0.043 s in fp32, 0.024 s in bf16.)"""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in probes)


def check_precision(precision: str) -> str:
    """``precision`` itself, if it is one of ``PRECISIONS``; a ValueError naming them if not."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    return precision


def use_bf16(precision: str) -> bool:
    """``precision`` ("auto", "bf16", "fp32") -> whether to run matrix products in bf16."""
    check_precision(precision)
    return precision == "bf16" or (precision == "auto" and native_bf16())


def rule_features(tokens: Sequence[Token], drafts: Sequence[Draft]) -> list[int]:
    """One token-type id per word: the rules' tag for it (see ``RULE_FEATURES``)."""
    return [1 + label2id[tag] for tag in spans_to_tags(tokens, record_role_spans(drafts))]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article after the expensive steps (the rules and the encoder), before decoding:
    calibration decodes the same prepared articles under many settings."""

    text: str
    tokens: tuple[Token, ...]
    features: tuple[int, ...] | None  # the rules' tag per word, for a rule-guided model
    scores: object  # per-word label log-probabilities (numpy array, words x labels), unbiased
    drafts: tuple[Draft, ...] = ()
    name_quotes: frozenset[int] = frozenset()


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
    import numpy as np

    n, k = len(scores), len(labels)
    if n == 0:
        return []
    score = np.asarray(scores, dtype=np.float64)
    transition = np.zeros((k, k))  # transition[prev, cur]: 0 allowed, -inf forbidden
    opens = np.zeros(k)  # a sequence may not start inside a span
    for cur, label in enumerate(labels):
        if label.startswith("I-"):
            role = label[2:]
            opens[cur] = -np.inf
            for prev, p_label in enumerate(labels):
                if p_label not in (f"B-{role}", f"I-{role}"):
                    transition[prev, cur] = -np.inf
    best = score[0] + opens
    back = np.empty((n - 1, k), dtype=np.int64)
    for t in range(1, n):
        candidates = best[:, None] + transition
        back[t - 1] = candidates.argmax(axis=0)  # the first best predecessor, as in a plain loop
        best = candidates[back[t - 1], np.arange(k)] + score[t]
    path = [int(best.argmax())]
    for ptr in back[::-1]:
        path.append(int(ptr[path[-1]]))
    return path[::-1]


class ModelTagger:
    """A fine-tuned token classifier behind the same interface as the rules."""

    def __init__(self, model, tokenizer, name: str, batch_size: int = 16, precision: str = "auto") -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.batch_size = batch_size
        # bf16 matrix products where the chip has them; label scores are read back in fp32
        self.precision = precision
        self._bf16 = use_bf16(precision)
        self.rules = None
        if getattr(model.config, RULE_FEATURES, False):
            from attribution.rules import RuleTagger

            self.rules = RuleTagger()
        id2label = {int(k): v for k, v in model.config.id2label.items()}
        self.labels = [id2label[i] for i in range(len(id2label))]
        unknown = sorted(set(self.labels) - set(LABELS))
        if unknown:
            raise ModelLoadError(f"{name}: the model's labels {unknown} are not this library's BIO labels")
        # a rule feature (1 + the library's label id) -> the model's id for that label
        self._feature_label = {1 + label2id[label]: self.labels.index(label) for label in self.labels}
        self.label_bias: dict[str, float] = {}
        self.set_label_bias(getattr(model.config, LABEL_BIAS, None) or {})
        self.rule_bias = 0.0
        self.set_rule_bias(getattr(model.config, RULE_BIAS, None) or 0.0)

    def set_label_bias(self, bias: dict[str, float]) -> None:
        """Set the decoding calibration (see ``LABEL_BIAS``); unknown labels are an error."""
        unknown = sorted(set(bias) - set(self.labels))
        if unknown:
            raise ModelLoadError(f"{self.name}: label bias for unknown labels {unknown}")
        self.label_bias = {k: float(v) for k, v in bias.items()}
        self._bias_vector = [self.label_bias.get(label, 0.0) for label in self.labels]

    def set_rule_bias(self, bias: float) -> None:
        """Set how much surer than the rules the model must be to overrule them (``RULE_BIAS``)."""
        bias = float(bias)
        if bias < 0 or bias != bias:
            raise ModelLoadError(f"{self.name}: rule bias must be a number >= 0, got {bias}")
        if bias and self.rules is None:
            raise ModelLoadError(f"{self.name}: a rule bias needs a rule-guided model")
        self.rule_bias = bias

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

    def word_labels(self, words: Sequence[str], features: Sequence[int] | None = None) -> list[int]:
        """Label ids for each word of one article (``features``: the rules' tag ids per word,
        for a rule-guided model)."""
        return self.word_labels_many([(words, features)])[0]

    def word_labels_many(self, articles: Sequence[tuple[Sequence[str], Sequence[int] | None]]) -> list[list[int]]:
        """Label ids for the words of several articles (see ``word_scores_many``)."""
        return [self.decode(scores, features)
                for scores, (_, features) in zip(self.word_scores_many(articles), articles)]

    def decode(self, scores, features: Sequence[int] | None = None) -> list[int]:
        """Label ids from one article's per-word scores under the calibration: the label bias
        on every word, the rule bias on the label the rules gave it, then BIO Viterbi."""
        import numpy as np

        if len(scores) == 0:
            return []
        biased = np.asarray(scores, dtype=np.float64) + np.asarray(self._bias_vector)
        if self.rule_bias and features is not None:
            rows = [w for w, f in enumerate(features) if f != NO_FEATURE]
            biased[rows, [self._feature_label[features[w]] for w in rows]] += self.rule_bias
        return viterbi(biased, self.labels)

    def word_scores_many(self, articles: Sequence[tuple[Sequence[str], Sequence[int] | None]]) -> list:
        """Per-word label log-probabilities (words x labels) for several articles: their
        windows go through the model together, shortest first, so batches are full and carry
        little padding."""
        import numpy as np
        import torch

        jobs: list[tuple[int, Window]] = []
        per_article: list[list[Window]] = []
        for a, (words, _) in enumerate(articles):
            spans = windows(subword_counts(self.tokenizer, words), MAX_LENGTH - 2, STRIDE_WORDS) if words else []
            per_article.append(spans)
            jobs.extend((a, s) for s in spans)
        order = sorted(range(len(jobs)), key=lambda j: jobs[j][1].end - jobs[j][1].start)
        results: list = [None] * len(jobs)
        k_labels = len(self.labels)
        for b in range(0, len(order), self.batch_size):
            batch = [jobs[j] for j in order[b : b + self.batch_size]]
            enc = self.tokenizer(
                [list(articles[a][0][s.start : s.end]) for a, s in batch], is_split_into_words=True,
                truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt",
            )
            inputs = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}
            if any(articles[a][1] is not None for a, _ in batch):
                inputs["token_type_ids"] = torch.tensor([
                    [NO_FEATURE if w is None or articles[a][1] is None else articles[a][1][s.start + w]
                     for w in enc.word_ids(i)]
                    for i, (a, s) in enumerate(batch)
                ])
            with torch.inference_mode(), torch.autocast(self.model.device.type, dtype=torch.bfloat16,
                                                        enabled=self._bf16):
                logits = self.model(**inputs).logits
            scores = torch.log_softmax(logits.float(), dim=-1).numpy()
            for i, j in enumerate(order[b : b + self.batch_size]):
                window = jobs[j][1]
                per_word = np.zeros((window.end - window.start, k_labels))  # a word cut off by truncation: all 0
                seen = set()
                for k, w in enumerate(enc.word_ids(i)):
                    if w is not None and w not in seen:  # the first sub-token speaks for the word
                        seen.add(w)
                        per_word[w] = scores[i, k]
                results[j] = per_word
        out, j = [], 0
        for (words, _), spans in zip(articles, per_article):
            values = results[j : j + len(spans)]
            j += len(spans)
            out.append(np.asarray(stitch(len(words), spans, values)) if words else np.zeros((0, k_labels)))
        return out

    def tag(self, text: str, drafts: Sequence[Draft] | None = None) -> list[TaggedSpan]:
        """The model's spans; ``drafts``: the rules' records, read by a rule-guided model."""
        return self.tag_many([text], [drafts] if drafts is not None else None)[0]

    def tag_many(self, texts: Sequence[str], drafts: Sequence[Sequence[Draft]] | None = None) -> list[list[TaggedSpan]]:
        return [self._spans(article) for article in self._through_encoder(texts, drafts)]

    def _through_encoder(self, texts: Sequence[str], drafts: Sequence[Sequence[Draft]] | None,
                         name_quotes: Sequence[frozenset[int]] | None = None) -> list[Prepared]:
        """Tokens, the rules' features (when ``drafts`` are given) and the encoder's scores."""
        tokens = [tuple(tokenize(text)) for text in texts]
        features = ([tuple(rule_features(t, d)) for t, d in zip(tokens, drafts)] if drafts is not None
                    else [None] * len(texts))
        scores = self.word_scores_many([(model_words(text, toks), f) for text, toks, f in zip(texts, tokens, features)])
        drafts = drafts if drafts is not None else [()] * len(texts)
        name_quotes = name_quotes if name_quotes is not None else [frozenset()] * len(texts)
        return [Prepared(text, toks, f, s, tuple(d), frozenset(q))
                for text, toks, f, s, d, q in zip(texts, tokens, features, scores, drafts, name_quotes)]

    def _spans(self, article: Prepared) -> list[TaggedSpan]:
        ids = self.decode(article.scores, article.features)
        spans = []
        for role, span in tags_to_spans(article.text, article.tokens, [self.labels[i] for i in ids]):
            trimmed = trim_span(article.text, span.start, span.end)  # a tagged edge mark is not part of a span
            if trimmed is not None:
                spans.append(TaggedSpan(role, close_open_quote(article.text, trimmed)))
        return spans

    def prepare_many(self, texts: Sequence[str]) -> list[Prepared]:
        """The rules (for a rule-guided model) and the encoder over several articles."""
        if self.rules is None:
            return self._through_encoder(texts, None)
        ruled = [self.rules.drafts(t) for t in texts]
        return self._through_encoder(texts, [d for d, _ in ruled], [q for _, q in ruled])

    def records(self, article: Prepared) -> list[Attribution]:
        """One prepared article's records under the current calibration."""
        spans = self._spans(article)
        if self.rules is None:
            return finish(article.text, link(article.text, spans))
        return finish(article.text, link_with_rules(article.text, spans, article.drafts), article.name_quotes)

    def extract(self, text: str) -> list[Attribution]:
        return self.extract_many([text])[0]

    def extract_many(self, texts: Sequence[str]) -> list[list[Attribution]]:
        """Records for several articles, their windows batched together."""
        return [self.records(article) for article in self.prepare_many(texts)]


def subword_counts(tokenizer, words: Sequence[str]) -> list[int]:
    """Sub-tokens per word (at least 1), for cutting an article into windows; training and
    inference cut the same way. The whole article goes through the tokenizer at once, only to
    count: no "longer than the maximum length" warning, since nothing this long reaches the model."""
    pieces = tokenizer(list(words), is_split_into_words=True, add_special_tokens=False, verbose=False)
    lengths = [0] * len(words)
    for w in pieces.word_ids():
        if w is not None:
            lengths[w] += 1
    return [max(1, n) for n in lengths]


def model_words(text: str, tokens: Sequence[Token]) -> list[str]:
    """The words as the tokenizer can take them: a lone surrogate (broken UTF-16 in scraped
    text) becomes "?". Only the model's input changes; spans still come from the raw text. The
    whole article is checked once, so clean text (nearly all of it) costs one encode."""
    words = [t.text for t in tokens]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return [w.encode("utf-8", "replace").decode("utf-8") for w in words]
    return words
