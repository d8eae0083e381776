"""Evaluation suites (JSONL, one case a line; format in docs/interfaces.md), validated line by line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    id: str
    question: str
    answers: list[str]
    evidence: list[str] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


class SuiteError(ValueError):
    """A problem in a suite file, with the line it is on."""


def _strings(obj: dict, key: str, where: str, required: bool = True) -> list[str]:
    value = obj.get(key, None if required else [])
    if value is None:
        raise SuiteError(f"{where}: missing field '{key}'")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SuiteError(f"{where}: field '{key}' must be a list of strings")
    return value


def parse_case(obj, where: str) -> Case:
    if not isinstance(obj, dict):
        raise SuiteError(f"{where}: each line must be a JSON object")
    for key in ("id", "question"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise SuiteError(f"{where}: missing field '{key}' (a non-empty string)")
    answers = _strings(obj, "answers", where)
    evidence = _strings(obj, "evidence", where, required=False)
    tags = _strings(obj, "tags", where, required=False)
    if any(not t.strip() for t in tags):
        raise SuiteError(f"{where}: field 'tags' holds an empty tag")
    history = obj.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(h, dict) and isinstance(h.get("question"), str) and isinstance(h.get("answer"), str) for h in history
    ):
        raise SuiteError(f'{where}: field \'history\' must be a list of {{"question", "answer"}} objects')
    return Case(obj["id"], obj["question"], answers, evidence, history, tags)


def load_suite(path: Path) -> list[Case]:
    """All cases, or a SuiteError naming the first bad line; duplicate ids are errors too."""
    path = Path(path)
    if not path.is_file():
        raise SuiteError(f"{path}: no such suite file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise SuiteError(f"{path}: not valid UTF-8") from None
    cases, seen = [], set()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise SuiteError(f"{where}: malformed JSON: {e.msg} (column {e.colno})") from None
        case = parse_case(obj, where)
        if case.id in seen:
            raise SuiteError(f"{where}: duplicate case id '{case.id}'")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise SuiteError(f"{path}: the suite has no cases")
    return cases
