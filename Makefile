# The two set-up commands of the README (`make run`, `make test`) and the others documented there.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --disable-pip-version-check -q
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL := WARNING

.PHONY: run test lint install install-dev benchmarks clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: the main job on the bundled corpus into ./claimgraph.db, then the claims table
run: install
	$(BIN)/claimgraph run corpora/samples --db sqlite:///claimgraph.db
	$(BIN)/claimgraph claims --db sqlite:///claimgraph.db

## make test: the linter, the type checker, then the whole test suite (what CI runs), on two
## processes (the machines' two cores; a module's tests stay in one process, so module fixtures load once)
TEST_WORKERS ?= 2
test: lint chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

## make lint: ruff and mypy, configured in pyproject.toml (`make test` runs them first)
lint: install-dev
	$(BIN)/ruff check pipeline flows tests benchmarks
	$(BIN)/mypy pipeline flows

## make chromium: Debian's Chromium for the browser tests (Playwright drives it; never `playwright install`)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

benchmarks: install-dev
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) claimgraph.db .mypy_cache .ruff_cache
