"""The verifier's sets: written ones apart, split ones by article, and "all" as it was (dev + test)."""

from __future__ import annotations

from evals.verifier import DEV_MORE, FRESH, assign, load, report


def test_the_later_sets_share_no_article_with_the_first():
    first = {c["source"] for c in load()}
    for path in (DEV_MORE, FRESH):
        later = load(path)
        assert len(later) == 100 and {c["id"] for c in later}.isdisjoint(c["id"] for c in load())
        assert first.isdisjoint(c["source"] for c in later), path.name
    assert {c["source"] for c in load(DEV_MORE)}.isdisjoint(c["source"] for c in load(FRESH))


def test_the_first_set_splits_by_article_in_halves():
    cases = load()
    split = assign(cases)
    dev = sum(split[c["source"]] == "dev" for c in cases)
    assert set(split.values()) == {"dev", "test"} and abs(dev - len(cases) / 2) < 10


def test_all_is_dev_and_test_and_the_later_sets_stand_alone():
    rows = [
        {"split": s, "lang": "fr", "kind": "verbatim", "gold": True, "predicted": p}
        for s, p in [("dev", True), ("test", False), ("dev-more", True), ("fresh", False)]
    ]
    figures = report(rows)
    assert figures["all"]["cases"] == 2 and figures["all"]["recall"] == 0.5
    assert figures["fresh"]["cases"] == figures["dev-more"]["cases"] == 1
    assert figures["fresh"]["recall"] == 0.0 and figures["dev-more"]["recall"] == 1.0
