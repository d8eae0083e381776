"""Turn any SQuAD-format file (PIAF, FQuAD, XQuAD, SQuAD...) into a corpus and a suite.

One article per title, its contexts as paragraphs; each question becomes a case whose answers
are the gold spans and whose evidence is the gold paragraph.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from index.loaders import slugify

from .splits import select
from .suite import Case, SuiteError


def read_squad(path: Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SuiteError(f"{path}: not a SQuAD file ({e.__class__.__name__}: {e})") from None
    ok = (
        isinstance(data, dict)
        and isinstance(data.get("data"), list)
        and all(isinstance(a, dict) and isinstance(a.get("paragraphs"), list) for a in data["data"])
    )
    if not ok:
        raise SuiteError(f'{path}: not a SQuAD file (expected {{"data": [{{"title", "paragraphs": [...]}}]}})')
    return data


def file_digest(path: Path) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]


def squad_to_corpus(
    path: Path, out_dir: Path, lang: str | None = None, limit: int | None = None, split: str | None = None
) -> tuple[Path, list[Case]]:
    """Write the contexts as a JSONL corpus in `out_dir`; return its path and the cases. `split`
    keeps one split's articles (evals/splits.py): they alone are the corpus and the questions."""
    data = read_squad(path)
    if split:
        base = data.get("splits_of")
        reference = read_squad(Path(path).parent / base)["data"] if isinstance(base, str) else None
        data = {"data": select(data["data"], split, reference)}
    out_dir.mkdir(parents=True, exist_ok=True)
    articles, cases, ids = [], [], set()
    tags = ["squad"] + ([lang] if lang else [])
    for a_i, article in enumerate(data["data"]):
        title = str(article.get("title") or f"article-{a_i + 1}")
        article_id = slugify(title)
        while article_id in ids:
            article_id += "-x"
        ids.add(article_id)
        paragraphs = []
        for p in article["paragraphs"]:
            context = p.get("context")
            if not isinstance(context, str) or not context.strip():
                continue
            paragraphs.append(context)
            for qa in p.get("qas", []):
                answers = [x["text"] for x in qa.get("answers", []) if isinstance(x, dict) and x.get("text")]
                if qa.get("is_impossible"):
                    answers = []
                cases.append(
                    Case(
                        str(qa.get("id", len(cases))),
                        qa["question"],
                        list(dict.fromkeys(answers)),
                        [context] if answers else [],
                        [],
                        list(tags) + ([] if answers else ["unanswerable"]),
                    )
                )
        if paragraphs:
            articles.append(
                {"id": article_id, "title": title.replace("_", " "), "lang": lang, "paragraphs": paragraphs}
            )
    if not cases:
        raise SuiteError(f"{path}: the SQuAD file has no questions")
    corpus = out_dir / "corpus.jsonl"
    tmp = corpus.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    tmp.replace(corpus)
    return corpus, cases[:limit] if limit else cases
