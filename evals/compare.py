"""Compare two eval runs and gate on thresholds kept in `evals/thresholds.json`."""

from __future__ import annotations

import json
from pathlib import Path

THRESHOLDS = Path(__file__).parent / "thresholds.json"
LOWER_IS_BETTER = {"false_refusal", "latency_p50_ms", "latency_p95_ms"}


def load_thresholds(path: Path = THRESHOLDS) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def compare(new: dict, old: dict, tolerance: dict[str, float]) -> list[dict]:
    """One row per metric both runs have: old, new, delta, and whether it got worse beyond tolerance."""
    rows = []
    for name, new_value in new["metrics"].items():
        old_value = old.get("metrics", {}).get(name)
        if new_value is None or old_value is None:
            continue
        delta = new_value - old_value
        worse = -delta if name not in LOWER_IS_BETTER else delta
        limit = tolerance.get(name, tolerance.get("default", 0.0))
        if name.startswith("latency"):
            limit = abs(old_value) * tolerance.get("latency_ratio", 0.5)
        rows.append(
            {
                "metric": name,
                "old": old_value,
                "new": new_value,
                "delta": round(delta, 4),
                "regressed": worse > limit + 1e-9,
            }
        )
    return rows


def gate(metrics: dict, minimums: dict[str, float]) -> list[str]:
    """Metrics that miss their floor (or exceed their ceiling, for lower-is-better ones)."""
    failures = []
    for name, bound in minimums.items():
        value = metrics.get(name)
        if value is None:
            continue
        bad = value > bound if name in LOWER_IS_BETTER else value < bound
        if bad:
            failures.append(f"{name} = {value} ({'above' if name in LOWER_IS_BETTER else 'below'} {bound})")
    return failures
