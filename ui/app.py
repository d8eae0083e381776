"""The Gradio web chat: conversation, sources panel, corpus tab, and a named `/ask` API endpoint.

History lives in per-browser-session `gr.State`, so two visitors never see each other's turns.
"""

from __future__ import annotations

import sys
import time
from html import escape

import gradio as gr

from index.config import DEFAULT_CORPUS, Config
from index.heap import limit_arenas
from index.store import Store
from qa.pipeline import Pipeline

from .auth import Users, load_users
from .render import CSS, answer_markdown, details_markdown, sources_html
from .theme import font_css, static_paths, theme
from .uploads import ALLOWED, MAX_BYTES, ingest_uploads, remove_articles

EXAMPLES = [
    "Who represented Niger?",
    "Qui est le ministre des Affaires étrangères du Mali ?",
    "When will the Malian president visit Moscow?",
    "Pourquoi les pays de l'AES ont-ils quitté la CEDEAO ?",
    "Who represented Burkina Faso?",
]


def article_paragraphs(store: Store, article_ids: set[str]) -> dict[str, list[str]]:
    """Whole articles for the "open the article" view, rebuilt from the stored paragraph chunks."""
    out: dict[str, list[str]] = {}
    for article_id in article_ids:
        paras: dict[int, str] = {}
        for _, text, meta in store.iter_paragraphs(where={"article_id": article_id}):
            paras.setdefault(int(meta["paragraph"]), meta.get("ptext") or text)
        out[article_id] = [paras[n] for n in sorted(paras)]
    return out


def corpus_rows(store: Store) -> list[list]:
    entries = sorted(store.manifest().values(), key=lambda e: (e.date or "", e.title), reverse=True)
    return [[e.title, e.date, e.lang, e.paragraphs, e.article_id] for e in entries]


def article_choices(store: Store) -> list[tuple[str, str]]:
    return [(f"{title} ({article_id})", article_id) for title, _, _, _, article_id in corpus_rows(store)]


def build_app(pipeline: Pipeline, generative=None, users: Users | None = None) -> gr.Blocks:
    """`generative` (qa/generate.py), when given, writes the answers: they stream into the chat as
    the model writes them, then are replaced by the checked answer. With `users` (logins on), only
    admins may add or remove articles."""
    system = generative or pipeline

    def current_store() -> Store:
        pipeline.follow_ingests()  # an ingest from the command line shows up without a restart
        return pipeline.store

    def respond(question: str, messages: list, history: list):
        if not question or not question.strip():
            yield gr.update(), messages, history, gr.update(), gr.update()
            return
        asked = [{"role": "user", "content": escape(question)}]
        try:
            answer = None
            for item in system.stream(question, history=history) if generative else [pipeline.ask(question, history)]:
                if isinstance(item, str):  # the model's text so far, unchecked
                    writing = {"role": "assistant", "content": f"✍ *writing, then checking…*\n\n{escape(item)}"}
                    yield "", messages + asked + [writing], history, gr.update(), gr.update()
                else:
                    answer = item
        except ValueError as e:
            yield (
                "",
                messages + asked + [{"role": "assistant", "content": f"⚠ {escape(str(e))}"}],
                history,
                gr.update(),
                gr.update(),
            )
            return
        messages = messages + asked + [{"role": "assistant", "content": answer_markdown(answer)}]
        history = history + [(answer.query, answer.short_answer or answer.answer)]
        articles = article_paragraphs(pipeline.store, {c.article_id for c in answer.citations})
        yield "", messages, history, sources_html(answer, articles), details_markdown(answer)

    def clear():
        return [], [], sources_html(None), ""

    def corpus_view(message: str):
        store = current_store()
        return message, corpus_rows(store), gr.update(choices=article_choices(store), value=[])

    def upload(files, request: gr.Request, progress=gr.Progress()):  # noqa: B008  (Gradio's way to ask for a progress bar)
        if users is not None and not users.is_admin(request.username):
            return corpus_view("Only admin users may add articles (`article-qa passwd USER --admin`).")
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        if not paths:
            return corpus_view("No file chosen.")
        progress(0.1, desc=f"ingesting {len(paths)} file(s)")
        results = ingest_uploads(paths, pipeline.cfg)
        progress(1.0)
        return corpus_view(
            "\n".join(f"- {'✅' if r.ok else '❌'} `{escape(r.name)}`: {escape(r.message)}" for r in results)
        )

    def remove(article_ids: list[str] | None, request: gr.Request):
        if users is not None and not users.is_admin(request.username):
            return corpus_view("Only admin users may remove articles (`article-qa passwd USER --admin`).")
        if not article_ids:
            return corpus_view("No article chosen.")
        return corpus_view("\n".join(f"- {escape(line)}" for line in remove_articles(article_ids, pipeline.cfg)))

    def api_ask(question: str, history: list | None = None) -> dict:
        """Answer one question; `history` is a list of {"question", "answer"} turns. Returns the Answer object."""
        return system.ask(question, history=history or []).to_dict()

    with gr.Blocks(title="article-qa") as app:
        gr.Markdown(
            "## article-qa\nAsk about the news articles, in English or French. "
            "Answers cite the paragraph they come from."
        )
        history = gr.State([])
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(height=480, elem_id="chat", sanitize_html=True, label="Conversation")
                box = gr.Textbox(
                    placeholder="Who represented Niger? / Qui a représenté le Niger ?",
                    show_label=False,
                    elem_id="question",
                    submit_btn=True,
                    autofocus=True,
                )
                with gr.Row():
                    clear_btn = gr.Button("Clear chat", elem_id="clear", size="sm")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
                with gr.Accordion("Details (rewritten query, timings)", open=False):
                    details = gr.Markdown(elem_id="details")
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(sources_html(None), elem_id="sources")
        with gr.Tab("Corpus"):
            table = gr.Dataframe(
                value=lambda: corpus_rows(current_store()),
                headers=["title", "date", "lang", "paragraphs", "id"],
                interactive=False,
                elem_id="corpus-table",
            )
            files = gr.File(
                label=f"Add articles ({', '.join(sorted(ALLOWED))}; at most {MAX_BYTES // 2**20} MB each)",
                file_count="multiple",
                file_types=sorted(ALLOWED),
                elem_id="upload",
            )
            ingest_btn = gr.Button("Ingest", elem_id="ingest")
            with gr.Row():
                chosen = gr.Dropdown(
                    choices=article_choices(current_store()),
                    multiselect=True,
                    label="Remove articles",
                    elem_id="remove-choice",
                    scale=4,
                )
                remove_btn = gr.Button("Remove", elem_id="remove", variant="stop", scale=1)
            upload_result = gr.Markdown(elem_id="upload-result")

        box.submit(
            respond, [box, chatbot, history], [box, chatbot, history, sources, details], api_visibility="private"
        )
        clear_btn.click(clear, None, [chatbot, history, sources, details], api_visibility="private")
        ingest_btn.click(upload, [files], [upload_result, table, chosen], api_visibility="private")
        remove_btn.click(remove, [chosen], [upload_result, table, chosen], api_visibility="private")
        app.load(lambda: gr.update(choices=article_choices(current_store())), None, chosen, api_visibility="private")
        gr.api(api_ask, api_name="ask")
    return app


def ensure_index(cfg: Config) -> None:
    store = Store(cfg)
    if store.paragraphs.count() == 0:
        from index.ingest import Ingestor

        print(f"empty index: ingesting {DEFAULT_CORPUS} ...", file=sys.stderr)
        print(Ingestor(cfg).run([DEFAULT_CORPUS]).summary(), file=sys.stderr)


def serve(cfg: Config, host: str = "127.0.0.1", port: int = 7860, block: bool = True):
    t0 = time.perf_counter()
    limit_arenas()  # before the request threads start: glibc's per-thread arenas grew its memory in `make load`
    if cfg.auth_file:
        load_users(cfg.auth_file)  # a bad users file is one line now, before the models load
    ensure_index(cfg)
    pipeline = Pipeline(cfg).warm_up()
    generative = None
    if cfg.llm:
        from qa.generate import GenerativeAnswerer

        generative = GenerativeAnswerer(pipeline)
        print(f"answers written by the model at {cfg.llm_url}, every sentence checked", file=sys.stderr)
    users = load_users(cfg.auth_file) if cfg.auth_file else None
    app = build_app(pipeline, generative, users)
    app.queue(default_concurrency_limit=cfg.concurrency)
    gr.set_static_paths(static_paths())
    print(f"ready in {time.perf_counter() - t0:.1f} s: http://{host}:{port}", file=sys.stderr)
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        show_error=True,
        max_file_size=MAX_BYTES,
        prevent_thread_lock=not block,
        quiet=True,
        css=font_css() + CSS,
        theme=theme(),
        footer_links=["api"],
        auth=users.check if users else None,
        auth_message="article-qa: log in (users are set by ARTICLE_QA_AUTH)" if users else None,
    )
    return app if not block else 0
