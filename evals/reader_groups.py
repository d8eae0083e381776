"""Training groups for the span reader's shared normalisation (Clark & Gardner 2018).

A group is one question with the sentence windows `ask` would read for it: the window that holds
the answer and hard negatives. For PIAF the negatives are the windows the product's own retrieval
and sentence ranking put first for that question (other paragraphs, other articles), mined once
per split on an index of that split alone; for XQuAD, other windows of the same article. Some
groups keep only the negatives: the answer is then "none of these", which teaches the pooled
no-answer score on exactly the windows where a wrong answer would come from. Written as JSONL
under `cache/reader-groups/`, so training reruns cost nothing here.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import asdict, dataclass

from tqdm import tqdm

from index.config import Config
from qa.params import PARAMS
from qa.reading import window_bounds

from .reader_data import PIAF, Example, _load, english_questions, sentence_ranges, squad_examples
from .splits import select

MINED = PARAMS.windows + 1  # retrieved windows kept per question: the ones `ask` reads and one more
NEGATIVES = 3  # negative windows per group


@dataclass
class Mined:
    """One question with the window that holds its answer and the windows retrieval put first."""

    qid: str
    source: str
    question: str
    answers: list[str]
    gold: str
    answer_start: int  # in `gold`
    retrieved: list[str]  # best first


@dataclass
class Group:
    qid: str
    source: str
    question: str
    windows: list[str]
    gold: int | None  # which window holds the answer; None: none does (the target is "no answer")
    answer_start: int | None  # in the gold window
    answers: list[str]


def gold_window(ex: Example, sentences: list[tuple[int, int]]) -> tuple[str, int] | None:
    """The answer's sentence with one either side, and the answer's offset in it."""
    a, b = ex.answer_start, ex.answer_start + len(ex.answers[0])
    home = next((i for i, (s, e) in enumerate(sentences) if s <= a < e), None)
    if home is None:
        return None
    start, end = window_bounds(sentences, home)
    if not (start <= a and b <= end):  # the answer runs past the window: a longer one
        end = sentences[next(i for i, (_, e) in enumerate(sentences) if e >= b)][1]
    return ex.context[start:end], a - start


def _holds_answer(text: str, answers) -> bool:
    low = text.lower()
    return any(x.lower() in low for x in answers)


def training_group(m: Mined, rng: random.Random, none_rate: float) -> Group:
    """The gold window and up to NEGATIVES retrieved windows without the answer; or, for a share
    `none_rate`, those negatives alone (target: no answer)."""
    negs = [w for w in dict.fromkeys(m.retrieved) if w != m.gold and not _holds_answer(w, m.answers)][:NEGATIVES]
    if negs and rng.random() < none_rate:
        return Group(m.qid + "-none", m.source, m.question, negs, None, None, m.answers)
    windows = [*negs, m.gold]
    rng.shuffle(windows)
    return Group(m.qid, m.source, m.question, windows, windows.index(m.gold), m.answer_start, m.answers)


def reading_group(m: Mined, n: int = PARAMS.windows) -> Group:
    """The windows `ask` reads for the question, as it reads them (for open validation)."""
    windows = m.retrieved[:n]
    gold = next((i for i, w in enumerate(windows) if _holds_answer(w, m.answers)), None)
    return Group(m.qid, m.source, m.question, windows, gold, None, m.answers)


def split_pipeline(cfg: Config, split: str):
    """A rules-only pipeline over an index of one PIAF split (built once, as `eval --split` does)."""
    from qa.pipeline import Pipeline

    from .cli import _ingest
    from .squad import file_digest, squad_to_corpus

    cfg = cfg.with_(index_dir=cfg.cache_dir / "squad" / f"{file_digest(PIAF)}-{split}", reader="rules")
    corpus, _ = squad_to_corpus(PIAF, cfg.index_dir / "corpus", split=split)
    _ingest(cfg, [corpus])
    return Pipeline(cfg).warm_up()


def retrieved_windows(pipeline, question: str, n: int = MINED) -> list[str]:
    """The sentence windows `ask` would read for this question, best first."""
    from qa.reading import windows

    _, _, draft, _ = pipeline.draft(question)
    return [ev.hit.text[a:b] for ev, a, b in windows(draft.evidence or [], n)]


def mine_piaf(cfg: Config, split: str) -> list[Mined]:
    articles = select(_load(PIAF), split)
    english = english_questions()
    examples = squad_examples(articles, "piaf") + squad_examples(articles, "piaf-en", english)
    sentences = sentence_ranges(sorted({e.context for e in examples}))
    pipeline = split_pipeline(cfg, split)
    out = []
    for ex in tqdm(examples, desc=f"mining {split}", unit="q", mininterval=30, file=sys.stdout):
        gold = gold_window(ex, sentences[ex.context])
        if gold is not None:
            out.append(_mined(ex, gold, retrieved_windows(pipeline, ex.question)))
    return out


def _mined(ex: Example, gold: tuple[str, int], retrieved: list[str]) -> Mined:
    return Mined(ex.qid, ex.source, ex.question, list(ex.answers), gold[0], gold[1], retrieved)


def mine_xquad(langs: list[str], seed: int, question_lang: str = "en") -> list[Mined]:
    """Each language's own questions and `question_lang`'s over its paragraphs; negatives are
    other windows of the same article."""
    from .reader_data import xquad_examples

    examples = xquad_examples(langs, question_lang)
    sentences = sentence_ranges(sorted({e.context for e in examples}))
    by_article: dict[tuple[str, str], list[str]] = {}
    for ex in examples:
        sents = sentences[ex.context]
        wins = by_article.setdefault((ex.source, ex.group), [])
        wins += [w for w in (ex.context[slice(*window_bounds(sents, i))] for i in range(len(sents))) if w not in wins]
    rng = random.Random(seed)
    out = []
    for ex in examples:
        gold = gold_window(ex, sentences[ex.context])
        if gold is None:
            continue
        pool = by_article[(ex.source, ex.group)]
        out.append(_mined(ex, gold, rng.sample(pool, min(len(pool), 2 * NEGATIVES))))
    return out


def cached(cfg: Config, name: str, make) -> list[Mined]:
    """Mined questions cached under cache/reader-groups/NAME.jsonl (mined once)."""
    path = cfg.cache_dir / "reader-groups" / f"{name}.jsonl"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(asdict(m), ensure_ascii=False) + "\n" for m in make()), encoding="utf-8")
        tmp.replace(path)
    return [Mined(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def near_misses(mined: list[Mined], articles: list[dict], rate: float, seed: int) -> list[Group]:
    """Unanswerable questions made from real ones, as SQuAD 2.0's annotators wrote theirs: a name
    in the question (one the article's entity tagger found) swapped for another name of the same
    kind from the same article, asked over the gold and retrieved windows that do not mention the
    new name. "Who represented Niger?" becomes "Who represented Mali?" over Niger's sentence: the
    target is no answer. `articles`: the SQuAD articles the questions come from."""
    from index.nlp import parse_paragraphs

    article_of = {str(qa["id"]): a["title"] for a in articles for p in a["paragraphs"] for qa in p["qas"]}
    names: dict[str, dict[str, set[str]]] = {}
    for a in articles:
        contexts = [p["context"] for p in a["paragraphs"]]
        pool = names.setdefault(a["title"], {})
        for sents in parse_paragraphs("train", contexts):
            for e in (e for s in sents for e in s.entities if len(e.text) > 2):
                pool.setdefault(e.label, set()).add(e.text)
    rng = random.Random(seed)
    out = []
    for m in mined:
        pool = names.get(article_of.get(m.qid, ""), {})
        found = sorted(
            ((t, label) for label, ts in pool.items() for t in ts if t in m.question), key=lambda x: -len(x[0])
        )
        if not found or rng.random() >= rate:
            continue
        old, label = found[0]
        others = sorted(t for t in pool[label] if t.lower() not in m.question.lower() and old not in t and t not in old)
        if not others:
            continue
        new = rng.choice(others)
        windows = [w for w in dict.fromkeys([m.gold, *m.retrieved]) if new.lower() not in w.lower()][: NEGATIVES + 1]
        if windows:
            out.append(Group(m.qid + "-miss", m.source, m.question.replace(old, new), windows, None, None, m.answers))
    return out
