# The template's two commands (see README.md): `make demo` and `make test`.

PYTHON ?= python3
VENV ?= .venv
VENV_BIN := $(VENV)/bin
DEMO_DIR ?= build/demo

.DEFAULT_GOAL := help
.PHONY: help demo test lint clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(VENV_BIN)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/python -m pip install --disable-pip-version-check --quiet --requirement requirements-dev.txt
	touch $@

demo: $(VENV_BIN)/.installed ## Bake the defaults into build/demo, install, test, synth and call the API locally
	$(VENV_BIN)/python scripts/demo.py --output $(DEMO_DIR)

test: lint ## Run the template's whole test suite (lint first); PYTEST_ARGS="-m 'not localstack'" to skip LocalStack
	$(VENV_BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV_BIN)/.installed ## Lint the hooks, tests and scripts
	$(VENV_BIN)/ruff check hooks tests scripts bench
	$(VENV_BIN)/ruff format --check hooks tests scripts bench

clean: ## Remove the virtualenv and the demo
	rm -rf $(VENV) build

bench: $(VENV_BIN)/.installed ## Bake the defaults and measure cold start, warm overhead, size, memory, synth (bench/results.json)
	$(VENV_BIN)/python -m bench.run
