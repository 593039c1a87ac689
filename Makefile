# masterplan task runner. The README's two commands are `make demo` and `make test`.
# Everything runs in a local virtual environment (.venv), created on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE ?= examples/sukamaju

.PHONY: setup demo test lint format bench mutation clean

setup: $(STAMP)

$(STAMP): pyproject.toml package-lock.json
	@sh scripts/setup.sh "$(PYTHON)" "$(VENV)"
	@touch $(STAMP)

## demo: set up, check the bundled example, show its status and build its Word and PDF drafts (the main job)
demo: setup
	$(BIN)/masterplan check $(EXAMPLE) --strict
	$(BIN)/masterplan status $(EXAMPLE)
	$(BIN)/masterplan build $(EXAMPLE) --format all

## test: set up, lint, then run the whole test suite
test: setup lint
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check --no-cache masterplan tests bench scripts
	$(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix masterplan tests bench
	$(BIN)/ruff format masterplan tests bench

## bench: time check, assemble, DOCX and PDF builds and LibreOffice DOCX->PDF on plans of growing size,
## then the workflow (journal size, answer edits, stage actions, diff), hostile inputs at the limits and the
## Excel workbooks
bench: setup
	$(BIN)/python bench/run.py --libreoffice
	$(BIN)/python bench/workflow.py
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/forms.py
	$(BIN)/python bench/start.py
	$(BIN)/python bench/incremental.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/service.py

## mutation: change the core one small way at a time and report, per module, how many changes the tests catch
## (docs/testing.md); MODULES="nip formatting" for some of them
mutation: setup
	$(BIN)/python scripts/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .mypy_cache
