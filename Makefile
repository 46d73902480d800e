# Two commands for a fresh machine with Python 3.11+:  make run   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_ENV := QT_QPA_PLATFORM=offscreen

.PHONY: run test lint translations bench clean fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,build]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/fieldapp

# CI runs this: the linter (with its complexity limit) and then every test.
test: $(STAMP)
	$(BIN)/ruff check fieldapp tests benchmarks scripts build_installer.py
	$(BIN)/ruff format --check fieldapp tests benchmarks scripts
	$(TEST_ENV) $(BIN)/python -m pytest

# Refresh the .ts sources from the code (pyside6-lupdate) and compile them to .qm.
translations: $(STAMP)
	$(BIN)/python scripts/update_translations.py

lint: $(STAMP)
	$(BIN)/ruff check fieldapp tests benchmarks scripts build_installer.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_store.py

# Coverage-guided fuzzing of the bundle reader (tests/fuzz/README.md), not part of `make test`:
# make fuzz FUZZ_SECONDS=3600
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	$(BIN)/python tests/fuzz/fuzz_bundle.py -max_total_time=$(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) build dist *.egg-info
