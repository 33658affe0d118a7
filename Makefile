# Two commands from a fresh clone (see README): `make site` and `make test`.
# Everything lands in .venv; system packages (chromium, fonts, nginx, Java) come from
# Debian's registry via scripts/setup-system.sh, npm tools into node_modules/.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check lint bench clean system

site: $(STAMP)
	$(BIN)/publisher build

serve: $(STAMP)
	$(BIN)/publisher serve

check: $(STAMP)
	$(BIN)/publisher check

test: $(STAMP) system
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

system:
	bash scripts/setup-system.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site .pytest_cache
