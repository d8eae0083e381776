"""The CI gate: the seed suite must meet the floors in evals/thresholds.json."""

import pytest

from evals.compare import gate, load_thresholds
from evals.runner import run_suite
from evals.suite import load_suite


@pytest.mark.slow
def test_seed_suite_meets_its_floors(seed_pipeline, seed_config):
    result = run_suite(seed_pipeline, load_suite("evals/suites/seed.jsonl"), "seed", {}, progress=False).to_dict()
    failures = gate(result["metrics"], load_thresholds()["gates"]["seed"])
    assert failures == [], (failures, [r["id"] for r in result["results"] if not (r["correct"] or r["refused"])])


@pytest.mark.slow
def test_seed_answers_do_not_change_inside_a_conversation(seed_pipeline):
    """Each case asked after the one before it, as in the chat: a standalone question keeps its answer."""
    cases = load_suite("evals/suites/seed.jsonl")
    alone = run_suite(seed_pipeline, cases, "seed", {}, progress=False).to_dict()["results"]
    chat = run_suite(seed_pipeline, cases, "seed", {}, progress=False, in_conversation=True).to_dict()["results"]
    changed = [
        (a["id"], a["answer"]["query"], c["answer"]["query"])
        for a, c in zip(alone, chat)
        if (a["answer"]["short_answer"], a["refused"]) != (c["answer"]["short_answer"], c["refused"])
    ]
    assert changed == []
