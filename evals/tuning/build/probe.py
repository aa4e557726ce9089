"""llama.cpp's speed on this machine's CPU by build: prompt and generation tokens/s of the bundled
Qwen on 500 tokens of a seed file, 2 threads, twice. Run once per build:

    .venv/bin/python evals/tuning/build/probe.py                          # the Makefile's (GGML_NATIVE=OFF)
    PYTHONPATH=/tmp/llama512 .venv/bin/python evals/tuning/build/probe.py # a wheel built with AVX-512 on

(the second: ``CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_VBMI=ON
-DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON" pip wheel --no-cache-dir --no-deps llama-cpp-python==0.3.36``,
installed with ``pip install --no-deps --target /tmp/llama512``). Output: probe.txt.
"""
import time
from pathlib import Path

import llama_cpp

from assistant import Settings
from assistant.answer.bundled import bundled_qwen

MODEL = bundled_qwen(Settings().model_dir)  # joined by `make` (`assistant model`)
TEXT = Path(__file__).resolve().parents[3] / "seeds/001_5013dce6bab0cf53.txt"

print(llama_cpp.__file__)
print(llama_cpp.llama_print_system_info().decode())
model = llama_cpp.Llama(str(MODEL), n_ctx=4096, n_threads=2, verbose=False)
tokens = model.tokenize(TEXT.read_text(encoding="utf-8")[:2200].encode())[:500]
for run in range(2):
    model.reset()
    started = time.perf_counter()
    model.eval(tokens)
    prompt_s = time.perf_counter() - started
    started, generated = time.perf_counter(), 0
    for _ in model.generate([], temp=0.0, reset=False):
        generated += 1
        if generated == 64:
            break
    generation_s = time.perf_counter() - started
    print(f"run {run}: prompt {len(tokens)} tok {prompt_s:.2f}s = {len(tokens) / prompt_s:.1f} tok/s; "
          f"gen {generated} tok {generation_s:.2f}s = {generated / generation_s:.1f} tok/s", flush=True)
