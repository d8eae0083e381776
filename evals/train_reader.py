"""Train the span reader: `make train-reader` (or `python -m evals.train_reader --help`).

Whatever stays frozen (the word embeddings always; the lower layers with `--layers` below 12) is
run once and its output cached; the layers above and the head are trained on batches grouped by
length. The epoch with the best validation F1 (PIAF's held-out fifth, closed setting: the gold
paragraph is given) is shipped as int8 with its checksum.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from index.config import Config
from index.embedding import model_path
from qa.reader import WEIGHTS, ReaderError, best_spans, encode_pairs, load_weights, new_span_model, save_weights
from qa.reading import window_bounds

from .metrics import exact, f1, mean
from .reader_data import (
    PIAF,
    Example,
    english_questions,
    piaf_split,
    sentence_ranges,
    squad_examples,
    with_negatives,
    with_windows,
    write_validation,
    xquad_examples,
)
from .splits import select


@dataclass
class Feature:
    hidden: object  # the frozen layers' output, float16, unpadded
    start: int  # token positions of the answer; 0/0 (the first token) when the window has none
    end: int


def _device():
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _batches(items: list, size: int, key) -> list[list]:
    ordered = sorted(items, key=key)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def cache_features(model, tokenizer, examples: list[Example], batch: int, device: str) -> list[Feature]:
    """Tokenise, find the answer's tokens, and run the frozen layers once."""
    import torch

    feats: list[Feature] = []
    for group in _batches(examples, batch, key=lambda e: len(e.question) + len(e.context)):
        enc = encode_pairs(tokenizer, [e.question for e in group], [e.context for e in group])
        keep, targets = [], []
        seen = set()
        for w, i in enumerate(enc["overflow_to_sample_mapping"].tolist()):
            ex = group[i]
            seq, offsets = enc.sequence_ids(w), enc["offset_mapping"][w].tolist()
            ctx = [t for t, s in enumerate(seq) if s == 1]
            if ex.answer_start is None:
                if i not in seen:
                    keep.append(w), targets.append((0, 0)), seen.add(i)
                continue
            a, b = ex.answer_start, ex.answer_start + len(ex.answers[0])
            if not ctx or offsets[ctx[0]][0] > a or offsets[ctx[-1]][1] < b:
                continue  # this window does not hold the answer: train on the one that does
            s = next(t for t in ctx if offsets[t][1] > a)
            e = next(t for t in reversed(ctx) if offsets[t][0] < b)
            keep.append(w), targets.append((s, e))
        if not keep:
            continue
        ids, mask = enc["input_ids"][keep].to(device), enc["attention_mask"][keep].to(device)
        with torch.inference_mode():
            hidden = model.lower(ids, mask).to(torch.float16).cpu()
        lengths = mask.sum(1).tolist()
        for row, (s, e) in enumerate(targets):
            feats.append(Feature(hidden[row, : lengths[row]].clone(), s, e))
    return feats


class Validation:
    """Closed-setting validation: the gold paragraph is given, read whole ("f1") and, with
    `sentences`, as `ask` reads it: one window per sentence with its neighbours, the span that
    beats its window's "no answer" by most ("f1_windows"). Frozen states cached once."""

    def __init__(
        self,
        model,
        tokenizer,
        examples: list[Example],
        batch: int,
        device: str,
        sentences: dict[str, list[tuple[int, int]]] | None = None,
    ):
        self.examples = examples
        self.paragraphs = _cache_readings(
            model, tokenizer, examples, list(enumerate(e.context for e in examples)), batch, device
        )
        self.windows = None
        if sentences:
            readings = [
                (i, e.context[a:b])
                for i, e in enumerate(examples)
                for a, b in {window_bounds(sentences[e.context], k) for k in range(len(sentences[e.context]))}
            ]
            self.windows = _cache_readings(model, tokenizer, examples, readings, batch, device)

    def score(self, model) -> dict:
        model.eval()
        out = {**self._score(model, self.paragraphs, lambda sp: sp.score), "questions": len(self.examples)}
        if self.windows:
            windows = self._score(model, self.windows, lambda sp: sp.margin)
            out.update(f1_windows=windows["f1"], em_windows=windows["em"])
        return out

    def _score(self, model, groups, key) -> dict:
        import torch

        best: dict[int, object] = {}
        with torch.inference_mode():
            for readings, enc, hidden, mask in groups:
                s, e = model.upper(hidden, mask)
                for (i, _), spans in zip(
                    readings, best_spans(enc, s.float().cpu(), e.float().cpu(), [text for _, text in readings])
                ):
                    if spans and (i not in best or key(spans[0]) > key(best[i])):
                        best[i] = spans[0]
        f1s, ems = [], []
        for i, ex in enumerate(self.examples):
            pred = best[i].text if i in best else ""
            f1s.append(max(f1(pred, g) for g in ex.answers))
            ems.append(max(float(exact(pred, g)) for g in ex.answers))
        return {"f1": round(100 * mean(f1s), 1), "em": round(100 * mean(ems), 1)}


def _figures(score: dict) -> str:
    return (
        f"F1 {score['f1']} EM {score['em']}, by sentence windows F1 {score.get('f1_windows')} "
        f"EM {score.get('em_windows')}"
    )


def _cache_readings(
    model, tokenizer, examples: list[Example], readings: list[tuple[int, str]], batch: int, device: str
) -> list:
    """(readings, encoding, frozen states, mask) per batch of (example index, context) pairs."""
    import torch

    groups = []
    for group in _batches(readings, batch, key=lambda r: len(examples[r[0]].question) + len(r[1])):
        enc = encode_pairs(tokenizer, [examples[i].question for i, _ in group], [text for _, text in group])
        ids, mask = enc["input_ids"].to(device), enc["attention_mask"].to(device)
        with torch.inference_mode():
            hidden = model.lower(ids, mask)
        groups.append((group, enc, hidden, mask))
    return groups


def _pad(feats: list[Feature], device: str):
    import torch

    n = max(f.hidden.shape[0] for f in feats)
    hidden = torch.zeros(len(feats), n, feats[0].hidden.shape[1])
    mask = torch.zeros(len(feats), n, dtype=torch.long)
    for i, f in enumerate(feats):
        hidden[i, : f.hidden.shape[0]] = f.hidden.float()
        mask[i, : f.hidden.shape[0]] = 1
    starts = torch.tensor([f.start for f in feats])
    ends = torch.tensor([f.end for f in feats])
    return hidden.to(device), mask.to(device), starts.to(device), ends.to(device)


def train(args) -> dict:
    import torch
    from transformers import AutoTokenizer, get_linear_schedule_with_warmup

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = _device()
    trunk = model_path(Config.from_env())
    if args.init:
        model, _ = load_weights(trunk, Path(args.init))
        if model.config.num_hidden_layers - model.split != args.layers:
            raise ReaderError(
                f"{args.init}: a {model.config.num_hidden_layers - model.split}-layer reader, "
                f"not {args.layers} (--layers)"
            )
        model = model.to(device)
    else:
        model = new_span_model(trunk, args.layers).to(device)
    tokenizer = AutoTokenizer.from_pretrained(trunk)
    train_articles, _ = piaf_split(PIAF)
    val_articles = select(json.loads(PIAF.read_text(encoding="utf-8"))["data"], "dev")  # never the test split
    extra = xquad_examples(args.xquad)
    if args.xquad_limit:
        extra = random.Random(args.seed).sample(extra, min(args.xquad_limit, len(extra)))
    train_ex = squad_examples(train_articles, "piaf") + extra
    english = english_questions() if args.piaf_en else {}
    if english:  # the product's core case: English questions over the same French paragraphs
        train_ex += squad_examples(train_articles, "piaf-en", english)
    if args.limit:
        train_ex = random.Random(args.seed).sample(train_ex, min(args.limit, len(train_ex)))
    train_ex = with_negatives(train_ex, args.negatives, args.seed)
    if args.windows:
        train_ex = with_windows(
            train_ex,
            sentence_ranges(sorted({e.context for e in train_ex})),
            args.windows,
            args.seed,
            keep_paragraphs=not args.windows_only,
        )
    val_ex = squad_examples(val_articles, "piaf") + squad_examples(val_articles, "piaf-en", english)
    if args.val_limit:
        val_ex = random.Random(args.seed).sample(val_ex, min(args.val_limit, len(val_ex)))
    print(
        f"train: {len(train_ex)} examples (negatives included), validation: {len(val_ex)} PIAF questions, "
        f"top {args.layers} layers, device {device}",
        flush=True,
    )

    t = time.perf_counter()
    feats = cache_features(model, tokenizer, train_ex, 32, device)
    validation = Validation(model, tokenizer, val_ex, 32, device, sentence_ranges(sorted({e.context for e in val_ex})))
    cache_s = time.perf_counter() - t
    print(f"frozen layers cached: {len(feats)} windows in {cache_s:.0f} s", flush=True)

    layer_params, optim = model.trainable(args.lr, args.head_lr)
    batches = _batches(feats, args.batch, key=lambda f: f.hidden.shape[0])
    steps = len(batches) * args.epochs
    sched = get_linear_schedule_with_warmup(optim, int(0.1 * steps), steps)
    rng = random.Random(args.seed)
    history, best, best_state = [], None, None
    base = validation.score(model)
    result = {
        "command": "python -m evals.train_reader " + " ".join(sys.argv[1:]),
        "seed": args.seed,
        "top_layers": args.layers,
        "epochs": args.epochs,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "batch": args.batch,
        "init": args.init and Path(args.init).name,
        "negatives": args.negatives,
        "xquad": args.xquad,
        "windows": args.windows,
        "windows_only": args.windows_only,
        "select": args.select,
        "xquad_limit": args.xquad_limit,
        "piaf_en": args.piaf_en,
        "device": device,
        "train_examples": len(train_ex),
        "train_windows": len(feats),
        "validation_questions": len(val_ex),
        "cache_s": round(cache_s, 1),
        "before": base,
        "history": history,
    }
    print(f"before training: validation {_figures(base)}", flush=True)
    if args.init:  # continued training keeps the weights it started from unless an epoch beats them
        best = result["best"] = {"epoch": 0, **base}
    for epoch in range(1, args.epochs + 1):
        t = time.perf_counter()
        model.train()
        rng.shuffle(batches)
        losses = []
        for group in tqdm(batches, desc=f"epoch {epoch}", unit="batch", mininterval=30, file=sys.stdout):
            hidden, mask, starts, ends = _pad(group, device)
            s, e = model.upper(hidden, mask)
            s, e = s.masked_fill(mask == 0, -1e4), e.masked_fill(mask == 0, -1e4)
            loss = (torch.nn.functional.cross_entropy(s, starts) + torch.nn.functional.cross_entropy(e, ends)) / 2
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(layer_params, 1.0)
            optim.step()
            sched.step()
            losses.append(loss.item())
        train_s = time.perf_counter() - t
        score = validation.score(model)
        history.append({"epoch": epoch, "loss": round(mean(losses), 4), "train_s": round(train_s, 1), **score})
        print(f"epoch {epoch}: loss {mean(losses):.3f}, {train_s:.0f} s, validation {_figures(score)}", flush=True)
        if best is None or score[args.select] > best[args.select]:
            best = result["best"] = history[-1]
            best_state = {k: v.detach().clone() for k, v in model.trained_state().items()}
            save_weights(model, Path(args.out), result)  # an interrupted run keeps its best epoch so far
    if best_state is None:
        print("no epoch beat the initial weights: nothing written", flush=True)
        return result
    model.load_state_dict(best_state, strict=False)
    model.cpu()
    digest = save_weights(model, Path(args.out), result)
    result["sha256"] = digest
    val_after = validation.score(model.to(device)) if args.check_int8 else None
    if val_after:
        result["int8"] = val_after
        print(f"shipped int8 weights: validation {_figures(val_after)}")
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.train_reader", description=__doc__.splitlines()[0])
    ap.add_argument("--layers", type=int, default=4, help="top layers to fine-tune (12 = all)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--init", help="continue from these reader weights (same --layers) instead of the bare trunk")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--xquad", default="en,es", help="XQuAD languages to add (comma-separated; '' for none)")
    ap.add_argument("--xquad-limit", type=int, help="sample this many XQuAD examples (CPU time)")
    ap.add_argument(
        "--negatives", type=float, default=0.2, help="share of questions also paired with another paragraph"
    )
    ap.add_argument(
        "--windows",
        type=float,
        default=0.0,
        help="share of questions also read as their answer's sentence window plus one without it",
    )
    ap.add_argument(
        "--windows-only",
        action="store_true",
        help="train on those sentence windows alone, not on the whole paragraphs (as `ask` reads)",
    )
    ap.add_argument(
        "--select",
        choices=("f1", "f1_windows"),
        default="f1",
        help="keep the epoch with the best closed F1 read whole (f1) or window by window, as `ask` reads",
    )
    ap.add_argument(
        "--piaf-en",
        action="store_true",
        help="also train (and validate) on PIAF's English questions over the same French paragraphs",
    )
    ap.add_argument("--limit", type=int, help="train on this many examples only (a quick run)")
    ap.add_argument("--val-limit", type=int, help="validate on this many questions only")
    ap.add_argument("--out", default=str(WEIGHTS))
    ap.add_argument("--report", help="write the training figures here as JSON")
    ap.add_argument("--check-int8", action="store_true", help="validate the shipped int8 weights too")
    ap.add_argument("--write-split", action="store_true", help="write evals/data/piaf/piaf-val.json and stop")
    args = ap.parse_args(argv)
    if args.write_split:
        print(write_validation())
        return 0
    args.xquad = [x for x in args.xquad.split(",") if x]
    try:
        result = train(args)
    except ReaderError as e:
        print(f"train-reader: {e}", file=sys.stderr)
        return 2
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps(result, indent=2))
    print(json.dumps(result["best"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
