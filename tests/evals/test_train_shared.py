"""Shared normalisation: the loss over a group's windows, near-miss questions, and a pack that
trains and writes weights the product loads."""

import random

import numpy as np
import pytest
import torch

from evals.reader_groups import Mined, near_misses, reading_group, training_group
from evals.reader_pack import Part
from evals.train_shared import shared_loss


def _batch(gold, start, end, slot, width):
    windows = max(w for row in slot for w in row) + 1
    mask = torch.ones(windows, width, dtype=torch.long)
    return {
        "gold": torch.tensor(gold),
        "start": torch.tensor(start),
        "end": torch.tensor(end),
        "slot": torch.tensor(slot),
        "mask": mask,
    }


def test_the_loss_is_one_softmax_over_all_windows_of_a_group():
    # one group, two windows of 4 tokens; the answer is token 2 of window 1
    b = _batch([1], [2], [2], [[0, 1]], 4)
    right = torch.full((2, 4), -5.0)
    right[1, 2] = 5.0
    wrong = right.clone()
    wrong[0, 3] = 9.0  # a better span in the other window: shared normalisation must count it
    assert shared_loss(right, right, b) < 0.01
    assert shared_loss(wrong, wrong, b) > 3.0


def test_no_answer_is_the_mass_on_every_windows_first_token():
    b = _batch([-1], [0], [0], [[0, 1]], 4)
    nulls = torch.full((2, 4), -5.0)
    nulls[0, 0] = nulls[1, 0] = 5.0
    spans = torch.full((2, 4), -5.0)
    spans[1, 2] = 5.0
    assert shared_loss(nulls, nulls, b) == pytest.approx(0.0, abs=1e-3)
    assert shared_loss(spans, spans, b) > 5.0


def test_a_padded_window_slot_takes_no_mass():
    b = _batch([0, 0], [1, 1], [1, 1], [[0, -1], [1, 2]], 3)
    s = torch.full((3, 3), -5.0)
    s[0, 1] = s[1, 1] = 5.0
    loss = shared_loss(s, s, b)
    assert torch.isfinite(loss) and loss < 0.01


def _mined(question="Qui représentait le Niger ?"):
    gold = "Le Niger était représenté par Bakary Yaou Sangare."
    other = "Le Mali était représenté par Abdoulaye Diop."
    third = "La réunion a eu lieu à Moscou."
    return Mined("q1", "piaf", question, ["Bakary Yaou Sangare"], gold, gold.index("Bakary"), [gold, other, third])


def test_training_groups_hold_the_gold_window_and_negatives_without_the_answer():
    m = _mined()
    g = training_group(m, random.Random(1), none_rate=0.0)
    assert g.windows[g.gold] == m.gold and len(g.windows) == 3
    assert g.windows[g.gold][g.answer_start :].startswith("Bakary")
    none = training_group(m, random.Random(1), none_rate=1.0)
    assert none.gold is None and m.gold not in none.windows and none.windows
    read = reading_group(m, 2)
    assert read.windows == m.retrieved[:2] and read.gold == 0


def test_near_misses_swap_a_name_and_drop_windows_that_name_the_new_one():
    m = _mined()
    article = {
        "title": "AES",
        "paragraphs": [{"context": " ".join([m.gold, *m.retrieved[1:]]), "qas": [{"id": "q1"}]}],
    }
    [miss] = near_misses([m], [article], rate=1.0, seed=1)
    assert miss.gold is None and "Niger" not in miss.question
    new = next(name for name in ("Mali", "Moscou") if name in miss.question)
    assert all(new not in w for w in miss.windows) and m.gold in miss.windows


def test_a_part_cuts_to_its_first_groups():
    part = Part(
        ids=np.arange(10, dtype=np.uint16),
        win_len=np.array([3, 2, 5], dtype=np.int32),
        group_size=np.array([2, 1], dtype=np.int32),
        gold=np.array([1, -1], dtype=np.int32),
        start=np.array([1, 0], dtype=np.int32),
        end=np.array([1, 0], dtype=np.int32),
    )
    assert part.windows() == [(0, 3), (3, 2), (5, 5)] and part.groups() == [(0, 2), (2, 1)]
    first = part.first(1)
    assert first.ids.tolist() == [0, 1, 2, 3, 4] and first.groups() == [(0, 2)]


def test_a_pack_trains_and_its_weights_load_in_the_product(tmp_path, seed_config):
    from transformers import AutoTokenizer

    from evals.reader_pack import read_pack, write_pack
    from evals.train_shared import _batch as batch_of
    from evals.train_shared import build_model
    from index.embedding import model_path
    from qa.reader import WEIGHTS, load_weights, new_span_model, save_weights

    trunk = model_path(seed_config)
    m = _mined()
    groups = [training_group(m, random.Random(i), none_rate=0.0) for i in range(4)]
    pack = write_pack(
        tmp_path / "pack",
        new_span_model(trunk, 12),
        AutoTokenizer.from_pretrained(trunk),
        {"train": groups, "dev_open": [reading_group(m)]},
    )
    tensors, meta, parts = read_pack(pack)
    model = build_model(tensors, meta, WEIGHTS, "cpu").eval()  # no dropout: the losses compare
    b = batch_of(parts["train"], [0, 1], "cpu")
    with torch.no_grad():
        before = shared_loss(*model(b["ids"], b["mask"]), b).item()
    optim = torch.optim.SGD(model.head.parameters(), lr=0.05)
    for _ in range(5):
        loss = shared_loss(*model(b["ids"], b["mask"]), b)
        optim.zero_grad()
        loss.backward()
        optim.step()
    with torch.no_grad():
        assert shared_loss(*model(b["ids"], b["mask"]), b).item() < before
    out = tmp_path / "reader.safetensors"
    save_weights(model, out, {"test": True}, trunk=meta["trunk"])
    loaded, card = load_weights(trunk, out)  # the pack's few word rows, the whole trunk's fingerprint
    assert card == {"test": True}
    assert torch.allclose(loaded.head.weight, model.head.weight, atol=1e-6)
