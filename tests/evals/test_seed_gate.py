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
