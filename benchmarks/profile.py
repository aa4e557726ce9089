"""Where warm retrieval spends its time: a pyinstrument profile over the gold questions.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m benchmarks.profile [--repeat 2] [--answer]

Prints the call tree (frames under 2% hidden), with the embedding cache emptied before every
question as in the answering benchmark. ``--answer`` profiles the extractive ``ask`` instead.
"""
from __future__ import annotations

import argparse

from assistant import Assistant, Settings

from .common import ROOT, seeds_questions, warm_up_questions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--answer", action="store_true", help="profile the extractive answer too")
    args = parser.parse_args()
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pyinstrument is missing: .venv/bin/pip install -e '.[bench]'") from None
    assistant = Assistant(Settings(corpus_dir=ROOT / "seeds", index_dir=ROOT / "index"))
    questions = seeds_questions()
    for warm in warm_up_questions():
        assistant.ask(warm, backend="extractive")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            for question in questions:
                assistant.embedding._cache.clear()
                if args.answer:
                    assistant.ask(question, backend="extractive")
                else:
                    assistant.retrieve(question)
    print(profiler.output_text(unicode=True, color=False, show_all=False,
                               processor_options={"filter_threshold": 0.02}))


if __name__ == "__main__":
    main()
