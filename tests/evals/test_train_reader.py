"""The training script on a tiny subset: real steps, a loadable int8 file, a report, a continued run."""

import json

import pytest

from evals.train_reader import main
from qa.reader import checksum_path, file_sha256, load_weights


def test_training_runs_end_to_end_on_a_tiny_subset_and_continues(tmp_path, seed_config):
    from index.embedding import model_path

    out, report = tmp_path / "reader.safetensors", tmp_path / "train.json"
    assert (
        main(
            [
                "--limit",
                "24",
                "--val-limit",
                "8",
                "--epochs",
                "1",
                "--layers",
                "1",
                "--xquad",
                "en",
                "--windows",
                "1",
                "--out",
                str(out),
                "--report",
                str(report),
            ]
        )
        == 0
    )
    result = json.loads(report.read_text())
    assert result["train_windows"] >= 24 + 8 and result["history"][0]["questions"] == 8
    assert 0 <= result["history"][0]["f1_windows"] <= 100
    assert result["history"][0]["loss"] > 0 and result["top_layers"] == 1
    assert checksum_path(out).read_text().split()[0] == file_sha256(out) == result["sha256"]
    model, card = load_weights(model_path(seed_config), out)
    assert card["seed"] == 13 and len(model.upper_layers) == 1

    again, report2 = tmp_path / "again.safetensors", tmp_path / "again.json"
    tiny = ["--limit", "24", "--val-limit", "8", "--epochs", "1", "--xquad", "en"]
    assert (
        main(
            tiny
            + [
                "--layers",
                "1",
                "--init",
                str(out),
                "--out",
                str(again),
                "--report",
                str(report2),
                "--windows",
                "1",
                "--windows-only",
                "--select",
                "f1_windows",
            ]
        )
        == 0
    )
    continued = json.loads(report2.read_text())
    assert continued["init"] == "reader.safetensors" and continued["history"][0]["loss"] > 0
    assert continued["train_windows"] < result["train_windows"]  # the windows without their paragraphs
    assert again.is_file() == (continued["best"]["epoch"] == 1)  # written only if an epoch beat the start
    assert continued["best"]["f1_windows"] == max(
        continued["before"]["f1_windows"], continued["history"][0]["f1_windows"]
    )


@pytest.mark.models  # builds the e5 folder before it reads the weights
def test_continuing_needs_the_same_layer_count(tmp_path, capsys):
    from qa.reader import WEIGHTS

    assert main(["--layers", "4", "--init", str(WEIGHTS), "--out", str(tmp_path / "x.safetensors")]) == 2
    assert "a 12-layer reader, not 4 (--layers)" in capsys.readouterr().err
