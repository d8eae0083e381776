from qa.schema import Answer, Citation
from ui.render import answer_markdown, sources_html
from ui.uploads import accept, safe_name


def _answer(text="Il a dit <script>alert(1)</script> hier.", refused=False):
    c = Citation(
        n=1,
        article_id="a",
        title="<b>T</b>",
        date="2025-01-01",
        source=None,
        paragraph=2,
        text=text,
        quote=text[:9],
        start=0,
        end=9,
        answer_start=5,
        answer_end=8,
    )
    return Answer(
        question="q", query="q", answer="<img src=x onerror=1> [1]", short_answer="dit", refused=refused, citations=[c]
    )


def test_everything_is_escaped():
    html = sources_html(_answer(), {"a": ["p1", "<script>x()</script>"]})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;T&lt;/b&gt;" in html
    assert '<strong class="answer">dit</strong>' in html and 'class="cited"' in html
    assert "<img" not in answer_markdown(_answer())


def test_refusal_is_marked():
    assert 'class="refusal"' in sources_html(_answer(refused=True))
    assert "Not in the articles" in answer_markdown(_answer(refused=True))


def test_upload_names_and_limits(tmp_path, fresh_config):
    assert safe_name("../../etc/passwd.md") == "passwd.md"
    assert safe_name("Mon article (v2).HTML") == "mon-article-v2.html"
    ok = tmp_path / "a b.md"
    ok.write_text("Texte.")
    exe = tmp_path / "x.exe"
    exe.write_text("MZ")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    kept, rejected = accept([str(ok), str(exe), str(big)], fresh_config)
    assert [p.name for p in kept] == ["a-b.md"] and kept[0].parent.name == "uploads"
    assert sorted(r.message.split(" ")[0] for r in rejected) == ["larger", "unsupported"]
