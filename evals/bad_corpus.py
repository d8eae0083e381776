"""A folder of bad files beside good ones, ingested for real: each bad file must get one line.

`make bad-corpus` (and tests/index/test_bad_corpus.py) writes the folder, runs `article-qa ingest`
on it in a new process, and checks: every bad file named in exactly one error line with the reason
expected, every good article ingested, exit status 2, no traceback. Run as root, the ingest runs as
`nobody` so that an unreadable file is unreadable.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

GOOD_TEXT = "Le conseil municipal de Brest a voté le budget le 12 mars 2024.\n\nLe maire a salué un vote unanime."


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the folder (may hold control characters)
    reason: str  # a phrase the error line must contain


def _jsonl(*lines: object) -> bytes:
    return "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines).encode() + b"\n"


def _good_line(i: str) -> dict:
    return {"id": f"good-{i}", "title": f"Article {i}", "paragraphs": [GOOD_TEXT]}


# name -> (content, reason). A jsonl file holds one bad line between good ones: the good ones must load.
BAD: dict[str, tuple[bytes, str]] = {
    "binary.txt": (bytes(range(256)) * 8, "binary file"),
    "gzip-renamed.txt": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(64), "binary file"),
    "pdf-renamed.md": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\n",
        "binary file",
    ),
    "late-nul.txt": (GOOD_TEXT.encode() * 200 + b"\x00tail", "binary file"),
    "empty.txt": (b"", "empty file"),
    "whitespace.md": (b"  \n\t\n\n  ", "empty file"),
    "utf16.txt": (GOOD_TEXT.encode("utf-16"), "UTF-16"),
    "latin1.txt": ("Le café de la gare a fermé.".encode("latin-1"), "not valid UTF-8"),
    "front-matter-only.md": (b"---\ntitle: Rien\n---\n", "no article text"),
    "front-matter-broken.md": (b"---\ntitle: [unclosed\n---\nTexte.", "malformed front matter"),
    "front-matter-list.md": (b"---\n- a\n- b\n---\nTexte.", "front matter must be a mapping"),
    "front-matter-title-list.md": (b"---\ntitle: [a, b]\n---\nTexte.", "field 'title'"),
    "impossible-date.md": (b"---\ntitle: T\ndate: 2025-02-30\n---\nTexte.", "impossible date"),
    "month-13.txt": (b"---\ndate: 2025-13-01\n---\nTexte.", "impossible date"),
    "scripts-only.html": (
        b"<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>",
        "no article text",
    ),
    "svg-only.html": (
        b"<html><body><svg><text>hi</text></svg><iframe src=x></iframe></body></html>",
        "no article text",
    ),
    "boilerplate-only.txt": ("Commentaires (0)\nParticiper à la Discussion\n".encode(), "no article text"),
    "long-line.txt": (b"mot " * (10 * 1024 * 1024 // 4), "longer than"),
    "big.txt": (b"", "larger than 50 MB"),  # written sparse, 50 MB + 1
    "jsonl-malformed.jsonl": (_jsonl(_good_line("a"), "{broken", _good_line("b")), "malformed JSON"),
    "jsonl-array.jsonl": (_jsonl(_good_line("c"), [1, 2]), "must be a JSON object"),
    "jsonl-no-id.jsonl": (_jsonl({"title": "T", "paragraphs": ["p"]}, _good_line("d")), "field 'id'"),
    "jsonl-title-number.jsonl": (_jsonl({"id": "t1", "title": 5, "paragraphs": ["p"]}), "field 'title'"),
    "jsonl-paragraphs-numbers.jsonl": (_jsonl({"id": "p1", "title": "T", "paragraphs": [1, 2]}), "field 'paragraphs'"),
    "jsonl-text-number.jsonl": (_jsonl({"id": "p2", "title": "T", "text": 5}), "needs 'paragraphs'"),
    "jsonl-lang-list.jsonl": (_jsonl({"id": "p3", "title": "T", "text": "x", "lang": ["fr"]}), "field 'lang'"),
    "jsonl-bad-date.jsonl": (_jsonl({"id": "p4", "title": "T", "text": "x", "date": "hier"}), "field 'date'"),
    "jsonl-long-line.jsonl": (_jsonl({"id": "p5", "title": "T", "text": "mot " * (3 * 1024 * 1024)}), "longer than"),
    "jsonl-duplicate-id.jsonl": (_jsonl(_good_line("e"), _good_line("e")), "duplicate article id"),
    "jsonl-control-id.jsonl": (_jsonl({"id": "evil\x1b[31m", "title": "T", "text": "x"}), "field 'id'"),
    "name\x1b[31mred\x07.txt": (GOOD_TEXT.encode(), "control characters"),
    "unreadable.txt": (GOOD_TEXT.encode(), "cannot read"),
    "fifo.txt": (b"", "not a regular file"),
    "loop-a.txt": (b"", "symbolic link"),
    "dangling.md": (b"", "symbolic link"),
}

# Good files beside them: each must be ingested. A `..` and a backslash in a name are only characters.
GOOD = {
    "good-one.txt": GOOD_TEXT.encode(),
    "good two.md": b"---\ntitle: Deux\ndate: 2024-03-12\nlang: fr\n---\n" + GOOD_TEXT.encode(),
    "up..\\..\\etc-passwd.txt": GOOD_TEXT.encode(),
    "good-page.html": f"<html lang='fr'><body><article><p>{GOOD_TEXT}</p></article></body></html>".encode(),
    "good-utf8-bom.txt": b"\xef\xbb\xbf" + GOOD_TEXT.encode(),
}
GOOD_IDS = {"good-one", "good-two", "up-etc-passwd", "good-page", "good-utf8-bom"} | {f"good-{i}" for i in "abcde"}


def write(folder: Path) -> list[Case]:
    """Write the bad and good files; return the bad cases."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in GOOD.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in BAD.items():
        path = folder / name
        if name == "big.txt":
            with open(path, "wb") as f:
                f.truncate(50 * 1024 * 1024 + 1)
                f.seek(0)
                f.write(GOOD_TEXT.encode())
        elif name == "fifo.txt":
            os.mkfifo(path)
        elif name == "loop-a.txt":
            (folder / "loop-b.txt").symlink_to("loop-a.txt")  # a -> b -> a
            path.symlink_to("loop-b.txt")
        elif name == "dangling.md":
            path.symlink_to("no-such-target.md")
        else:
            path.write_bytes(data)
    (folder / "unreadable.txt").chmod(0)
    cases = [Case(name, reason) for name, (_, reason) in BAD.items()]
    return cases + [Case("loop-b.txt", "symbolic link")]


def _as_nobody() -> list[str]:
    """Root reads every file: run as `nobody` so that mode 000 means unreadable."""
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []


def run(folder: Path, index: Path) -> dict:
    """Ingest `folder` into `index` in a new process; check every line. Returns the figures. Their
    parent folders must be open to `nobody` when run as root (see `main`)."""
    cases = write(folder)
    index.parent.mkdir(parents=True, exist_ok=True)
    index.parent.chmod(0o777)
    env = dict(os.environ, ARTICLE_QA_INDEX=str(index), HOME=str(index.parent), PYTHONDONTWRITEBYTECODE="1")
    cmd = [*_as_nobody(), sys.executable, "-m", "ui.cli", "ingest", str(folder), "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, cwd=Path(__file__).parents[1])
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    named = {c.name: [line for line in lines if _shown(folder / c.name) + ":" in line] for c in cases}
    rejected = [c for c in cases if len(named[c.name]) == 1 and c.reason in named[c.name][0]]
    report = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}
    stored = _stored_ids(index) if proc.returncode in (0, 2) else set()
    return {
        "status": proc.returncode,
        "traceback": "Traceback" in proc.stderr,
        "bad": len(cases),
        "rejected_in_one_line": len(rejected),
        "missed": {c.name: named[c.name] for c in cases if c not in rejected},
        "good": len(GOOD_IDS),
        "good_ingested": len(GOOD_IDS & stored),
        "unexpected_ids": sorted(stored - GOOD_IDS),
        "error_lines": len(lines),
        "report": report,
        "stderr_tail": proc.stderr[-2000:],
    }


def _shown(path: Path) -> str:
    from index.schema import printable

    return printable(str(path))


def _stored_ids(index: Path) -> set[str]:
    from index.config import Config
    from index.store import Store

    return set(Store(Config(index_dir=index)).manifest())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", help="write the folder and index here instead of a temporary folder")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp)
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o755)  # `nobody` must reach the folder
        r = run(root / "bad-corpus", root / "state" / "index")
    print(
        f"bad files rejected in one line each: {r['rejected_in_one_line']}/{r['bad']}; good articles ingested: "
        f"{r['good_ingested']}/{r['good']}; exit status {r['status']}; traceback: {'yes' if r['traceback'] else 'no'}"
    )
    for name, got in r["missed"].items():
        print(f"  missed {name!r}: {got}")
    ok = r["rejected_in_one_line"] == r["bad"] and r["good_ingested"] == r["good"] and r["status"] == 2
    return 0 if ok and not r["traceback"] and not r["unexpected_ids"] else 1


if __name__ == "__main__":
    sys.exit(main())
