"""The client for an OpenAI-compatible chat server (Ollama, llama.cpp, vLLM, a hosted API), through
the `openai` package: timeouts, bounded retries, and one clear line when the server cannot answer.

Structured output is asked for the way the server understands it: OpenAI's `json_schema`, else
llama.cpp's `json_object` with a schema, else none (the caller then parses [n] markers). What worked
is remembered per client.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from index.config import Config

FORMATS = ("json_schema", "json_object", "text")


class LLMError(RuntimeError):
    """The server could not be reached or did not answer; the message is one line for the user."""


class LLMClient:
    def __init__(self, cfg: Config):
        import openai

        if not cfg.llm_url:
            raise LLMError("no LLM server configured: set ARTICLE_QA_LLM_URL")
        self.cfg = cfg
        self.model = cfg.llm_model or "default"
        self._openai = openai
        self.client = openai.OpenAI(
            base_url=cfg.llm_url,
            api_key=cfg.llm_key or "none",  # local servers take any key; the client insists on one
            timeout=cfg.llm_timeout,
            max_retries=cfg.llm_retries,
        )
        self.format = "json_schema"

    def complete(self, messages: list[dict], schema: dict | None = None, max_tokens: int = 400) -> tuple[str, str]:
        """(the reply's text, the format it came in: json_schema, json_object or text)."""
        formats = FORMATS[FORMATS.index(self.format) :] if schema else ("text",)
        for fmt in formats:
            try:
                reply = self._create(messages, max_tokens, _response_format(fmt, schema), stream=False)
            except self._openai.APIStatusError as e:
                if fmt != "text" and e.status_code in (400, 422, 500, 501) and "response_format" in str(e):
                    self.format = FORMATS[FORMATS.index(fmt) + 1]  # the server does not take it: ask plainly
                    continue
                raise self._error(e) from None
            text = reply.choices[0].message.content or ""
            if fmt != "text":
                try:
                    json.loads(text)
                except json.JSONDecodeError:
                    return text, "text"  # a reply cut by max_tokens: its markers are still readable
            return text, fmt
        raise LLMError("the LLM server refused every request format")

    def stream(self, messages: list[dict], max_tokens: int = 400) -> Iterator[str]:
        """The reply's text as it is written, piece by piece."""
        try:
            for chunk in self._create(messages, max_tokens, None, stream=True):
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except self._openai.APIError as e:
            raise self._error(e) from None

    def _create(self, messages, max_tokens, response_format, stream):
        extra = {"response_format": response_format} if response_format else {}
        try:
            return self.client.chat.completions.create(
                model=self.model, messages=messages, max_tokens=max_tokens, temperature=0, stream=stream, **extra
            )
        except (self._openai.APIConnectionError, self._openai.APITimeoutError) as e:
            raise self._error(e) from None

    def _error(self, e: Exception) -> LLMError:
        o = self._openai
        if isinstance(e, o.APITimeoutError):
            return LLMError(f"the LLM server at {self.cfg.llm_url} did not answer within {self.cfg.llm_timeout:g} s")
        if isinstance(e, o.APIConnectionError):
            return LLMError(f"the LLM server at {self.cfg.llm_url} cannot be reached")
        if isinstance(e, o.APIStatusError):
            if e.status_code in (401, 403):
                return LLMError(f"the LLM server at {self.cfg.llm_url} refused the key (HTTP {e.status_code})")
            return LLMError(f"the LLM server at {self.cfg.llm_url} answered HTTP {e.status_code}")
        return LLMError(f"the LLM server at {self.cfg.llm_url} failed: {e.__class__.__name__}")


def _response_format(fmt: str, schema: dict | None) -> dict | None:
    if fmt == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": True}}
    if fmt == "json_object":
        return {"type": "json_object", "schema": schema}
    return None
