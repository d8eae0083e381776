"""`article-qa`: ingest, ask, search, serve, eval (docs/interfaces.md).

Exit status: 0 ok, 2 bad input (one line on stderr saying what and where), 1 anything else.
Heavy libraries are imported inside the commands, so `--help` and errors are instant.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from evals.splits import SPLITS
from index.config import READER_MODES, REFUSAL_MODES, version


class UserError(Exception):
    """A mistake in the command's input: reported in one line, exit status 2."""


def _config(args):
    from index.config import Config

    return Config.from_env(
        index_dir=getattr(args, "index", None),
        reader=getattr(args, "reader", None),
        refusal=getattr(args, "refusal", None),
        llm=getattr(args, "llm", None),
    )


def _require_index(cfg) -> None:
    from index.store import Store

    if Store(cfg).paragraphs.count() == 0:
        raise UserError(f"the index at {cfg.chroma_url or cfg.index_dir} is empty: run `article-qa ingest` first")


def _history(path: str | None) -> list:
    if not path:
        return []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise UserError(f"{path}: cannot read history ({e})") from None
    if not isinstance(data, list) or not all(isinstance(t, dict) and "question" in t and "answer" in t for t in data):
        raise UserError(f'{path}: history must be a JSON list of {{"question": ..., "answer": ...}} turns')
    return data


# -- commands ---------------------------------------------------------------------------------
def cmd_ingest(args) -> int:
    from index.config import DEFAULT_CORPUS
    from index.ingest import Ingestor

    cfg = _config(args)
    report = Ingestor(cfg, wait=not args.no_wait).run(args.paths or [DEFAULT_CORPUS], prune=args.prune)
    for err in report.errors:
        print(f"error: {err}", file=sys.stderr)
    if report.stopped:
        print(f"error: {report.stopped}", file=sys.stderr)
    print(json.dumps(report.to_dict(), ensure_ascii=False) if args.json else report.summary())
    return 2 if report.errors or report.stopped else 0


def cmd_remove(args) -> int:
    from index.ingest import Ingestor

    cfg = _config(args)
    _require_index(cfg)
    removed, unknown = Ingestor(cfg, wait=not args.no_wait).remove_articles(args.ids)
    for article_id in unknown:
        print(
            f"error: no article with id {article_id!r} in the index (ids are in the chat's Corpus tab)",
            file=sys.stderr,
        )
    for article_id in removed:
        print(f"removed {article_id}")
    return 2 if unknown else 0


def cmd_check(args) -> int:
    from index.check import check, repair

    cfg = _config(args)
    _require_index(cfg)
    report = check(cfg)
    for f in report.findings:
        print(f.message, file=sys.stderr)
    if report.findings and args.repair:
        for line in repair(cfg, report):
            print(f"repair: {line}", file=sys.stderr)
        report = check(cfg)
        for f in report.findings:
            print(f"still: {f.message}", file=sys.stderr)
    state = "ok" if report.ok else f"{len(report.findings)} problem(s)"
    print(f"{report.articles} articles, {report.chunks} paragraph chunks, {report.sentences} sentences: {state}")
    return 0 if report.ok else 1


def _print_answer(a) -> None:
    print(a.answer)
    for note in a.notes:
        print(f"note: {note}")
    if a.query != a.question:
        print(f"\n(searched as: {a.query})")
    for c in a.citations:
        print(f"\n[{c.n}] {c.title}" + (f" ({c.date})" if c.date else "") + f", §{c.paragraph}")
        print("    " + c.text[: c.start] + ">>" + c.text[c.start : c.end] + "<<" + c.text[c.end :])


def cmd_ask(args) -> int:
    import qa

    cfg = _config(args)
    _require_index(cfg)
    filters = qa._filters(args.article, args.date_from, args.date_to)
    system = qa.open_answerer(config=cfg)
    history = _history(args.history)
    if cfg.llm:
        answer = system.ask(args.question, history=history, filters=filters, show_unsupported=args.show_unsupported)
    else:
        answer = system.ask(args.question, history=history, filters=filters)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_search(args) -> int:
    import qa

    if args.k < 1:
        raise UserError("--k must be at least 1")
    cfg = _config(args)
    _require_index(cfg)
    hits = qa.search(
        args.query,
        k=args.k,
        config=cfg,
        article_ids=args.article or None,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
    else:
        for i, h in enumerate(hits, start=1):
            print(f"{i}. [{h.score:.4f}] {h.title} §{h.paragraph}\n   {h.text[:300]}")
    return 0


def cmd_passwd(args) -> int:
    """A users-file line for ARTICLE_QA_AUTH; the password comes from stdin (asked for on a terminal)."""
    import getpass

    from ui.auth import USER_NAME, hash_password

    if not USER_NAME.match(args.user):
        raise UserError("user names are letters, digits and . _ @ - (at most 64)")
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        raise UserError("the password must have at least 8 characters")
    print(f"{args.user}:{hash_password(password)}" + (":admin" if args.admin else ""))
    return 0


def cmd_serve(args) -> int:
    from ui.app import serve

    return serve(_config(args), host=args.host, port=args.port)


def cmd_eval(args) -> int:
    from evals.cli import run_eval

    return run_eval(args, _config(args))


# -- parser -----------------------------------------------------------------------------------
def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in YYYY-MM-DD form") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="article-qa", description="Question answering over news articles, with citations.")
    p.add_argument("--version", action="version", version=f"article-qa {version()}")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--index", help="index folder (default: $ARTICLE_QA_INDEX or .article-qa/index)")
        if sp.prog.split()[-1] in ("ask", "serve", "eval"):
            sp.add_argument(
                "--reader",
                choices=READER_MODES,
                help="short answers from rules, the span reader, or both (default: $ARTICLE_QA_READER or both)",
            )
            sp.add_argument(
                "--refusal",
                choices=REFUSAL_MODES,
                help="refuse by word checks (rules) or by the answerability model (learned) "
                "(default: $ARTICLE_QA_REFUSAL or rules)",
            )
            sp.add_argument(
                "--llm",
                action="store_true",
                default=None,
                help="answers written by the model at $ARTICLE_QA_LLM_URL, every sentence checked against its citations",
            )
        return sp

    sp = common(sub.add_parser("ingest", help="index articles (files or folders; default: corpus/)"))
    sp.add_argument("paths", nargs="*", type=Path)
    sp.add_argument("--prune", action="store_true", help="remove indexed articles that are not in PATHS any more")
    sp.add_argument("--json", action="store_true", help="print the report as JSON")
    sp.add_argument(
        "--no-wait", action="store_true", help="exit (status 2) instead of waiting when another ingest is writing"
    )
    sp.set_defaults(func=cmd_ingest)

    sp = common(sub.add_parser("remove", help="remove articles from the index by id"))
    sp.add_argument("ids", nargs="+", metavar="ID")
    sp.add_argument(
        "--no-wait", action="store_true", help="exit (status 2) instead of waiting when another ingest is writing"
    )
    sp.set_defaults(func=cmd_remove)

    sp = common(sub.add_parser("check", help="is the index whole: manifest, chunks and BM25 agree"))
    sp.add_argument("--repair", action="store_true", help="remove what an interrupted ingest left; rebuild BM25")
    sp.set_defaults(func=cmd_check)

    for name, help_ in (("ask", "answer a question"), ("search", "ranked paragraphs, no answer")):
        sp = common(sub.add_parser(name, help=help_))
        sp.add_argument("question" if name == "ask" else "query")
        sp.add_argument("--json", action="store_true")
        sp.add_argument("--article", action="append", help="only this article id (repeatable)")
        sp.add_argument("--from", dest="date_from", type=_date, help="articles dated on or after YYYY-MM-DD")
        sp.add_argument("--to", dest="date_to", type=_date, help="articles dated on or before YYYY-MM-DD")
        if name == "ask":
            sp.add_argument("--history", help='JSON file: [{"question": ..., "answer": ...}, ...]')
            sp.add_argument(
                "--show-unsupported", action="store_true", help="with --llm: show removed sentences, marked, and why"
            )
            sp.set_defaults(func=cmd_ask)
        else:
            sp.add_argument("--k", type=int, default=5)
            sp.set_defaults(func=cmd_search)

    sp = common(sub.add_parser("serve", help="serve the web chat"))
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=7860)
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("passwd", help="print a users-file line (ARTICLE_QA_AUTH) for USER; password from stdin")
    sp.add_argument("user")
    sp.add_argument("--admin", action="store_true", help="this user may add articles in the chat")
    sp.set_defaults(func=cmd_passwd)

    sp = common(sub.add_parser("eval", help="run an answer-quality suite"))
    sp.add_argument("suite", nargs="?", type=Path, help="suite file (JSONL)")
    sp.add_argument("--squad", type=Path, help="a SQuAD-format file instead of a suite")
    sp.add_argument("--json", dest="json_out", type=Path, help="write the full results here")
    sp.add_argument("--report", type=Path, help="write an HTML and Markdown report in this folder")
    sp.add_argument("--compare", type=Path, help="an earlier --json output: print deltas, fail on regressions")
    sp.add_argument(
        "--gate", action="store_true", help="fail when the suite misses its floors in evals/thresholds.json"
    )
    sp.add_argument("--baseline", action="store_true", help="also run the vanilla LlamaIndex retrieval baseline")
    sp.add_argument("--corpus", type=Path, action="append", help="ingest these articles first (suite mode)")
    sp.add_argument("--limit", type=int, help="only the first N cases")
    sp.add_argument(
        "--split",
        choices=SPLITS,
        help="with --squad: only that split's articles (train, dev: choose changes, test: report only)",
    )
    sp.add_argument(
        "--in-conversation",
        action="store_true",
        help="ask each case after the one before it, as in the chat (the earlier turn comes first in its history)",
    )
    sp.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    from index.lock import IndexBusy
    from index.storage import StorageError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UserError, ValueError, IndexBusy, StorageError) as e:
        print(f"article-qa {args.command}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1
    except Exception as e:
        if os.environ.get("ARTICLE_QA_DEBUG"):
            raise
        print(
            f"article-qa {args.command}: {e.__class__.__name__}: {e} (set ARTICLE_QA_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
