"""The web chat in a real browser (Debian's chromium through Playwright) against a real server."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ui.process import CHROMIUM_FLAGS, chromium_path, free_port, stop, wait_http

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, cache_dir):
    """`article-qa serve` on an empty index: it ingests the default corpus itself, then serves."""
    home = tmp_path_factory.mktemp("serve")
    env = dict(os.environ, ARTICLE_QA_INDEX=str(home / "index"), ARTICLE_QA_CACHE=str(cache_dir))
    env.pop("ARTICLE_QA_CHROMA_URL", None)
    port = free_port()
    with (home / "serve.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_http(url, proc, timeout=180)
        except RuntimeError as e:
            stop(proc)
            pytest.fail(f"{e}: " + (home / "serve.log").read_text()[-2000:])
        yield url
        stop(proc)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(chromium_path()):
        pytest.fail("Chromium is not installed: `make test` installs it (or set ARTICLE_QA_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


def _open(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.locator("#question textarea").wait_for(timeout=30_000)
    return context, page


def _ask(page, question):
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")


def test_gradio_client_round_trip(server):
    from gradio_client import Client

    answer = Client(server, verbose=False).predict("Who represented Niger?", None, api_name="/ask")
    assert answer["short_answer"] == "Bakary Yaou Sangare" and answer["citations"][0]["paragraph"] == 8
    follow = Client(server, verbose=False).predict(
        "And Niger's?", [{"question": "Who is Mali's foreign minister?", "answer": "Abdoulaye Diop"}], api_name="/ask"
    )
    assert follow["query"] == "Who is Niger's foreign minister?"


def test_answer_with_highlighted_source_and_french_follow_up(server, browser):
    from playwright.sync_api import expect

    context, page = _open(browser, server)
    _ask(page, "Who represented Niger?")
    expect(page.locator("#chat")).to_contain_text("Bakary Yaou Sangare", timeout=30_000)
    expect(page.locator("#sources strong.answer")).to_have_text("Bakary Yaou Sangare")
    expect(page.locator("#sources mark.quote")).to_contain_text("Le ministre des Affaires étrangères du Niger")
    expect(page.locator("#sources .card").first).to_contain_text("§8")
    page.locator("#sources details summary").first.click()
    expect(page.locator("#sources details p.cited").first).to_contain_text("Bakary Yaou Sangare")

    _ask(page, "Qui est le président malien ?")
    expect(page.locator("#sources strong.answer")).to_have_text("Assimi Goïta", timeout=30_000)
    _ask(page, "Quand doit-il aller à Moscou ?")
    expect(page.locator("#sources strong.answer")).to_have_text("juin prochain", timeout=30_000)
    page.get_by_text("Details (rewritten query, timings)").click()
    expect(page.locator("#details")).to_contain_text("Quand Assimi Goïta doit-il aller à Moscou ?")
    expect(page.locator("#details")).to_contain_text("decided by:")
    context.close()


FACE_OF = """async (el) => {
    await document.fonts.ready;
    const style = getComputedStyle(el);
    const loaded = [...document.fonts].filter((f) => f.family.replace(/['"]/g, "") === "Inter" && f.status === "loaded");
    return {family: style.fontFamily, weight: style.fontWeight, loaded: loaded.map((f) => `${f.weight} ${f.style}`)};
}"""


def test_bold_answer_renders_in_the_bundled_face(server, browser):
    """Every weight the page shows comes from the fonts shipped in ui/static/fonts, loaded from the app itself."""
    from playwright.sync_api import expect

    context, page = _open(browser, server)
    _ask(page, "Who represented Niger?")
    heading = page.locator("#chat strong", has_text="Bakary Yaou Sangare").first
    expect(heading).to_be_visible(timeout=30_000)
    for element in (heading, page.locator("#sources strong.answer"), page.locator("#sources .card h4").first):
        face = element.evaluate(FACE_OF)
        assert face["family"].replace('"', "").startswith("Inter,"), face
        assert int(face["weight"]) >= 600 and "700 normal" in face["loaded"], face
    assert "400 normal" in page.locator("#sources .card .text").first.evaluate(FACE_OF)["loaded"]
    context.close()


def test_refusal_looks_different(server, browser):
    from playwright.sync_api import expect

    context, page = _open(browser, server)
    _ask(page, "Who represented Burkina Faso?")
    expect(page.locator("#sources .refusal")).to_contain_text("Not in the articles", timeout=30_000)
    expect(page.locator("#chat")).to_contain_text("Not in the articles")
    assert page.locator("#sources .card").count() >= 1  # nearest paragraphs are listed
    context.close()


def test_uploaded_html_and_js_show_as_text(server, browser, tmp_path):
    from playwright.sync_api import expect

    hostile = tmp_path / "hostile article.txt"
    hostile.write_text(
        "Le marché de Kayes\n"
        "Le marché de Kayes a ouvert ses portes <script>window.__pwned = 1</script> hier.\n"
        'Le maire a dit <img src=x onerror="window.__pwned = 2"> que tout allait bien.\n',
        encoding="utf-8",
    )
    context, page = _open(browser, server)
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#upload input[type=file]").set_input_files(str(hostile))
    page.locator("#ingest").click()
    expect(page.locator("#upload-result")).to_contain_text("ingested", timeout=60_000)
    expect(page.locator("#corpus-table")).to_contain_text("Le marché de Kayes")
    page.get_by_role("tab", name="Chat").click()
    _ask(page, "Qu'a dit le maire <script>window.__pwned = 3</script> de Kayes ?")
    expect(page.locator("#sources")).to_contain_text("<script>window.__pwned = 1</script>", timeout=30_000)
    expect(page.locator("#chat")).to_contain_text("<script>window.__pwned = 3</script>")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#sources script, #sources img, #chat script").count() == 0
    context.close()


def test_two_browser_sessions_keep_separate_histories(server, browser):
    from playwright.sync_api import expect

    a_ctx, a = _open(browser, server)
    b_ctx, b = _open(browser, server)
    _ask(a, "Who is Mali's foreign minister?")
    expect(a.locator("#chat")).to_contain_text("Abdoulaye Diop", timeout=30_000)
    _ask(b, "Who praised the strengthening of military cooperation?")
    expect(b.locator("#chat")).to_contain_text("Lavrov", timeout=30_000)
    _ask(a, "And Niger's?")
    expect(a.locator("#sources strong.answer")).to_have_text("Bakary Yaou Sangare", timeout=30_000)
    assert "Abdoulaye Diop" not in b.locator("#chat").inner_text()
    assert "Lavrov" not in a.locator("#chat").inner_text()
    a.locator("#clear").click()
    expect(a.locator("#chat")).not_to_contain_text("Abdoulaye Diop")
    a_ctx.close()
    b_ctx.close()
