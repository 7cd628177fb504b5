# newsdossier — two commands on a fresh machine:
#   make demo   set everything up, then build the SCO corpus's dossier into demo/
#   make test   set everything up, then run the whole test suite (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
SCO := $(SHARED)/corpus/sco
# torch 2.13.0 first: it is the CPU build; any other torch pulls a CUDA build of several GB.
TORCH := torch==2.13.0

.PHONY: setup dev demo test bench browser java train-events train-quotes clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-run the install whenever a requirements file changes.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

dev: $(VENV)/.installed-dev

demo: setup
	@test -d $(SCO) || { echo "The SCO corpus is not at $(SCO) (set SHARED=path/to/shared)"; exit 2; }
	@mkdir -p demo
	@rm -f demo/sco.duckdb demo/sco.duckdb.wal
	$(BIN)/newsdossier build $(SCO) --db demo/sco.duckdb
	$(BIN)/newsdossier export --db demo/sco.duckdb --format json --out demo/sco.json
	$(BIN)/newsdossier report --db demo/sco.duckdb --out demo/sco.html
	@echo
	@echo "Dossier of the SCO corpus:"
	@echo "  database  demo/sco.duckdb"
	@echo "  export    demo/sco.json"
	@echo "  report    demo/sco.html"

# Debian's Chromium drives the web tests (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# spark-build and its tests need a Java 17+ runtime; Debian's default one when there is none.
java:
	@java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || { \
	  echo "installing Debian's default-jre-headless (Java 17+) for spark-build"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

test: dev browser java
	$(BIN)/python -m pytest -q

# The accuracy and speed figures of BENCHMARKS.md: every script of benchmarks/, as BENCHMARKS.md runs it.
bench: dev java
	$(BIN)/python -m benchmarks.sco_gold
	$(BIN)/python -m benchmarks.naive_pairs
	$(BIN)/python -m benchmarks.html_body
	$(BIN)/python -m benchmarks.naeb_metadata
	$(BIN)/python -m benchmarks.polnear_gate
	$(BIN)/python -m benchmarks.polnear_gate --split train --limit 150
	$(BIN)/python -m benchmarks.polnear_quotes
	$(BIN)/python -m benchmarks.quote_cost
	$(BIN)/python -m benchmarks.sco_events --cost --plover
	$(BIN)/python -m benchmarks.plover_build
	$(BIN)/python -m benchmarks.event_type_prior
	@mkdir -p .bench && rm -rf .bench/ecbplus
	$(BIN)/python -m benchmarks.ecbplus_events .bench/ecbplus
	$(BIN)/python -m benchmarks.event_fusion_settings .bench/ecbplus
	$(BIN)/python -m benchmarks.event_nouns .bench/ecbplus/ecbplus.duckdb
	$(BIN)/python -m benchmarks.basil_events_by_hand
	$(BIN)/python -m benchmarks.giveme5w1h_events
	$(BIN)/python -m benchmarks.sco_claims
	$(BIN)/python -m benchmarks.basil_claims
	$(BIN)/python -m benchmarks.basil_claims --gold
	$(BIN)/python -m benchmarks.basil_claims --gold benchmarks/basil_claims_heldout.json
	$(BIN)/python -m benchmarks.basil_claims --cost
	$(BIN)/python -m benchmarks.its_antecedent
	$(BIN)/python -m benchmarks.basil_loaded
	$(BIN)/python -m benchmarks.syndication
	$(BIN)/python -m benchmarks.fetch_throughput
	$(BIN)/python -m benchmarks.ecbplus_entities
	$(BIN)/python -m benchmarks.resolver_cost
	$(BIN)/python -m benchmarks.throughput 300
	$(BIN)/python -m benchmarks.model_load 1000
	$(BIN)/python -m benchmarks.workers 300
	$(BIN)/python -m benchmarks.spark_throughput 300
	$(BIN)/python -m benchmarks.web_latency --docs 10000 --base 80 --requests 20
	$(BIN)/python -m benchmarks.scale --docs 1000,10000 --workers 1 --add 10

# Retrain the event-type model from ../shared/eval/plover-synthetic (offline, seeded; about 20 min
# of one core); writes newsdossier/models/event_types.npz, which build and tests use as shipped.
train-events: dev
	nice -n 10 $(BIN)/python -m newsdossier.train_events

# The attribution span classifier of the quote extractor, from PolNeAR train (about 2.5 min of CPU);
# reproducible: the same model file every run.
train-quotes: dev
	$(BIN)/python -m newsdossier.train_quotes

clean:
	rm -rf $(VENV) demo .bench .pytest_cache
