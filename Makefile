# article-qa: `make serve` to use it, `make test` to check it. Everything else is below.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
AQA := $(VENV)/bin/article-qa
STAMP := $(VENV)/.installed
export ARTICLE_QA_INDEX ?= .article-qa/index

.PHONY: install test serve ingest eval-seed eval-piaf eval-piaf-val space-mean eval-baseline bench bench-ingest bench-ui train-reader screenshot clean

install: $(STAMP)

# torch first (the CPU build), then the locked set, then this project (editable).
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

test: install
	$(PY) -m pytest

serve: install
	$(AQA) serve

ingest: install
	$(AQA) ingest corpus

# The seed suite against the seed corpus, in an index of its own; report in out/seed/.
eval-seed: install
	$(AQA) eval evals/suites/seed.jsonl --corpus corpus --index .article-qa/eval-seed \
	  --json out/seed/results.json --report out/seed --gate

# PIAF dev (French SQuAD): its contexts become a corpus in its own index.
eval-piaf: install
	$(AQA) eval --squad evals/data/piaf/piaf-v1.0-dev.json --json out/piaf/results.json --report out/piaf --baseline

# The reader's held-out PIAF fifth, open setting (its articles are the corpus), rules and reader side by side.
eval-piaf-val: install
	$(AQA) eval --squad evals/data/piaf/piaf-val.json --reader rules --json out/piaf-val/rules.json
	$(AQA) eval --squad evals/data/piaf/piaf-val.json --reader reader --json out/piaf-val/reader.json
	$(AQA) eval --squad evals/data/piaf/piaf-val.json --reader both --json out/piaf-val/both.json --report out/piaf-val

# Train the span reader into qa/models/, figures in out/reader/ (seeded; on 2 CPU cores: all 12 layers
# ~57 min, continued ~38 min, then an epoch with sentence windows ~30 min).
CONTINUE = $(PY) -m evals.train_reader --layers 12 --init qa/models/reader.safetensors --xquad en,es --xquad-limit 2400 --check-int8
train-reader: install
	$(PY) -m evals.train_reader --layers 12 --epochs 3 --xquad en,es --xquad-limit 2400 --check-int8 --report out/reader/train.json
	$(CONTINUE) --epochs 2 --lr 3e-5 --head-lr 3e-4 --report out/reader/train-continued.json
	$(CONTINUE) --epochs 1 --lr 3e-5 --head-lr 3e-4 --windows 0.5 --report out/reader/train-windows.json

# The centre of the retrieval space (index/e5_mean.npy) from XQuAD's contexts; ~4 min.
space-mean: install
	$(PY) -m evals.space_mean

eval-baseline: install
	$(AQA) eval evals/suites/seed.jsonl --corpus corpus --index .article-qa/eval-seed --baseline \
	  --json out/seed-baseline/results.json --report out/seed-baseline

# Ingest, cold start, warm ask/search, memory at seed / PIAF / 10k / 100k paragraphs, vanilla baseline
# ratios, serve cold start and several serve processes on one `chroma run`: out/bench/ (JSON + plot).
bench: install
	$(PY) -m evals.bench --sizes seed,piaf,10000,100000 --out out/bench

bench-ingest: install
	$(PY) -m evals.bench_ingest

clean:
	rm -rf .article-qa out

screenshot: install
	$(PY) -m ui.screenshot docs/screenshot.png

bench-ui: install
	$(PY) -m ui.bench
