"""Read articles from .txt/.md (optional YAML front matter), .html and .jsonl files.

Every problem becomes a `LoadError` naming the file (and line); valid articles are still
returned, so one bad file never stops an ingest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .cleaning import clean_paragraphs, normalise_space
from .schema import CONTROL, Article, LoadError

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
META_FIELDS = ("id", "title", "date", "source", "url", "lang")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024  # a longer line is not prose (a dump, a minified page)


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    rejected_paths: set[str] = field(default_factory=set)


class ArticleError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def _check_date(value, line: int | None = None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ArticleError(f"field 'date': {value!r} is not a date in YYYY-MM-DD form", line) from None


def _meta(raw: dict, line: int | None = None) -> dict:
    if not isinstance(raw, dict):
        raise ArticleError("front matter must be a mapping of fields", line)
    out = {}
    for key in META_FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if key == "date":
            out[key] = _check_date(value, line)
        elif isinstance(value, (str, int, float)):
            out[key] = str(value).strip() or None
        else:
            raise ArticleError(f"field '{key}' must be text, not {type(value).__name__}", line)
    return out


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 120 and len(line.split()) <= 16 and not re.search(r"[.!?:;…»\"”]$", line)


def split_text(body: str) -> list[str]:
    """Blank lines separate paragraphs; a text without blank lines has one paragraph a line."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", body):
        return [b for b in re.split(r"\n[ \t]*\n", body) if b.strip()]
    return [line for line in body.split("\n") if line.strip()]


def _check_line_lengths(text: str, first_line: int = 1) -> None:
    for n, line in enumerate(text.split("\n"), start=first_line):
        if len(line) > MAX_LINE_CHARS:
            raise ArticleError(f"line is longer than {MAX_LINE_CHARS:,} characters", n)


def _read_text(path: Path, check_lines: bool = True) -> str:
    if path.stat().st_size > MAX_FILE_BYTES:  # before reading it: a huge file is not loaded
        raise ArticleError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ArticleError("UTF-16 text: save it as UTF-8")
    if b"\x00" in data:
        raise ArticleError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ArticleError(f"not valid UTF-8 (byte {e.start})", line) from None
    if not text.strip():
        raise ArticleError("empty file")
    if check_lines:
        _check_line_lengths(text)
    return text


def _build(meta: dict, paragraphs: list[str], path: Path, default_id: str, line: int | None = None) -> Article:
    title = normalise_space(meta.get("title") or "")
    body = clean_paragraphs(paragraphs)
    if not body:
        raise ArticleError("no article text after cleaning", line)
    return Article(
        id=meta.get("id") or default_id,
        title=title or default_id,
        paragraphs=tuple(body),
        date=meta.get("date"),
        source=meta.get("source"),
        url=meta.get("url"),
        lang=(meta.get("lang") or None),
        path=str(path),
    )


def load_text(path: Path) -> list[Article]:
    import frontmatter
    import yaml

    text = _read_text(path)
    meta: dict = {}
    body = text
    handler = frontmatter.YAMLHandler()
    if handler.detect(text.lstrip()):
        try:
            fm, body = handler.split(text.lstrip())
        except ValueError:
            raise ArticleError("front matter has no closing '---' line", 1) from None
        try:  # parsed here: python-frontmatter drops a block that is not a mapping without a word
            raw = yaml.safe_load(fm)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            raise ArticleError(f"malformed front matter: {getattr(e, 'problem', None) or e}", line) from None
        except ValueError as e:  # YAML builds dates itself: 2025-02-30 fails there
            raise ArticleError(f"front matter holds an impossible date: {e}", 1) from None
        meta = _meta(raw if raw is not None else {}, 1)
    lines = split_text(body)
    is_md = path.suffix.lower() in (".md", ".markdown")
    if is_md:
        lines = [re.sub(r"^\s{0,3}#{1,6}\s+", "", p) for p in lines]
        first = split_text(body)[:1]
        if not meta.get("title") and first and re.match(r"^\s{0,3}#\s", first[0]):
            meta["title"], lines = lines[0].strip(), lines[1:]
    elif not meta.get("title") and len(lines) > 1 and _looks_like_title(lines[0]):
        meta["title"], lines = lines[0].strip(), lines[1:]
    return [_build(meta, lines, path, slugify(path.stem))]


BLOCKS = ["p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "dt", "figcaption", "td", "th"]
DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
    "select",
    "input",
]
DROP_HINTS = re.compile(
    r"comment|share|social|newsletter|cookie|breadcrumb|menu|sidebar|related|advert|promo", re.IGNORECASE
)


def load_html(path: Path) -> list[Article]:
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # XHTML pages parse fine as HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(_read_text(path), "lxml")
    for tag in soup(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        hint = " ".join([tag.get("id") or ""] + list(tag.get("class") or []))
        if hint and DROP_HINTS.search(hint) and tag.name not in ("html", "body", "main", "article"):
            tag.decompose()
    meta: dict = {}
    h1 = soup.find("h1")
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(" ", strip=True)
    elif h1:
        meta["title"] = h1.get_text(" ", strip=True)
    html = soup.find("html")
    if html and html.get("lang"):
        meta["lang"] = html["lang"].split("-")[0].lower()
    published = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find("time")
    if published:
        raw = (published.get("content") or published.get("datetime") or "")[:10]
        with contextlib.suppress(ArticleError):  # a page's own date stamp is optional
            meta["date"] = _check_date(raw)
    root = soup.find("article") or soup.find("main") or soup.body or soup
    paragraphs = []
    for block in root.find_all(BLOCKS):
        if block.find(BLOCKS):  # keep leaf blocks only, so nested text is not counted twice
            continue
        paragraphs.append(block.get_text(" ", strip=True))
    if not paragraphs:
        paragraphs = split_text(root.get_text("\n"))
    return [_build(meta, paragraphs, path, slugify(path.stem))]


def load_jsonl(path: Path) -> tuple[list[Article], list[LoadError]]:
    articles, errors = [], []
    for n, line in enumerate(_read_text(path, check_lines=False).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            _check_line_lengths(line, n)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise ArticleError(f"malformed JSON: {e.msg} (column {e.colno})", n) from None
            if not isinstance(obj, dict):
                raise ArticleError("each line must be a JSON object", n)
            for required in ("id", "title"):
                if not isinstance(obj.get(required), str) or not obj[required].strip():
                    raise ArticleError(f"field '{required}' is missing or not text", n)
            if CONTROL.search(obj["id"]):
                raise ArticleError("field 'id' has control characters", n)
            if isinstance(obj.get("paragraphs"), list):
                if not all(isinstance(p, str) for p in obj["paragraphs"]):
                    raise ArticleError("field 'paragraphs' must be a list of strings", n)
                paragraphs = obj["paragraphs"]
            elif isinstance(obj.get("text"), str):
                paragraphs = split_text(obj["text"])
            else:
                raise ArticleError("needs 'paragraphs' (list of strings) or 'text' (string)", n)
            articles.append(_build(_meta(obj, n), paragraphs, path, obj["id"], n))
        except ArticleError as e:
            errors.append(LoadError(str(path), str(e), e.line))
    return articles, errors


def iter_files(paths: list[Path], errors: list[LoadError]) -> list[Path]:
    files = []
    for p in paths:
        p = Path(p)
        if not p.exists():
            errors.append(LoadError(str(p), "no such file or folder"))
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.suffix.lower() in SUFFIXES and f.name.lower() != "readme.md" and not f.name.startswith("."):
                    _add_file(f, files, errors)
        elif p.suffix.lower() not in SUFFIXES:
            errors.append(LoadError(str(p), f"unsupported file type '{p.suffix}' (use {', '.join(sorted(SUFFIXES))})"))
        else:
            _add_file(p, files, errors)
    return files


def _add_file(f: Path, files: list[Path], errors: list[LoadError]) -> None:
    """Regular files only: a pipe would block the read, a link loop would never resolve."""
    if f.is_symlink() and not f.exists():
        errors.append(LoadError(str(f), "broken symbolic link (dangling, or a loop)"))
    elif f.is_dir():
        return
    elif not f.is_file():
        errors.append(LoadError(str(f), "not a regular file"))
    elif CONTROL.search(f.name):
        errors.append(LoadError(str(f), "file name has control characters: rename it"))
    else:
        files.append(f)


def load_file(path: Path) -> tuple[list[Article], list[LoadError]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            return load_jsonl(path)
        if suffix in (".html", ".htm"):
            return load_html(path), []
        return load_text(path), []
    except ArticleError as e:
        return [], [LoadError(str(path), str(e), e.line)]
    except OSError as e:
        return [], [LoadError(str(path), f"cannot read: {e.strerror or e}")]


def load_paths(paths: list[Path]) -> LoadResult:
    """Load every article under `paths`; duplicate ids keep the first and reject the rest."""
    result = LoadResult()
    seen: dict[str, str] = {}
    for f in iter_files(paths, result.errors):
        articles, errors = load_file(f)
        result.errors.extend(errors)
        if errors:
            result.rejected_paths.add(str(f))
        for a in articles:
            if a.id in seen:
                result.errors.append(LoadError(str(f), f"duplicate article id '{a.id}' (first in {seen[a.id]})"))
                continue
            seen[a.id] = str(f)
            result.articles.append(a)
    return result
