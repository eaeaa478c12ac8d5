# The template's two commands (see README.md): `make demo` and `make test`.

PYTHON ?= python3
VENV ?= .venv
VENV_BIN := $(VENV)/bin
DEMO_DIR ?= build/demo
# The kit: its wheels (what every bake installs) and the environment its own tests run in.
KIT_DIST := $(abspath kit/dist)
KIT_VENV := kit/.venv
GENERATED_LOCKS := $(wildcard {{cookiecutter.project_slug}}/requirements/*.txt)
KIT_SOURCES := $(shell find kit/pyproject.toml kit/runtime/pyproject.toml kit/src kit/runtime/src -type f -not -path '*/__pycache__/*')
# Bakes find the kit's wheels here, beside whatever links the machine already has.
export PIP_FIND_LINKS := $(strip $(PIP_FIND_LINKS) $(KIT_DIST))
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?= 20

.DEFAULT_GOAL := help
.PHONY: help demo test lint clean bench kit kit-test docs

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-9s %s\n", $$1, $$2}'

$(VENV_BIN)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/python -m pip install --disable-pip-version-check --quiet --requirement requirements-dev.txt
	touch $@

kit/dist/.built: $(VENV_BIN)/.installed $(KIT_SOURCES)
	rm -rf kit/dist
	$(VENV_BIN)/python -m pip wheel --disable-pip-version-check --quiet --no-deps --no-build-isolation \
		--wheel-dir kit/dist ./kit/runtime ./kit
	touch $@

kit: kit/dist/.built ## Build the kit's wheels into kit/dist (what bakes install; nothing is published)

# The kit's tests run against its sources, with the versions a service locks and the CDK CLI it pins.
$(KIT_VENV)/.installed: kit/dist/.built $(GENERATED_LOCKS) {{cookiecutter.project_slug}}/package-lock.json
	$(PYTHON) -m venv $(KIT_VENV)
	$(KIT_VENV)/bin/python -m pip install --disable-pip-version-check --quiet \
		--constraint '{{cookiecutter.project_slug}}/requirements/dev.txt' \
		--constraint '{{cookiecutter.project_slug}}/requirements/runtime-otel.txt' \
		--constraint '{{cookiecutter.project_slug}}/requirements/runtime-xray.txt' \
		--editable './kit/runtime[otel,xray]' --editable './kit[load]' ruff cookiecutter==2.7.1
	mkdir -p $(KIT_VENV)/cdk-cli
	cp '{{cookiecutter.project_slug}}/package.json' '{{cookiecutter.project_slug}}/package-lock.json' $(KIT_VENV)/cdk-cli/
	npm ci --prefix $(KIT_VENV)/cdk-cli --no-audit --no-fund --loglevel=error
	touch $@

kit-test: $(KIT_VENV)/.installed ## Lint and test the kit (unit, constructs, tools, local API, asset pruning)
	$(KIT_VENV)/bin/ruff check kit
	$(KIT_VENV)/bin/ruff format --check kit
	cd kit && CDK_CLI=$(abspath $(KIT_VENV))/cdk-cli/node_modules/.bin/cdk .venv/bin/python -m pytest $(KIT_PYTEST_ARGS)

demo: $(VENV_BIN)/.installed kit/dist/.built ## Bake the defaults into build/demo, install, test, synth and call the API locally
	$(VENV_BIN)/python scripts/demo.py --output $(DEMO_DIR)

test: lint kit-test kit/dist/.built ## The whole suite: lint, the kit's tests, the template's; PYTEST_ARGS="-m 'not localstack'" to skip LocalStack
	$(VENV_BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV_BIN)/.installed ## Lint the hooks, tests, scripts and benchmark
	$(VENV_BIN)/ruff check hooks tests scripts bench
	$(VENV_BIN)/ruff format --check hooks tests scripts bench

clean: ## Remove the virtualenvs, the kit's wheels and the demo
	rm -rf $(VENV) $(KIT_VENV) kit/dist build

bench: $(VENV_BIN)/.installed kit/dist/.built ## Bake the defaults and measure cold start, warm overhead, size, memory, synth (bench/results.json), each beside the previous run's
	$(VENV_BIN)/python -m bench.run $(if $(wildcard bench/results.json),--compare bench/results.json)

docs: $(VENV_BIN)/.installed ## Build the template's documentation site into build/site (mkdocs --strict)
	NO_MKDOCS_2_WARNING=1 $(VENV_BIN)/mkdocs build --strict --quiet
