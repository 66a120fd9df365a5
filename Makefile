# IGF-1 evidence reference. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help serve build test lint bench schema lock check clean lighthouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.docs-installed: requirements/docs.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/docs.txt
	@touch $@

$(VENV)/.test-installed: requirements/test.txt requirements/docs.txt | $(VENV)/.docs-installed
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	@touch $@

export NO_MKDOCS_2_WARNING := 1

serve: $(VENV)/.docs-installed ## Serve the site with live reload at http://127.0.0.1:8000
	$(BIN)/python -m macros.serve --dev-addr $(HOST)

build: $(VENV)/.docs-installed ## Build the site into site/ (strict)
	$(BIN)/mkdocs build --strict

# Node tools for the test suite (the Nu HTML Checker). --ignore-scripts: vnu-jar's postinstall would
# download a Java runtime from GitHub; the system's Java 17 is used instead.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML validity test will be skipped (it fails in CI)"; fi

test: $(VENV)/.test-installed node_modules/.installed ## Lint, then run the whole test suite (builds, data, browser, validity)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed ## Lint and check formatting with ruff (pinned in requirements/test.txt)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.test-installed ## Run the benchmarks and print each figure next to its target
	$(BIN)/python -m benchmarks

schema: $(VENV)/.docs-installed ## Regenerate the JSON Schemas in data/schema/ from the models
	$(BIN)/python -m macros.schema

lock: ## Re-pin requirements/*.txt from requirements/*.in (uses the network)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements/docs.in
	(echo "# Pinned by 'make lock' from docs.in; do not edit by hand."; .lock-venv/bin/pip freeze --all | grep -vE '^(pip|setuptools|wheel)==') > requirements/docs.txt
	.lock-venv/bin/pip install --quiet -r requirements/test.in
	(echo "# Pinned by 'make lock' from test.in; do not edit by hand."; echo "-r docs.txt"; .lock-venv/bin/pip freeze --all | grep -vE '^(pip|setuptools|wheel)==' | grep -vxFf requirements/docs.txt) > requirements/test.txt
	rm -rf .lock-venv

# Lighthouse CI (@lhci/cli, pinned in tools/lighthouse/package-lock.json; config in lighthouserc.json): three
# runs of each topic page of the built site, served locally, on Debian's Chromium (no browser download);
# the median of the three scores must be performance >= 0.95 and 1 in the other three categories.
tools/lighthouse/node_modules/.installed: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: build tools/lighthouse/node_modules/.installed ## Lighthouse CI on every topic page, median of 3 runs (slow; not part of `make test`)
	rm -rf test-results/lighthouse .lighthouseci
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} tools/lighthouse/node_modules/.bin/lhci autorun --config=lighthouserc.json; \
	status=$$?; $(BIN)/python scripts/lighthouse_summary.py; exit $$status

clean: ## Remove the virtual environment, the built site and caches
	rm -rf $(VENV) site .cache .pytest_cache test-results .lighthouseci tools/lighthouse/node_modules
