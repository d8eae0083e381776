"""Train the span reader with shared normalisation across windows, from a pack (`evals/reader_pack.py`).

Each group's windows are scored as one softmax over all their tokens, every window's first token
standing for "no answer here" (Clark & Gardner 2018): the target is the answer's start and end in
its window or, where no window holds it, the mass on the first tokens. Scores then compare across
windows, so `ask` reads its windows in one batch and takes the best span overall. Each epoch is
checkpointed (`--resume` goes on from the last one); the epoch with the best open F1 on the dev
split (the windows `ask` reads, French and English questions) is written. A GPU is used when present.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from qa.reader import WEIGHTS, best_spans, file_sha256, pooled_null, read_trained, save_weights

from .metrics import exact, f1, mean
from .reader_pack import Part, read_pack

NEG = -1e4


def build_model(tensors: dict, meta: dict, init: Path | dict, device: str):
    """The reader on the pack's word rows, its layers and head from `init` (a weights file or
    the state read from one)."""
    import torch
    from transformers import AutoModel, BertConfig

    from qa.reader import _span_model_class

    config = BertConfig.from_dict({**meta["config"], "vocab_size": meta["words"]})
    bert = AutoModel.from_config(config, attn_implementation="sdpa")
    model = _span_model_class()(bert, config.num_hidden_layers)
    emb = model.embeddings
    with torch.no_grad():
        words = tensors["words.q"].astype(np.float32) * tensors["words.scale"][:, None]
        emb.word_embeddings.weight.copy_(torch.from_numpy(words))
        emb.position_embeddings.weight.copy_(torch.from_numpy(tensors["position"].astype(np.float32)))
        emb.token_type_embeddings.weight[0].copy_(torch.from_numpy(tensors["token_type"][0]))
        emb.LayerNorm.weight.copy_(torch.from_numpy(tensors["norm.weight"]))
        emb.LayerNorm.bias.copy_(torch.from_numpy(tensors["norm.bias"]))
    state = init if isinstance(init, dict) else read_trained(init)[1]
    model.load_state_dict(state, strict=False)
    return model.to(device)


def _batch(part: Part, groups: list[int], device: str):
    """Padded windows of these groups, each group's window slots, and targets."""
    import torch

    wins, gfirst = part.windows(), part.groups()
    slots, rows = [], []
    for g in groups:
        first, n = gfirst[g]
        slots.append(list(range(len(rows), len(rows) + n)))
        rows += [wins[w] for w in range(first, first + n)]
    width = max(n for _, n in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for r, (start, n) in enumerate(rows):
        ids[r, :n], mask[r, :n] = part.ids[start : start + n], 1
    k = max(len(s) for s in slots)
    slot = np.full((len(groups), k), -1, dtype=np.int64)
    for i, s in enumerate(slots):
        slot[i, : len(s)] = s
    t = {"ids": ids, "mask": mask, "slot": slot}
    t |= {name: getattr(part, name)[groups].astype(np.int64) for name in ("gold", "start", "end")}
    return {name: torch.from_numpy(v).to(device) for name, v in t.items()}


def shared_loss(s, e, b):
    """Negative log-likelihood of the answer (or of "no answer") over all windows of each group."""
    import torch

    width = s.shape[1]
    out = 0.0
    for logits, target in ((s, b["start"]), (e, b["end"])):
        logits = logits.float().masked_fill(b["mask"] == 0, NEG)
        grouped = logits[b["slot"].clamp(min=0)].masked_fill((b["slot"] < 0)[..., None], NEG)  # [G, K, T]
        logp = torch.log_softmax(grouped.flatten(1), dim=1)
        answered = b["gold"] >= 0
        pos = (b["gold"].clamp(min=0) * width + target)[:, None]
        nll_answer = -logp.gather(1, pos)[:, 0]
        nulls = logp[:, ::width].masked_fill(b["slot"] < 0, -math.inf)
        nll_none = -torch.logsumexp(nulls, dim=1)
        out = out + torch.where(answered, nll_answer, nll_none).mean() / 2
    return out


class _Encoding(dict):
    """What `best_spans` reads of a tokenizer encoding, rebuilt from a pack's validation part."""

    def __init__(self, offsets: list[np.ndarray], context: list[np.ndarray], width: int):
        super().__init__(overflow_to_sample_mapping=list(range(len(offsets))), offset_mapping=offsets)
        self._context, self._width = context, width

    def sequence_ids(self, w: int) -> list[int | None]:
        ids = [1 if c else None for c in self._context[w]]
        return ids + [None] * (self._width - len(ids))


def logits(model, part: Part, device: str, batch: int = 64) -> list[tuple[np.ndarray, np.ndarray]]:
    """Start and end logits of every window of a part."""
    import torch

    out = []
    model.eval()
    groups = list(range(len(part.group_size)))
    with torch.inference_mode():
        for i in range(0, len(groups), batch):
            b = _batch(part, groups[i : i + batch], device)
            s, e = model(b["ids"], b["mask"])
            lengths = b["mask"].sum(1).tolist()
            s, e = s.float().cpu().numpy(), e.float().cpu().numpy()
            out += [(s[r, :n], e[r, :n]) for r, n in enumerate(lengths)]
    return out


def _padded(rows: list[np.ndarray], width: int) -> np.ndarray:
    return np.stack([np.pad(x, (0, width - len(x)), constant_values=NEG) for x in rows])


def score(model, part: Part, info: list[dict], device: str) -> dict:
    """F1 / EM of the best span over each group's windows, by source (piaf: French questions,
    piaf-en: English), and how often the pooled "no answer" would win."""
    per_window = logits(model, part, device)
    wins, starts = part.windows(), np.cumsum(part.win_len) - part.win_len
    by_source: dict[str, dict[str, list[float]]] = {}
    for (first, n), g in zip(part.groups(), info):
        offsets = [part.offsets[starts[w] : starts[w] + wins[w][1]] for w in range(first, first + n)]
        context = [part.context[starts[w] : starts[w] + wins[w][1]] for w in range(first, first + n)]
        s = [per_window[w][0] for w in range(first, first + n)]
        e = [per_window[w][1] for w in range(first, first + n)]
        width = max(len(x) for x in s)
        spans = [
            sp
            for per in best_spans(
                _Encoding(offsets, context, width), _padded(s, width), _padded(e, width), g["windows"]
            )
            for sp in per
        ]
        best = max(spans, key=lambda sp: sp.score, default=None)
        text = best.text if best else ""
        null = pooled_null([float(a[0] + b[0]) for a, b in zip(s, e)])
        row = by_source.setdefault(g["source"], {"f1": [], "em": [], "null": []})
        row["f1"].append(max(f1(text, a) for a in g["answers"]))
        row["em"].append(max(float(exact(text, a)) for a in g["answers"]))
        row["null"].append(float(best is None or null > best.score))
    return {
        src: {k: round(100 * mean(v), 1) for k, v in row.items()} | {"questions": len(row["f1"])}
        for src, row in sorted(by_source.items())
    }


def _selection(figures: dict) -> float:
    return mean([row["f1"] for row in figures["dev_open"].values()])


def train_one(args, tensors, meta, parts, init: dict, lr: float, device: str, log) -> tuple[dict, dict | None]:
    import torch
    from transformers import get_linear_schedule_with_warmup

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = build_model(tensors, meta, init, device)
    layers, optim = model.trainable(lr, lr * 10)
    train = parts["train"]
    sizes = np.array([train.win_len[f : f + n].sum() for f, n in train.groups()])
    order = np.argsort(sizes, kind="stable").tolist()
    batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
    steps = len(batches) * args.epochs
    sched = get_linear_schedule_with_warmup(optim, int(0.1 * steps), steps)
    ckpt = Path(args.checkpoints) / f"lr{lr:g}-seed{args.seed}.ckpt"
    ckpt.parent.mkdir(parents=True, exist_ok=True)
    start_epoch, history, best = 1, [], None
    if args.resume and ckpt.is_file():
        saved = torch.load(ckpt, map_location=device, weights_only=False)
        model.load_state_dict(saved["model"], strict=False)
        optim.load_state_dict(saved["optim"]), sched.load_state_dict(saved["sched"])
        start_epoch, history, best = saved["epoch"] + 1, saved["history"], saved["best"]
        log(f"lr {lr:g}: resumed after epoch {saved['epoch']}")
    if best is None:
        best = {"epoch": 0, **_validate(model, parts, meta, device)}
        log(f"lr {lr:g}: before training {json.dumps(best)}")
    best_state = None
    rng = random.Random(args.seed)
    for epoch in range(start_epoch, args.epochs + 1):
        t = time.perf_counter()
        model.train()
        rng.shuffle(batches)
        losses = []
        for groups in tqdm(batches, desc=f"lr {lr:g} epoch {epoch}", unit="batch", mininterval=30, file=sys.stdout):
            b = _batch(train, groups, device)
            s, e = model(b["ids"], b["mask"])
            loss = shared_loss(s, e, b)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(layers, 1.0)
            optim.step()
            sched.step()
            losses.append(loss.item())
        row = {"epoch": epoch, "loss": round(mean(losses), 4), "train_s": round(time.perf_counter() - t, 1)}
        row |= _validate(model, parts, meta, device)
        history.append(row)
        log(f"lr {lr:g}: {json.dumps(row)}")
        if _selection(row) > _selection(best):
            best = row
            best_state = {k: v.detach().cpu().clone() for k, v in model.trained_state().items()}
        trained = {k: v.detach().cpu() for k, v in model.trained_state().items()}
        state = {"model": trained, "optim": optim.state_dict(), "sched": sched.state_dict()}
        torch.save(state | {"epoch": epoch, "history": history, "best": best}, ckpt)
    result = {"lr": lr, "history": history, "best": best}
    if best_state is not None:
        model.load_state_dict(best_state, strict=False)
        return result, model
    return result, None


def _validate(model, parts, meta, device) -> dict:
    return {name: score(model, part, meta["parts"][name], device) for name, part in parts.items() if name != "train"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.train_shared", description=__doc__.splitlines()[0])
    ap.add_argument("--pack", required=True, help="folder written by `python -m evals.make_pack`")
    ap.add_argument("--init", default=str(WEIGHTS), help="reader weights to start from")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", default="3e-5", help="layer learning rates to try (comma-separated); the head's is 10x")
    ap.add_argument("--batch", type=int, default=16, help="groups per step")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--resume", action="store_true", help="go on from each run's last checkpointed epoch")
    ap.add_argument("--limit", type=int, help="use the first N groups of each part only (a quick run)")
    ap.add_argument("--checkpoints", default="out/reader/checkpoints", help="where each epoch is checkpointed")
    ap.add_argument("--out", default="out/reader/shared.safetensors")
    ap.add_argument("--report", default="out/reader/shared.json")
    args = ap.parse_args(argv)
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    tensors, meta, parts = read_pack(Path(args.pack))
    if args.limit:
        parts = {name: part.first(args.limit) for name, part in parts.items()}
        meta["parts"] = {name: info[: args.limit] for name, info in meta["parts"].items()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    log_path = Path(args.report).with_suffix(".log")
    log_path.parent.mkdir(parents=True, exist_ok=True)

    def log(line: str) -> None:
        print(line, flush=True)
        with log_path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    log(f"device {device}; train groups {len(parts['train'].group_size)}; words {meta['words']}")
    report = {"command": "python -m evals.train_shared " + " ".join(sys.argv[1:]), "device": device, "runs": []}
    _, init = read_trained(Path(args.init))  # read once: --out may be the same file
    init_sha256 = file_sha256(Path(args.init))
    for lr in [float(x) for x in args.lr.split(",")]:
        result, model = train_one(args, tensors, meta, parts, init, lr, device, log)
        report["runs"].append(result)
        chosen = report.get("chosen")
        if model is not None and (chosen is None or _selection(result["best"]) > _selection(chosen)):
            card = {"shared_normalisation": True, "lr": lr, "best": result["best"], "pack": meta.get("made")}
            card["init_sha256"] = init_sha256
            report["sha256"] = save_weights(model.cpu(), Path(args.out), card, trunk=meta["trunk"])
            report["chosen"] = {"lr": lr, **result["best"]}  # written now: a run cut short keeps it
            log(f"written: lr {lr:g}, epoch {result['best']['epoch']}")
        Path(args.report).write_text(json.dumps(report, indent=2))
    if "chosen" not in report:
        log("no epoch beat the initial weights: nothing written")
    Path(args.report).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
