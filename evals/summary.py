"""One Markdown table from several `eval --json` results: `python -m evals.summary out/piaf-dev/*.json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

COLUMNS = [
    ("answer_f1", "F1"),
    ("answer_em", "EM"),
    ("answer_correct", "answer"),
    ("citation_correct", "citation"),
    ("false_refusal", "false refusal"),
    ("refusal_correct", "refusal"),
    ("retrieval_hit@5", "hit@5"),
    ("latency_p50_ms", "p50 ms"),
    ("latency_p95_ms", "p95 ms"),
]


def _cell(value) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if value >= 2 else f"{value:.3f}"


def table(paths: list[Path]) -> str:
    head = "| suite | answerer | conversation | cases | " + " | ".join(label for _, label in COLUMNS) + " |"
    lines = [head, "|" + " --- |" * (4 + len(COLUMNS))]
    for path in paths:
        result = json.loads(Path(path).read_text(encoding="utf-8"))
        config = result.get("config", {})
        cells = [
            result.get("suite", path.stem),
            str(config.get("answerer", "?")) + (", learned refusal" if config.get("refusal") == "learned" else ""),
            "yes" if config.get("in_conversation") else "no",
            str(result.get("cases", "?")),
        ]
        cells += [_cell(result["metrics"].get(key)) for key, _ in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print("usage: python -m evals.summary RESULT.json ...", file=sys.stderr)
        return 2
    try:
        print(table(paths))
    except (OSError, json.JSONDecodeError, KeyError) as e:
        print(f"error: cannot read an eval result ({e})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
