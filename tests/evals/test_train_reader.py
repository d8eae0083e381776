"""The training script end to end on a tiny subset: a few real steps, a loadable int8 file, a report."""
import json

from evals.train_reader import main
from qa.reader import checksum_path, file_sha256, load_weights


def test_training_runs_end_to_end_on_a_tiny_subset(tmp_path, seed_config):
    from index.embedding import model_path

    out, report = tmp_path / "reader.safetensors", tmp_path / "train.json"
    assert main(["--limit", "24", "--val-limit", "8", "--epochs", "1", "--layers", "1", "--xquad", "en",
                 "--out", str(out), "--report", str(report)]) == 0
    result = json.loads(report.read_text())
    assert result["train_windows"] >= 24 and result["history"][0]["questions"] == 8
    assert result["history"][0]["loss"] > 0 and result["top_layers"] == 1
    assert checksum_path(out).read_text().split()[0] == file_sha256(out) == result["sha256"]
    model, card = load_weights(model_path(seed_config), out)
    assert card["seed"] == 13 and len(model.upper_layers) == 1
