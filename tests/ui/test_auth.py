"""Logins (ARTICLE_QA_AUTH): the users file, then a real `serve` in a real browser and through
gradio_client; admin-only uploads; files outside the allowed folders refused."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from ui.auth import AuthError, Users, check_password, hash_password, load_users
from ui.process import CHROMIUM_FLAGS, chromium_path, free_port, stop, wait_http


def test_hash_round_trip_and_salted():
    encoded = hash_password("correct horse")
    assert check_password("correct horse", encoded)
    assert not check_password("correct horsE", encoded)
    assert encoded != hash_password("correct horse")  # a new salt each time
    assert not check_password("x", "md5$abc")


def test_users_file_errors_name_file_and_line(tmp_path):
    good = hash_password("password1")
    cases = {
        "alice": "expected user:hash",
        f"alice:{good}:root": "expected user:hash",
        "alice:plaintext": "not a password hash",
        f"a/b:{good}": "user names are",
        f"alice:{good}\nalice:{good}": "appears twice",
        "# only a comment": "no users",
    }
    for text, message in cases.items():
        path = tmp_path / "users"
        path.write_text(text + "\n")
        with pytest.raises(AuthError, match=message) as e:
            load_users(path)
        assert str(path) in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(AuthError, match="cannot read"):
        load_users(tmp_path / "missing")


def test_admins_and_users(tmp_path):
    (tmp_path / "users").write_text(f"ann:{hash_password('annspassword')}:admin\nbob:{hash_password('bobspassword')}\n")
    users = load_users(tmp_path / "users")
    assert isinstance(users, Users) and users.check("ann", "annspassword") and users.check("bob", "bobspassword")
    assert not users.check("bob", "annspassword") and not users.check("eve", "bobspassword")
    assert users.is_admin("ann") and not users.is_admin("bob") and not users.is_admin(None)


def test_passwd_command_makes_a_line_load_users_accepts(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "passwd", "ann", "--admin"],
        input="a long password\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "a long password" not in run.stdout
    (tmp_path / "users").write_text(run.stdout)
    users = load_users(tmp_path / "users")
    assert users.check("ann", "a long password") and users.is_admin("ann")
    short = subprocess.run(
        [sys.executable, "-m", "ui.cli", "passwd", "ann"], input="short\n", capture_output=True, text=True
    )
    assert short.returncode == 2 and "at least 8" in short.stderr


@pytest.fixture(scope="module")
def guarded(tmp_path_factory, seed_config):
    home = tmp_path_factory.mktemp("serve-auth")
    users = home / "users"
    users.write_text(f"ann:{hash_password('annspassword')}:admin\nbob:{hash_password('bobspassword')}\n")
    env = dict(os.environ, ARTICLE_QA_INDEX=str(home / "index"), ARTICLE_QA_CACHE=str(seed_config.cache_dir))
    env["ARTICLE_QA_AUTH"] = str(users)
    env.pop("ARTICLE_QA_CHROMA_URL", None)
    port = free_port()
    with (home / "serve.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "serve", "--port", str(port)], env=env, stdout=log, stderr=log
        )
        try:
            wait_http(f"http://127.0.0.1:{port}", proc, timeout=180)
        except RuntimeError as e:
            stop(proc)
            pytest.fail(f"{e}: " + (home / "serve.log").read_text()[-2000:])
        yield f"http://127.0.0.1:{port}", home
        stop(proc)


@pytest.mark.slow
def test_bad_users_file_is_one_line_at_start(tmp_path, cli_env):
    (tmp_path / "users").write_text("alice:plaintext\n")
    env = dict(cli_env, ARTICLE_QA_AUTH=str(tmp_path / "users"))
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "line 1" in run.stderr, run.stderr


@pytest.mark.slow
def test_api_refuses_without_a_login(guarded):
    from gradio_client import Client

    url, _ = guarded
    with pytest.raises(Exception):  # noqa: B017  (gradio_client raises its own kinds: any refusal will do)
        Client(url, verbose=False).predict("Who represented Niger?", None, api_name="/ask")
    with pytest.raises(Exception):  # noqa: B017
        Client(url, auth=("bob", "wrong password"), verbose=False)
    answer = Client(url, auth=("bob", "bobspassword"), verbose=False).predict(
        "Who represented Niger?", None, api_name="/ask"
    )
    assert answer["short_answer"] == "Bakary Yaou Sangare"


@pytest.mark.slow
def test_no_file_outside_the_allowed_folders(guarded):
    url, home = guarded
    secret = home / "users"
    for path in [
        f"/gradio_api/file={secret}",
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=../../../../../../etc/passwd",
        "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/file=/etc/passwd",
        "/static/../../../../etc/passwd",
        "/gradio_api/file=ui/static/fonts/../../../index/config.py",
    ]:
        try:
            with urllib.request.urlopen(url + path, timeout=10) as r:
                body = r.read()
            assert b"root:" not in body and b"scrypt$" not in body and b"class Config" not in body, path
            assert r.status != 200 or b"<html" in body.lower(), path  # at most the login page
        except urllib.error.HTTPError as e:
            assert e.code in (401, 403, 404), (path, e.code)


@contextmanager
def _page(url: str):
    """A page of `serve` in headless Chromium, loaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(url, wait_until="load")
        yield page
        browser.close()


def _log_in(page, user: str, password: str) -> None:
    page.get_by_label("username").fill(user)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()


def _upload(page, path) -> None:
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.locator("#ingest").click()


@pytest.mark.slow
def test_browser_login_and_admin_only_uploads(guarded, tmp_path):
    from playwright.sync_api import expect

    url, _ = guarded
    article = tmp_path / "note.txt"
    article.write_text("Titre\n\nLe Tchad a signé un accord avec le Togo le 2 mai 2025 à Lomé.\n")
    with _page(url) as page:
        expect(page.get_by_label("username")).to_be_visible(timeout=30_000)  # the page asks for a login first
        assert page.locator("#question").count() == 0
        _log_in(page, "bob", "not bob's password")
        expect(page.get_by_text("Incorrect Credentials")).to_be_visible(timeout=10_000)
        _log_in(page, "bob", "bobspassword")  # the form is cleared after a refusal
        box = page.locator("#question textarea")
        box.wait_for(timeout=30_000)
        box.fill("Who represented Niger?")
        box.press("Enter")
        expect(page.locator("#chat")).to_contain_text("Bakary Yaou Sangare", timeout=30_000)
        _upload(page, article)
        expect(page.locator("#upload-result")).to_contain_text("Only admin users may add articles", timeout=30_000)
        page.locator("#remove").click()
        expect(page.locator("#upload-result")).to_contain_text("Only admin users may remove articles", timeout=30_000)


@pytest.mark.slow
def test_browser_admin_adds_and_removes_an_article(guarded, tmp_path):
    from playwright.sync_api import expect

    url, _ = guarded
    article = tmp_path / "lome.txt"
    article.write_text("Accord de Lomé\n\nLe Tchad a signé un accord avec le Togo le 2 mai 2025 à Lomé.\n")
    with _page(url) as page:
        _log_in(page, "ann", "annspassword")
        page.locator("#question textarea").wait_for(timeout=30_000)
        _upload(page, article)
        expect(page.locator("#upload-result")).to_contain_text("lome.txt", timeout=60_000)
        expect(page.locator("#corpus-table")).to_contain_text("Accord de Lomé", timeout=10_000)
        page.locator("#remove-choice input").click()
        page.get_by_role("option", name="Accord de Lomé").click()
        page.locator("#remove").click()
        expect(page.locator("#upload-result")).to_contain_text("removed", timeout=30_000)
        expect(page.locator("#corpus-table")).not_to_contain_text("Accord de Lomé", timeout=10_000)
        expect(page.locator("#corpus-table")).to_contain_text("Moscou", timeout=10_000)
