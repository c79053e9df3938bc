# make run  — install into .venv, start PostgreSQL (embedded unless DATABASE_URL), web + worker.
# make test — install with dev extras, then lint, migration and schema checks, and the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint install install-dev messages bench-recsys bench-links clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	AITALENT_DEBUG=$${AITALENT_DEBUG:-true} $(BIN)/aitalent serve

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

test: install-dev lint
	AITALENT_DEBUG=true $(BIN)/aitalent makemigrations --check --dry-run
	AITALENT_DEBUG=true $(BIN)/aitalent spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

messages: install-dev
	cd aitalent && AITALENT_DEBUG=true ../$(BIN)/aitalent makemessages -l zh_Hans --no-obsolete --ignore "static/*" --ignore "*/tests/*" --ignore "recommendations/engine/*"
	cd aitalent && AITALENT_DEBUG=true ../$(BIN)/aitalent compilemessages -l zh_Hans

bench-recsys: install
	$(BIN)/aitalent bench recsys --dataset ../shared/datasets/gowalla-lightgcn

bench-links: install
	$(BIN)/aitalent bench links --dataset ../shared/datasets/ca-astroph-seal

clean:
	rm -rf $(VENV) build *.egg-info
