"""A self-contained pack for training the span reader on groups of windows, small enough to travel
with the repository to a GPU machine (about 25 MB): the groups tokenised, only the rows of the
frozen word table they use (int8, one scale per row), the rest of the embeddings, the trunk's
config and fingerprint. Training from it needs numpy, torch and transformers alone: no trunk
folder, tokenizer, spaCy or index (`evals/train_shared.py`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .reader_groups import Group


@dataclass
class Part:
    """One list of groups, tokenised: windows concatenated, groups as runs of windows."""

    ids: np.ndarray  # token ids (into the pack's word rows), all windows end to end
    win_len: np.ndarray  # tokens per window
    group_size: np.ndarray  # windows per group
    gold: np.ndarray  # per group: which of its windows holds the answer, -1 for none
    start: np.ndarray  # per group: answer's first and last token in the gold window
    end: np.ndarray
    offsets: np.ndarray | None = None  # per token (validation parts): character range in its window
    context: np.ndarray | None = None  # per token: 1 where it belongs to the window (not the question)

    def windows(self) -> list[tuple[int, int]]:
        """(first token, length) of every window."""
        ends = np.cumsum(self.win_len)
        return list(zip((ends - self.win_len).tolist(), self.win_len.tolist()))

    def first(self, n: int) -> Part:
        """The first n groups alone (a quick run)."""
        windows = int(self.group_size[:n].sum())
        tokens = int(self.win_len[:windows].sum())
        cut = {"ids": tokens, "win_len": windows, "group_size": n, "gold": n, "start": n, "end": n}
        cut |= {"offsets": tokens, "context": tokens}
        fields = {k: getattr(self, k) for k in cut}
        return Part(**{k: None if v is None else v[: cut[k]] for k, v in fields.items()})

    def groups(self) -> list[tuple[int, int]]:
        """(first window, number of windows) of every group."""
        ends = np.cumsum(self.group_size)
        return list(zip((ends - self.group_size).tolist(), self.group_size.tolist()))


def _targets(offsets: list, seq: list, a: int, b: int) -> tuple[int, int] | None:
    ctx = [t for t, s in enumerate(seq) if s == 1]
    if not ctx or offsets[ctx[0]][0] > a or offsets[ctx[-1]][1] < b:
        return None
    return next(t for t in ctx if offsets[t][1] > a), next(t for t in reversed(ctx) if offsets[t][0] < b)


def tokenise(tokenizer, groups: list[Group], keep_offsets: bool) -> tuple[dict, list[Group]]:
    """Arrays for a Part (ids still the tokenizer's) and the groups kept (a gold answer that falls
    outside its window's first 384 tokens drops the group)."""
    from qa.reader import encode_pairs

    ids, win_len, sizes, gold, starts, ends, offs, ctxs, kept = [], [], [], [], [], [], [], [], []
    for g in groups:
        enc = encode_pairs(tokenizer, [g.question] * len(g.windows), g.windows, tensors="np")
        first = {}
        for w, i in enumerate(enc["overflow_to_sample_mapping"].tolist()):
            first.setdefault(i, w)  # a window too long for the reader is read from its start
        target = (0, 0)
        if g.gold is not None and g.answer_start is not None:
            w = first[g.gold]
            a = g.answer_start
            target = _targets(enc["offset_mapping"][w].tolist(), enc.sequence_ids(w), a, a + len(g.answers[0]))
            if target is None:
                continue
        for i in range(len(g.windows)):
            w = first[i]
            n = int(enc["attention_mask"][w].sum())
            ids.append(enc["input_ids"][w][:n])
            win_len.append(n)
            if keep_offsets:
                offs.append(enc["offset_mapping"][w][:n])
                ctxs.append(np.array([s == 1 for s in enc.sequence_ids(w)][:n], dtype=np.uint8))
        sizes.append(len(g.windows))
        gold.append(-1 if g.gold is None or g.answer_start is None else g.gold)
        starts.append(target[0]), ends.append(target[1])
        kept.append(g)
    arrays = {
        "ids": np.concatenate(ids),
        "win_len": np.array(win_len, dtype=np.int32),
        "group_size": np.array(sizes, dtype=np.int32),
        "gold": np.array(gold, dtype=np.int32),
        "start": np.array(starts, dtype=np.int32),
        "end": np.array(ends, dtype=np.int32),
    }
    if keep_offsets:
        arrays["offsets"] = np.concatenate(offs).astype(np.int32)
        arrays["context"] = np.concatenate(ctxs)
    return arrays, kept


def write_pack(out: Path, model, tokenizer, parts: dict[str, list[Group]]) -> Path:
    """Tokenise each part's groups and write `pack.npz` and `pack.json` into `out`."""
    tokenised = {name: tokenise(tokenizer, groups, name != "train") for name, groups in parts.items()}
    used = np.unique(np.concatenate([arrays["ids"] for arrays, _ in tokenised.values()]))
    emb = model.embeddings
    table = emb.word_embeddings.weight.detach().float().numpy()[used]
    scale = np.maximum(np.abs(table).max(axis=1), 1e-12) / 127.0
    tensors = {
        "words.q": np.round(table / scale[:, None]).astype(np.int8),
        "words.scale": scale.astype(np.float32),
        "position": emb.position_embeddings.weight.detach().float().numpy().astype(np.float16),
        "token_type": emb.token_type_embeddings.weight.detach().float().numpy()[:1],
        "norm.weight": emb.LayerNorm.weight.detach().float().numpy(),
        "norm.bias": emb.LayerNorm.bias.detach().float().numpy(),
    }
    meta: dict = {"config": model.config.to_dict(), "trunk": model.trunk_fingerprint(), "words": len(used), "parts": {}}
    for name, (arrays, groups) in tokenised.items():
        arrays["ids"] = np.searchsorted(used, arrays["ids"]).astype(np.uint16 if len(used) < 65536 else np.int32)
        tensors.update({f"{name}.{k}": v for k, v in arrays.items()})
        meta["parts"][name] = [
            {"qid": g.qid, "source": g.source, "answers": g.answers}
            | ({"windows": g.windows} if name != "train" else {})
            for g in groups
        ]
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "pack.npz", **tensors)
    (out / "pack.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return out


def read_pack(path: Path) -> tuple[dict[str, np.ndarray], dict, dict[str, Part]]:
    """(embedding tensors, metadata, parts)."""
    with np.load(Path(path) / "pack.npz") as z:
        tensors = {k: z[k] for k in z.files}
    meta = json.loads((Path(path) / "pack.json").read_text(encoding="utf-8"))
    parts = {}
    for name in meta["parts"]:
        fields = {k.split(".", 1)[1]: v for k, v in tensors.items() if k.startswith(name + ".")}
        parts[name] = Part(**fields)
    return tensors, meta, parts


def main(argv=None) -> int:
    """Mine (once, cached) and pack: PIAF's train split (French and English questions) and XQuAD
    for training, the dev split for validation. Never the test split."""
    import argparse
    import random
    from datetime import date

    from transformers import AutoTokenizer

    from index.config import Config
    from index.embedding import model_path
    from qa.reader import new_span_model

    from .reader_data import PIAF, _load
    from .reader_groups import Group, cached, mine_piaf, mine_xquad, near_misses, reading_group, training_group
    from .splits import select

    ap = argparse.ArgumentParser(prog="python -m evals.reader_pack", description=main.__doc__.splitlines()[0])
    ap.add_argument("--out", default="out/reader/pack")
    ap.add_argument("--xquad", default="en,es,de", help="XQuAD languages (with English questions over each)")
    ap.add_argument("--none-rate", type=float, default=0.25, help="share of groups that keep only negatives")
    ap.add_argument(
        "--near-misses", type=float, default=0.0, help="share of PIAF questions also asked with a name swapped"
    )
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    cfg = Config.from_env()
    langs = [x for x in args.xquad.split(",") if x]
    train = cached(cfg, "piaf-train", lambda: mine_piaf(cfg, "train"))
    piaf_train = list(train)
    if langs:
        train += cached(cfg, "xquad-" + "-".join(langs), lambda: mine_xquad(langs, args.seed))
    dev = cached(cfg, "piaf-dev", lambda: mine_piaf(cfg, "dev"))
    rng = random.Random(args.seed)
    parts = {
        "train": [training_group(m, rng, args.none_rate) for m in train],
        "dev_open": [reading_group(m) for m in dev],
        "dev_closed": [Group(m.qid, m.source, m.question, [m.gold], 0, m.answer_start, m.answers) for m in dev],
    }
    if args.near_misses:
        articles = _load(PIAF)
        parts["train"] += near_misses(piaf_train, select(articles, "train"), args.near_misses, args.seed)
        parts["dev_miss"] = near_misses(dev, select(articles, "dev"), 1.0, args.seed)
    trunk = model_path(cfg)
    out = write_pack(Path(args.out), new_span_model(trunk, 12), AutoTokenizer.from_pretrained(trunk), parts)
    meta = json.loads((out / "pack.json").read_text(encoding="utf-8"))
    meta["made"] = {
        "date": date.today().isoformat(),
        "command": "python -m evals.reader_pack " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    (out / "pack.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    print(
        f"{out}: {', '.join(f'{k} {len(v)} groups' for k, v in parts.items())}; {meta['words']} word rows; {size:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
