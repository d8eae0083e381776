"""Reading windows: the top windows in one batch, the best span overall against their pooled "no answer"."""

import math

import pytest

from qa.params import PARAMS
from qa.reader import pooled_null
from qa.reading import balanced_end


class Recording:
    """The real reader, with a note of each batch it reads."""

    def __init__(self, reader):
        self.reader, self.batches = reader, []

    def read(self, question, contexts, n=1):
        spans = self.reader.read(question, contexts, n)
        self.batches.append(spans)
        return spans


def test_pooled_null_is_the_summed_no_answer_mass():
    assert pooled_null([3.0]) == 3.0
    assert pooled_null([0.0, 0.0]) == pytest.approx(math.log(2))
    assert pooled_null([1000.0, 1000.0]) == pytest.approx(1000 + math.log(2))  # no overflow
    assert pooled_null([-5.0, 2.0, 1.0]) > 2.0


def test_a_span_ends_before_a_bracket_it_leaves_unpaired():
    def cut(t):
        return t[: balanced_end(t, 0, len(t))]

    assert cut("l'Organisation des Nations Unies (ONU") == "l'Organisation des Nations Unies"
    assert cut("ONU), où") == "ONU"
    assert cut("Mali (Bamako)") == "Mali (Bamako)"
    assert cut("(ONU") == "(ONU"  # nothing would be left


def test_one_batch_and_the_best_span_over_all_windows(seed_pipeline):
    recording = Recording(seed_pipeline.reader())
    seed_pipeline._reader = recording
    try:
        for question, expected, n in [
            ("Qui représentait le Niger ?", "Bakary Yaou Sangare", PARAMS.windows),
            ("Who represented Niger?", "Bakary Yaou Sangare", PARAMS.windows_across),  # over French text
            ("Qui est le président malien ?", "Assimi Goïta", PARAMS.windows),
        ]:
            recording.batches.clear()
            answer = seed_pipeline.ask(question)
            assert answer.short_answer == expected, (question, answer.short_answer)
            [spans] = recording.batches  # the windows were read together, once
            assert len(spans) == n
            best = max((s for per in spans for s in per), key=lambda s: s.score)
            assert expected in best.text or best.text in expected
    finally:
        seed_pipeline._reader = recording.reader
