"""Reading windows: the next windows are read only when the first one's span is unsure."""

from qa.reading import SURE_MARGIN, WINDOWS


class Recording:
    """The real reader, with a note of each batch it reads and the best margin it returned."""

    def __init__(self, reader):
        self.reader, self.batches = reader, []

    def read(self, question, contexts, n=1):
        spans = self.reader.read(question, contexts, n)
        self.batches.append((len(contexts), max((s.margin for per in spans for s in per), default=None)))
        return spans


def test_more_windows_only_when_the_first_is_unsure(seed_pipeline):
    recording = Recording(seed_pipeline.reader())
    seed_pipeline._reader = recording
    try:
        seen = []
        for question, expected in [
            ("Qui représentait le Niger ?", "Bakary Yaou Sangare"),
            ("Who represented Niger?", "Bakary Yaou Sangare"),
            ("Qui est le président malien ?", "Assimi Goïta"),
            ("Que couvrent les accords signés ?", None),
        ]:
            recording.batches.clear()
            answer = seed_pipeline.ask(question)
            assert expected is None or answer.short_answer == expected, (question, answer.short_answer)
            first, *rest = recording.batches
            assert first[0] == 1
            if rest:
                assert len(rest) == 1 and 1 <= rest[0][0] <= WINDOWS - 1
            else:
                assert first[1] is not None and first[1] >= SURE_MARGIN
            seen.append(len(recording.batches))
        assert 1 in seen and 2 in seen  # both paths were taken
    finally:
        seed_pipeline._reader = recording.reader
