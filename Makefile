# Storyline: set-up, demo, tests, benchmarks.  Every target installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install demo test lint bench-syndication bench-reprints bench-stories clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## demo: ingest the bundled demo corpus into storyline.db and print its stories
demo: $(STAMP)
	$(BIN)/storyline ingest demo/corpus --db storyline.db
	$(BIN)/storyline stories --db storyline.db --groups

## test: the whole test suite (what CI runs)
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks demo

## bench-syndication: reprint and cleaning accuracy on ../shared/data/syndication-dev
bench-syndication: $(STAMP)
	$(BIN)/python benchmarks/syndication.py

## bench-reprints: storyline dedup against datasketch and rensa (installs the peers)
bench-reprints: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/reprints.py

## bench-stories: the same-story score against human judgments (SemEval-2022 sample)
bench-stories: $(STAMP)
	$(BIN)/python benchmarks/stories.py

clean:
	rm -rf $(VENV) storyline.db storyline.db-wal storyline.db-shm build dist src/*.egg-info
