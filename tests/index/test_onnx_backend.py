"""The ONNX Runtime backend reproduces the torch embedder (exactly in float32, closely in int8)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.config import Config, ConfigError
from index.embedding import bulk_encoder, embed_queries, embed_texts, load_embedder, model_path, prompt

TEXTS = [
    "passage: Le ministre des Affaires étrangères du Niger, Bakary Yaou Sangare, a souligné l'importance "
    "historique de cette rencontre.",
    "query: Who represented Niger?",
    "query: rencontre",
    "passage: " + "Moscou a signé plusieurs accords de défense avec les trois pays du Sahel. " * 8,
]


@pytest.mark.parametrize("backend,floor", [("onnx", 0.9999), ("onnx-int8", 0.97)])
def test_onnx_vectors_match_torch(seed_config, backend, floor):
    cfg = seed_config.with_(embed_backend=backend)
    ref = load_embedder(cfg)._model.encode(TEXTS, normalize_embeddings=True)
    got = bulk_encoder(cfg).encode(TEXTS, batch_size=2, normalize_embeddings=True)
    assert got.shape == ref.shape
    assert np.min(np.sum(got * ref, axis=1)) >= floor


def test_onnx_encoders_hold_no_second_copy_of_the_table_or_tokenizer(seed_config):
    """Each copy would cost hundreds of MB in every process (384 MB table, 300 MB tokenizer)."""
    from index.embedding import query_encoder

    model = load_embedder(seed_config)._model
    for encoder in (bulk_encoder(seed_config.with_(embed_backend="onnx-int8")), query_encoder(seed_config)):
        assert encoder.tokenizer is model.tokenizer
        assert np.shares_memory(encoder.words, model[0].auto_model.embeddings.word_embeddings.weight.detach().numpy())


def test_without_torch_the_encoders_read_the_folder_files_and_give_the_same_vectors(seed_config):
    """What an ingest runs on: the table memory-mapped from model.safetensors, a tokenizer of its own."""
    from index.embedding import _file_parts
    from index.onnx_backend import OnnxEncoder

    path = model_path(seed_config)
    table, tokenizer = _file_parts.__wrapped__(path)
    assert isinstance(table, np.memmap)
    encoder = OnnxEncoder(Path(path), False, 2, table, tokenizer)
    model = load_embedder(seed_config)._model
    texts = TEXTS + ["passage: " + "Très long paragraphe. " * 400]  # past 512 tokens: cut like torch cuts it
    cut = {"truncation": True, "max_length": 512}
    assert tokenizer is not model.tokenizer
    assert tokenizer(texts, **cut)["input_ids"] == model.tokenizer(texts, **cut)["input_ids"]
    got = encoder.encode(texts, batch_size=2)
    assert np.min(np.sum(got * model.encode(texts, normalize_embeddings=True), axis=1)) >= 0.9999


def test_an_ingest_never_loads_the_torch_model(tmp_path, cli_env):
    """Its copy of the model costs 530 MB; an ingest needs only the table and tokenizer."""
    script = (
        "import sys; from index.config import Config; from index.ingest import Ingestor; "
        "import index.embedding as e; "
        "r = Ingestor(Config.from_env(index_dir=sys.argv[1])).run(['corpus'], progress=False); "
        "print(r.chunks_added, r.words_added, sorted(e._TORCH))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "index")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=cli_env,
        check=True,
    ).stdout.split()
    assert int(out[0]) == 10 and int(out[1]) > 0 and out[2:] == ["[]"]


def test_int8_documents_still_rank_the_right_paragraph_first(seed_config):
    cfg = seed_config.with_(embed_backend="onnx-int8")
    docs = [
        "Le ministre des Affaires étrangères du Niger, Bakary Yaou Sangare, a représenté son pays.",
        "Le président malien Assimi Goïta se rendra à Moscou en juin.",
        "Wagner se regroupe au sein de l'Africa Corps.",
    ]
    d = np.array(embed_texts(bulk_encoder(cfg), docs, prompt(cfg, "document"), 8))
    q = np.array(embed_queries(cfg, ["Who represented Niger?", "Quand Goïta ira-t-il à Moscou ?"]))
    assert list(np.argmax(q @ d.T, axis=1)) == [0, 1]


def test_unknown_backend_is_one_clear_error():
    with pytest.raises(ConfigError, match="ARTICLE_QA_EMBED_BACKEND='fast'"):
        Config.from_env({"ARTICLE_QA_EMBED_BACKEND": "fast"})


def test_batches_group_by_length_within_the_token_budget():
    """Long passages go a few at a time (attention memory grows with batch x tokens^2)."""
    from index.onnx_backend import _batches

    lengths = [500, 12, 480, 30, 8, 510, 14, 300]
    batches = _batches(lengths, batch_size=3, token_budget=1024)
    assert sorted(int(i) for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        assert len(b) <= 3 and (len(b) == 1 or len(b) * max(lengths[i] for i in b) <= 1024)
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(flat)
    assert [len(b) for b in batches] == [3, 2, 2, 1]


def test_an_empty_list_encodes_to_no_vectors(seed_config):
    assert len(bulk_encoder(seed_config).encode([], batch_size=4)) == 0
