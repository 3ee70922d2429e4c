# Storyline: set-up, demo, tests, benchmarks.  Every target installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install demo test test-fast lint browser serve bench-syndication bench-reprints bench-stories bench-quotes clean

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

## test: the whole test suite (what CI runs), browser tests included
test: $(STAMP) browser
	$(BIN)/python -m pytest

## test-fast: the suite without Spark and the browser (about a minute), for the edit-test loop
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q --deselect tests/test_spark.py --deselect tests/test_browser.py

## browser: Debian's chromium for the browser tests (Playwright drives it; no browser download).
## Looked up once: apt-get (as root) runs only when chromium is missing and was never tried.
BROWSER_STAMP := $(VENV)/.browser-looked-up
browser: $(BROWSER_STAMP)

$(BROWSER_STAMP): $(STAMP)
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
		echo "installing Debian's chromium for the browser tests (apt-get; needs root)" && \
		apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium could not be installed: the browser tests will be skipped"
	@touch $@

## serve: browse the demo database at http://127.0.0.1:8000
serve: demo
	$(BIN)/storyline serve --db storyline.db

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks demo

## bench-syndication: reprint and cleaning accuracy on ../shared/data/syndication-dev
bench-syndication: $(STAMP)
	$(BIN)/python benchmarks/syndication.py

## bench-reprints: storyline dedup against datasketch and rensa (installs the peers)
bench-reprints: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/reprints.py

## bench-quotes: who said what on PolNeAR against textacy (installs textacy)
bench-quotes: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/quotes.py

## bench-stories: the same-story score against human judgments (SemEval-2022 sample)
bench-stories: $(STAMP)
	$(BIN)/python benchmarks/stories.py

clean:
	rm -rf $(VENV) storyline.db storyline.db-wal storyline.db-shm build dist src/*.egg-info
