"""Articles added and removed in the chat: uploads checked (type, size), renamed safely, copied into the
app's data folder, ingested; removals by article id."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from index.config import Config
from index.ingest import Ingestor
from index.loaders import slugify

ALLOWED = {".txt", ".md", ".html", ".htm", ".jsonl"}
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class UploadResult:
    name: str  # as the user named it (shown escaped)
    ok: bool
    message: str


def upload_folder(cfg: Config) -> Path:
    return (Path(cfg.index_dir).resolve().parent / "uploads").resolve()


def safe_name(name: str) -> str:
    """A file name that cannot leave the folder or hide its type: 'a/../b c.md' -> 'b-c.md'."""
    base = Path(name.replace("\\", "/")).name
    suffix = Path(base).suffix.lower()
    return f"{slugify(Path(base).stem)[:80]}{suffix}"


def accept(paths: list[str], cfg: Config) -> tuple[list[Path], list[UploadResult]]:
    folder = upload_folder(cfg)
    folder.mkdir(parents=True, exist_ok=True)
    kept, results = [], []
    for p in paths:
        src = Path(p)
        shown = src.name
        if src.suffix.lower() not in ALLOWED:
            results.append(
                UploadResult(shown, False, f"unsupported type '{src.suffix}' (use {', '.join(sorted(ALLOWED))})")
            )
            continue
        if src.stat().st_size > MAX_BYTES:
            results.append(UploadResult(shown, False, f"larger than {MAX_BYTES // (1024 * 1024)} MB"))
            continue
        target = (folder / safe_name(src.name)).resolve()
        if target.parent != folder:
            results.append(UploadResult(shown, False, "unsafe file name"))
            continue
        shutil.copyfile(src, target)
        kept.append(target)
    return kept, results


def ingest_uploads(paths: list[str], cfg: Config) -> list[UploadResult]:
    kept, results = accept(paths, cfg)
    if not kept:
        return results
    ingestor = Ingestor(cfg)
    report = ingestor.run(kept, progress=False)
    indexed = {e.path for e in ingestor.store.manifest().values()}
    failed: dict[str, list[str]] = {}
    for err in report.errors:
        failed.setdefault(err.path, []).append(f"line {err.line}: {err.message}" if err.line else err.message)
    for path in kept:
        problems = failed.get(str(path))
        if problems:
            results.append(UploadResult(path.name, False, "; ".join(problems)))
            if str(path) not in indexed:  # keep a file only while some of its articles are in the index
                path.unlink(missing_ok=True)
        else:
            results.append(UploadResult(path.name, True, "ingested"))
    return results


def remove_articles(article_ids: list[str], cfg: Config) -> list[str]:
    """Remove articles from the index (and an uploaded file once none of its articles is left):
    one line per id."""
    ingestor = Ingestor(cfg)
    before = ingestor.store.manifest()
    removed, unknown = ingestor.remove_articles(article_ids)
    left = {e.path for e in ingestor.store.manifest().values()}
    folder = upload_folder(cfg).resolve()
    for article_id in removed:
        path = Path(before[article_id].path)
        if path.resolve().parent == folder and str(path) not in left:
            path.unlink(missing_ok=True)
    return [f"removed `{a}` ({before[a].title})" for a in removed] + [f"no article with id `{a}`" for a in unknown]
