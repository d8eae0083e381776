"""HTML for the chat: answer messages and the sources panel. Every piece of article text,
question and file name is escaped here, so `<script>` in an article shows as text."""

from __future__ import annotations

from html import escape

from qa.schema import Answer, Citation

CSS = """
#sources .card{border:1px solid #d0d7de;border-radius:8px;padding:10px 12px;margin:0 0 10px 0;background:#fff}
#sources .card h4{margin:0 0 4px 0;font-size:15px}
#sources .meta{color:#57606a;font-size:12px;margin-bottom:6px}
#sources mark.quote{background:#fff3b0;padding:0 1px}
#sources strong.answer{background:#ffd86b}
#sources .refusal{border-left:4px solid #cf222e;background:#fff5f5;padding:8px 10px;margin-bottom:10px}
#sources .answered{border-left:4px solid #1a7f37;background:#f0fff4;padding:8px 10px;margin-bottom:10px}
#sources details{margin-top:6px}
#sources details p{margin:4px 0;font-size:13px}
#sources details p.cited{background:#fff3b0}
#sources .empty{color:#57606a}
"""


def _highlight(c: Citation) -> str:
    """The paragraph with the quote marked and the short answer emphasised inside it."""
    text = c.text
    a0, a1 = c.answer_start, c.answer_end
    if a0 is None or not (c.start <= a0 <= a1 <= c.end):
        return (
            escape(text[: c.start])
            + f'<mark class="quote">{escape(text[c.start : c.end])}</mark>'
            + escape(text[c.end :])
        )
    return (
        escape(text[: c.start])
        + '<mark class="quote">'
        + escape(text[c.start : a0])
        + f'<strong class="answer">{escape(text[a0:a1])}</strong>'
        + escape(text[a1 : c.end])
        + "</mark>"
        + escape(text[c.end :])
    )


def _article(paragraphs: list[str], cited: int) -> str:
    rows = "".join(
        f'<p class="{"cited" if i == cited else ""}"><b>§{i}</b> {escape(p)}</p>'
        for i, p in enumerate(paragraphs, start=1)
    )
    return f"<details><summary>Open the whole article</summary>{rows}</details>"


def sources_html(answer: Answer | None, articles: dict[str, list[str]] | None = None) -> str:
    if answer is None:
        return '<div id="sources-inner"><p class="empty">Sources appear here, with the supporting sentence highlighted.</p></div>'
    articles = articles or {}
    if answer.refused:
        head = f'<div class="refusal"><b>Not in the articles.</b> {escape(answer.answer)}<br>Nearest paragraphs:</div>'
    else:
        short = f"<b>{escape(answer.short_answer)}</b>" if answer.short_answer else "Answer"
        head = (
            f'<div class="answered">{short}: from the paragraph{"s" if len(answer.citations) > 1 else ""} below.</div>'
        )
    cards = []
    for c in answer.citations:
        meta = " · ".join(escape(x) for x in [c.date or "", c.source or "", f"§{c.paragraph}"] if x)
        whole = _article(articles[c.article_id], c.paragraph) if c.article_id in articles else ""
        cards.append(
            f'<div class="card" data-paragraph="{c.paragraph}"><h4>[{c.n}] {escape(c.title)}</h4>'
            f'<div class="meta">{meta}</div><div class="text">{_highlight(c)}</div>{whole}</div>'
        )
    return f'<div id="sources-inner">{head}{"".join(cards)}</div>'


def answer_markdown(answer: Answer) -> str:
    """The chat bubble: escaped text (Markdown is rendered, HTML is not)."""
    body = escape(answer.answer)
    if answer.refused:
        return f"🚫 **Not in the articles**\n\n{body}"
    removed = sum(not s.supported for s in answer.sentences) if answer.generator == "llm" else 0
    if removed:  # each removed sentence left "[…]" in the text
        body += f"\n\n*[…] {removed} sentence(s) removed: the paragraphs they cite do not say so.*"
    if answer.short_answer:
        return f"**{escape(answer.short_answer)}**\n\n{body}"
    return body


def details_markdown(answer: Answer) -> str:
    lines = [
        f"- searched as: `{escape(answer.query)}`" if answer.query != answer.question else "- searched as asked",
        f"- language: {answer.language}, answer type: {answer.answer_type}, confidence: {answer.confidence:.2f}",
        f"- decided by: {escape(answer.decided_by)}",
        f"- written by: {answer.generator}",
    ]
    lines += [
        f"- model sentence {'kept' if s.supported else 'removed'}: “{escape(s.text)}”"
        + (f" ({escape(s.reason)})" if s.reason else "")
        for s in answer.sentences
    ]
    lines += [f"- {escape(k)}: {v:.0f} ms" for k, v in answer.timings_ms.items()]
    lines += [f"- note: {escape(n)}" for n in answer.notes]
    return "\n".join(lines)
