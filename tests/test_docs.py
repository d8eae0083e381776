"""The docs a newcomer reads: every path they or the code name exists, the contract lives in the repo,
and the front page reads as product documentation, not as a lab notebook."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "qa" / "models" / "READER.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP = ("docs", "qa", "index", "ui", "evals", "corpus", "tests", "scripts", ".ci")
CODE_PATH = re.compile(r"(?<![\w./-])((?:" + "|".join(re.escape(t) for t in TOP) + r")/[\w./*-]*\w)")
DIARY = re.compile(
    r"\b(?:(?:this|last|next|previous|that) (?:session|night|morning|evening)|second night|tonight|this task|was lent)\b",
    re.I,
)


def _named_paths(doc: Path, text: str) -> set[str]:
    """Markdown links (relative to the doc) and repository paths in code spans (relative to the root)."""
    links = {m for m in re.findall(r"\]\(([^)#\s]+)\)", text) if "://" not in m}
    ticked = {m for span in re.findall(r"`([^`\n]+)`", text) for m in CODE_PATH.findall(span)}
    return {str((doc.parent / m).resolve().relative_to(ROOT)) for m in links} | ticked


def _exists(path: str) -> bool:
    if "*" in path:
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_doc_names_exists(doc):
    text = doc.read_text(encoding="utf-8")
    missing = sorted(p for p in _named_paths(doc, text) if not _exists(p) and not p.startswith(("out/", ".article-qa")))
    assert not missing, f"{doc.name} names paths that do not exist: {missing}"


def test_code_points_only_to_docs_that_exist():
    missing = []
    for py in ROOT.glob("*/**/*.py"):
        if ".venv" in py.parts or py.name == "test_docs.py":
            continue
        text = py.read_text(encoding="utf-8")
        missing += [f"{py.relative_to(ROOT)}: {m}" for m in re.findall(r"\bdocs/[\w-]+\.md", text) if not _exists(m)]
        if "../shared/docs" in text:
            missing.append(f"{py.relative_to(ROOT)}: ../shared/docs (outside the repository)")
    assert not missing


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_read_as_product_docs(doc):
    text = doc.read_text(encoding="utf-8")
    assert "../shared/docs" not in text, f"{doc.name} points outside the repository"
    assert not DIARY.findall(text), f"{doc.name} reads as a diary: {DIARY.findall(text)}"
