import json
from pathlib import Path

from index.loaders import load_paths, split_text

SEED = "corpus/2025-04-03-moscou-aes.txt"


def test_seed_article_front_matter_and_paragraphs():
    r = load_paths([SEED])
    assert not r.errors
    (a,) = r.articles
    assert (a.id, a.date, a.lang) == ("2025-04-03-moscou-aes", "2025-04-03", "fr")
    assert len(a.paragraphs) == 10  # the comment widget lines are gone
    assert a.paragraphs[7].startswith("Le ministre des Affaires étrangères du Niger, Bakary Yaou Sangare")
    assert all("Commentaires" not in p and "Participer" not in p for p in a.paragraphs)


def test_body_is_kept_verbatim(tmp_path):
    raw = (
        Path(SEED).read_text(encoding="utf-8").split("---\n", 2)[2].splitlines()
    )  # the article as received, below its front matter
    (a,) = load_paths([SEED]).articles
    assert list(a.paragraphs) == raw[:10]  # curly and straight apostrophes untouched


def test_txt_title_heuristic(tmp_path):
    (tmp_path / "a.txt").write_text("Un titre court\nPremier paragraphe. Il finit par un point.\nDeuxième.")
    (tmp_path / "b.txt").write_text("Ceci est une phrase complète.\nEt une autre.")
    arts = {a.id: a for a in load_paths([tmp_path]).articles}
    assert arts["a"].title == "Un titre court" and len(arts["a"].paragraphs) == 2
    assert arts["b"].title == "b" and len(arts["b"].paragraphs) == 2


def test_markdown_heading_and_blank_line_paragraphs(tmp_path):
    (tmp_path / "note.md").write_text("# Le titre\n\nPremier paragraphe\nsur deux lignes.\n\nSecond.\n")
    (a,) = load_paths([tmp_path]).articles
    assert a.title == "Le titre"
    assert a.paragraphs == ("Premier paragraphe sur deux lignes.", "Second.")


def test_html_drops_scripts_navigation_and_comments(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html lang='fr'><head><title>Titre HTML</title><script>alert(1)</script></head><body>"
        "<nav><p>Accueil</p></nav><article><h1>Titre</h1><p>Premier <b>paragraphe</b>.</p>"
        "<ul><li>Un point</li></ul><div class='comments'><p>Un commentaire</p></div></article>"
        "<footer><p>Pied</p></footer></body></html>"
    )
    (a,) = load_paths([tmp_path]).articles
    assert a.title == "Titre HTML" and a.lang == "fr"
    assert a.paragraphs == ("Premier paragraphe .", "Un point") or a.paragraphs == ("Premier paragraphe.", "Un point")


def test_jsonl_paragraphs_and_text(tmp_path):
    lines = [
        {"id": "x1", "title": "T1", "date": "2024-01-02", "paragraphs": ["P1", "P2"]},
        {"id": "x2", "title": "T2", "text": "A\n\nB"},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    arts = {a.id: a for a in load_paths([tmp_path]).articles}
    assert arts["x1"].paragraphs == ("P1", "P2") and arts["x1"].date == "2024-01-02"
    assert arts["x2"].paragraphs == ("A", "B")


def test_bad_inputs_each_get_one_clear_error_and_the_rest_loads(tmp_path):
    (tmp_path / "good.txt").write_text("Un bon article.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "badfm.md").write_text("---\ntitle: [unclosed\n---\nTexte.")
    (tmp_path / "baddate.md").write_text("---\ndate: 03/04/2025\n---\nTexte.")
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok", "title": "T", "paragraphs": ["p"]}\n{broken\n{"id": "n", "paragraphs": ["p"]}\n'
    )
    (tmp_path / "dup.jsonl").write_text('{"id": "ok", "title": "T", "paragraphs": ["q"]}\n')
    r = load_paths([tmp_path, tmp_path / "missing.txt"])
    messages = [str(e) for e in r.errors]
    assert {a.id for a in r.articles} == {"good", "ok"}
    assert any("empty.txt: empty file" in m for m in messages)
    assert any("binary.txt: binary file" in m for m in messages)
    assert any("latin1.txt:1: not valid UTF-8" in m for m in messages)
    assert any("badfm.md:" in m and "malformed front matter" in m for m in messages)
    assert any("baddate.md:1: field 'date'" in m for m in messages)
    assert any("lines.jsonl:2: malformed JSON" in m for m in messages)
    assert any("lines.jsonl:3: field 'title'" in m for m in messages)
    assert any("duplicate article id 'ok'" in m for m in messages)
    assert any("missing.txt: no such file" in m for m in messages)
    assert all("\n" not in m for m in messages)


def test_split_text():
    assert split_text("a\nb") == ["a", "b"]
    assert split_text("a\nb\n\nc") == ["a\nb", "c"]
