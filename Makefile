# Two commands on a fresh machine:
#   make report   build the dataset, write the exports and the conflict report from the bundled data
#   make test     run the whole test suite
# Each creates the virtual environment it needs.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out

.PHONY: report build test validate coverage bench loadtest system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

report: build
	$(BIN)/hengyang-kg report --out $(OUT)

build: $(STAMP)
	$(BIN)/hengyang-kg build --out $(OUT)

validate: $(STAMP)
	$(BIN)/hengyang-kg validate

coverage: $(STAMP)
	$(BIN)/hengyang-kg coverage

system-deps:
	./scripts/setup-system.sh

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

bench: $(STAMP) system-deps
	$(BIN)/python -m pip install -q -e '.[bench]'
	nice $(BIN)/python bench/bench.py --out bench/results --readme

loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py --clients 1,4,16 --seconds 20

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis
