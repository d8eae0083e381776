"""The shipped span reader: it loads, answers seed questions inside the cited paragraph, and
refuses to load a corrupted or mismatched weights file."""

import shutil

import pytest

from qa.reader import (
    WEIGHTS,
    ReaderError,
    SpanReader,
    _snap,
    best_spans,
    checksum_path,
    encode_pairs,
    load_weights,
    new_span_model,
    reader_onnx,
    save_weights,
)


@pytest.fixture(scope="module")
def trunk(seed_config):
    from index.embedding import model_path

    return model_path(seed_config)


def test_shipped_weights_are_small_and_documented():
    assert WEIGHTS.stat().st_size <= 25 * 2**20
    card = (WEIGHTS.parent / "READER.md").read_text()
    assert checksum_path(WEIGHTS).read_text().split()[0] in card


def test_reader_reads_a_span_of_the_context(seed_config):
    reader = SpanReader(seed_config)
    ctx = (
        "Le ministre nigérien des Affaires étrangères, Bakary Yaou Sangare, a représenté le Niger "
        "à la rencontre de Moscou le 3 avril 2025."
    )
    span = reader.read("Qui a représenté le Niger ?", [ctx])[0][0]
    assert ctx[span.start : span.end] == span.text and "Sangare" in span.text


def test_a_very_long_question_is_cut_not_an_error(seed_config):
    reader = SpanReader(seed_config)
    ctx = "Bakary Yaou Sangare a représenté le Niger à Moscou."
    spans = reader.read("Qui a représenté le Niger ? " + "bla " * 3000, [ctx])
    assert len(spans) == 1


def test_the_onnx_reader_finds_the_torch_models_spans(seed_config, trunk):
    """The export (int8 but its feed-forward outputs) reads like the shipped weights in torch (a
    word more or less at a span's edge), and is made once per weights file."""
    import torch

    from index.embedding import encoder_parts

    model, _ = load_weights(trunk)
    _, tokenizer = encoder_parts(seed_config)
    reader = SpanReader(seed_config)
    exported = reader_onnx(trunk)
    made = exported.stat().st_mtime_ns
    contexts = [
        "Le ministre nigérien des Affaires étrangères, Bakary Yaou Sangare, a représenté le Niger à Moscou.",
        "Les accords signés couvrent la défense, l'énergie nucléaire civile et la formation des militaires.",
        "La rencontre s'est tenue le 3 avril 2025 à Moscou, en présence de Sergueï Lavrov.",
    ]
    questions = ["Qui a représenté le Niger ?", "Que couvrent les accords ?", "Quand la rencontre a-t-elle eu lieu ?"]
    for q, ctx in zip(questions, contexts):
        enc = encode_pairs(tokenizer, [q], [ctx])
        with torch.inference_mode():
            s, e = model(enc["input_ids"], enc["attention_mask"])
        expected = best_spans(enc, s, e, [ctx])[0][0]
        got = reader.read(q, [ctx])[0][0]
        overlap = min(got.end, expected.end) - max(got.start, expected.start)
        assert overlap >= 0.8 * (max(got.end, expected.end) - min(got.start, expected.start)), (got.text, expected.text)
        assert got.margin == pytest.approx(expected.margin, rel=0.2, abs=0.5)
    assert SpanReader(seed_config) and reader_onnx(trunk).stat().st_mtime_ns == made


@pytest.mark.parametrize(
    "question",
    [
        "Who represented Niger?",
        "Qui représentait le Mali ?",
        "Que couvrent les accords signés ?",
        "When will Assimi Goïta visit Moscow?",
    ],
)
def test_answers_with_the_reader_lie_in_the_cited_paragraph(seed_config, question):
    from qa.pipeline import Pipeline

    for mode in ("reader", "both"):
        a = Pipeline(seed_config.with_(reader=mode)).ask(question)
        assert not a.refused and a.short_answer, (mode, a.answer)
        c = a.citations[0]
        assert c.text[c.answer_start : c.answer_end] == a.short_answer
        assert not a.short_answer[0].isspace() and not a.short_answer[-1].isspace()


def test_rules_mode_does_not_load_the_reader(seed_config):
    from qa.pipeline import Pipeline

    p = Pipeline(seed_config.with_(reader="rules"))
    a = p.ask("Who represented Niger?")
    assert a.short_answer == "Bakary Yaou Sangare" and p._reader is None and "read" not in a.timings_ms


def test_corrupted_weights_are_refused(tmp_path, trunk):
    bad = tmp_path / "reader.safetensors"
    shutil.copy(WEIGHTS, bad)
    shutil.copy(checksum_path(WEIGHTS), checksum_path(bad))
    data = bytearray(bad.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(ReaderError, match="checksum mismatch"):
        load_weights(trunk, bad)
    with pytest.raises(ReaderError, match="not found"):
        load_weights(trunk, tmp_path / "missing.safetensors")


def test_weights_trained_on_another_trunk_are_refused(tmp_path, trunk):
    import torch

    other = new_span_model(trunk, 2)
    with torch.no_grad():
        other.lower_layers[0].output.dense.weight.add_(0.01)
    path = tmp_path / "other.safetensors"
    save_weights(other, path, {})
    with pytest.raises(ReaderError, match="another trunk"):
        load_weights(trunk, path)


def test_bad_reader_setting_is_one_clear_error(cli_env):
    import subprocess
    import sys

    env = dict(cli_env, ARTICLE_QA_READER="magic")
    r = subprocess.run([sys.executable, "-m", "ui.cli", "ask", "Who?"], env=env, capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "ARTICLE_QA_READER='magic'" in r.stderr


def test_corrupted_weights_via_cli_are_one_line(cli_env, tmp_path, seed_config):
    import subprocess
    import sys

    bad = tmp_path / "r.safetensors"
    bad.write_bytes(b"not weights")
    checksum_path(bad).write_text("0" * 64 + "  r.safetensors\n")
    env = dict(cli_env, ARTICLE_QA_READER_WEIGHTS=str(bad), ARTICLE_QA_INDEX=str(seed_config.index_dir))
    r = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", "Who represented Niger?"], env=env, capture_output=True, text=True
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "checksum mismatch" in r.stderr


@pytest.mark.parametrize(
    "text,start,end,expected",
    [
        ("les Africa Corps russes", 4, 15, "Africa Corps"),
        ("le 3 avril 2025, à Moscou", 2, 16, "3 avril 2025"),
        ("(Mali, Niger)", 0, 6, "Mali"),
    ],
)
def test_spans_snap_to_whole_words(text, start, end, expected):
    a, b = _snap(text, start, end)
    assert text[a:b] == expected
