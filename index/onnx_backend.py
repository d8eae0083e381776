"""An ONNX Runtime backend for e5: int8 for documents at ingest, float32 for questions.

The built e5 folder is exported once with `torch.onnx` into the folder itself, and optionally
quantised to int8 (dynamic, MatMul weights) with `onnxruntime.quantization`. The graph starts
after the word-embedding lookup: that 250k x 384 table (384 MB, four fifths of the model) is
passed in (torch's own, or memory-mapped from the weights file; see `index/embedding.py`), so the
process never holds it twice; so is the tokenizer.
The encoder does mean pooling and normalisation: a drop-in for `SentenceTransformer.encode`.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from pathlib import Path

import numpy as np

EXPORT_VERSION = "2"  # 2: the graph takes word embeddings, not token ids


# One tokenizer serves the encoders and the span reader, and a fast tokenizer's padding and
# truncation are settings of the shared Rust object: two threads calling it at once can get each
# other's (a ragged batch; seen under `make load` at concurrency 4). Every call holds this lock.
TOKENIZER_LOCK = threading.Lock()


def onnx_path(model_dir: Path, quantized: bool) -> Path:
    return Path(model_dir) / "onnx" / (f"model-v{EXPORT_VERSION}" + (".int8" if quantized else "") + ".onnx")


_lock = threading.Lock()


def ensure_onnx(model_dir: Path, quantized: bool) -> Path:
    """Export (and quantise) once; a half-written file is never left under the final name."""
    out = onnx_path(model_dir, quantized)
    with _lock:
        if out.is_file():
            return out
        out.parent.mkdir(parents=True, exist_ok=True)
        for old in out.parent.glob("model-v*.onnx"):
            if not old.name.startswith(f"model-v{EXPORT_VERSION}."):
                old.unlink()  # an earlier export format
        fp32 = onnx_path(model_dir, False)
        if not fp32.is_file():
            _export(Path(model_dir), fp32)
        if quantized:
            quantize_int8(fp32, out)
    return out


def _export(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask):
            return self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state

    export_from_embeddings(Hidden(model), model.config.hidden_size, ["hidden"], out)


def export_from_embeddings(module, hidden_size: int, outputs: list[str], out: Path) -> None:
    """Export a module taking (inputs_embeds, attention_mask), batch and length left dynamic."""
    import torch

    embeds = torch.zeros(2, 8, hidden_size)
    mask = torch.ones(2, 8, dtype=torch.long)
    tmp = out.with_suffix(f".{os.getpid()}.tmp.onnx")  # two processes may export at once
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings():  # tracer notes about constant shapes: the axes above stay dynamic
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module.eval(),
            (embeds, mask),
            str(tmp),
            input_names=["inputs_embeds", "attention_mask"],
            output_names=outputs,
            dynamic_axes=dict.fromkeys(["inputs_embeds", "attention_mask", *outputs], axes),
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(out)


def quantize_int8(src: Path, out: Path, keep_float: list[str] | None = None) -> None:
    """Dynamic int8 for the MatMul weights but those named in `keep_float`, written under a
    temporary name first."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out.with_suffix(f".{os.getpid()}.tmp.onnx")  # two processes may export at once
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic logs a "pre-process first" tip on the root logger
    try:
        quantize_dynamic(
            str(src),
            str(tmp),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=keep_float or [],
        )
    finally:
        root.setLevel(level)
    tmp.replace(out)


def cpu_session(path: Path, threads: int):
    """An ONNX Runtime session for small CPU batches of varying shapes."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    # Its threads spin between operators (faster), but not once a run ends: left spinning they took
    # the two cores from Chroma's graph search that follows (docs/experiments.md).
    opts.add_session_config_entry("session.force_spinning_stop", "1")
    opts.enable_cpu_mem_arena = False  # batches vary in shape; an arena keeps the largest one's memory
    opts.enable_mem_pattern = False  # nor a memory plan for every shape met (docs/experiments.md)
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


class OnnxEncoder:
    """`encode(texts, batch_size, normalize_embeddings)` like sentence-transformers, on ONNX Runtime."""

    def __init__(
        self,
        model_dir: Path,
        quantized: bool,
        threads: int,
        word_embeddings: np.ndarray,
        tokenizer,
        max_tokens: int = 512,
        token_budget: int = 1024,
    ):
        self.words = word_embeddings  # shared, never copied
        self.session = cpu_session(ensure_onnx(model_dir, quantized), threads)
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.token_budget = token_budget

    def encode(self, texts: list[str], batch_size: int = 16, normalize_embeddings: bool = True, **_) -> np.ndarray:
        out = np.zeros((len(texts), self.words.shape[1]), dtype=np.float32)
        if not texts:
            return out
        with TOKENIZER_LOCK:
            ids = self.tokenizer(texts, truncation=True, max_length=self.max_tokens)["input_ids"]
        for idx in _batches([len(i) for i in ids], batch_size, self.token_budget):
            with TOKENIZER_LOCK:
                enc = self.tokenizer.pad({"input_ids": [ids[j] for j in idx]}, return_tensors="np")
            mask = enc["attention_mask"].astype(np.int64)
            embeds = np.asarray(np.take(self.words, enc["input_ids"], axis=0))
            hidden = self.session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0]
            vectors = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            if normalize_embeddings:
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            out[idx] = vectors
        return out


def _batches(lengths: list[int], batch_size: int, token_budget: int) -> list[np.ndarray]:
    """Indices grouped by length (little padding), each batch within `batch_size` texts and
    `token_budget` padded tokens: attention memory grows with batch x tokens^2, so long passages go
    a few at a time, which is also faster (docs/experiments.md)."""
    order = np.argsort(lengths, kind="stable")
    batches, start = [], 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < batch_size and (end - start + 1) * lengths[order[end]] <= token_budget:
            end += 1
        batches.append(order[start:end])
        start = end
    return batches
