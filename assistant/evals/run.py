"""Run one suite with the data folders it is given; XQuAD, NoMIRACL, claims and documents build
their own corpora and indexes in a work folder, never in the user's index."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from . import claims, documents, nomiracl, seeds, xquad


@dataclass
class Options:
    suite: str
    data_dir: Path
    work_dir: Path
    split: str = "dev"
    backend: str | None = None
    languages: tuple[str, ...] = ()
    limit: int | None = None
    offset: int = 0
    only_cross_lingual: bool = False  # xquad
    documents_dir: Path = Path("evals/documents/corpus")  # documents: the fixture files indexed


def assistant_factory(base, quiet: bool = True):
    """``(corpus, index) -> Assistant``: the base's settings and loaded e5 model (with its cache,
    so that the same text in another corpus is not embedded twice), indexed before it is returned."""
    from ..core import Assistant

    def make(corpus: Path, index: Path):
        bot = Assistant(base.settings.model_copy(update={"corpus_dir": corpus, "index_dir": index, "chroma_url": None}))
        bot.embedding = base.embedding
        report = bot.index(progress=not quiet and sys.stderr.isatty())
        print(report.summary(), file=sys.stderr)
        return bot

    return make


def judge_for(assistant):
    """The LLM judge of ``verify`` on the llama.cpp model of the settings (the bundled Qwen by default)."""
    from ..answer.judge import judge_for_settings

    return judge_for_settings(assistant.settings)


def run(assistant, options: Options, progress=None) -> dict:
    backend = assistant.backend_name(options.backend)
    if options.suite == "seeds":
        return seeds.evaluate(assistant, options.data_dir, options.split, backend, options.limit, progress)
    make = assistant_factory(assistant)
    if options.suite == "xquad":
        return xquad.evaluate(make, options.data_dir, options.work_dir / "xquad", list(options.languages),
                              options.split, options.limit, backend, progress=progress,
                              only_cross_lingual=options.only_cross_lingual)
    if options.suite == "nomiracl":
        return nomiracl.evaluate(make, options.data_dir, options.work_dir / "nomiracl", list(options.languages),
                                 options.limit, backend, progress, options.offset)
    if options.suite == "documents":
        return documents.evaluate(make, options.data_dir, options.documents_dir, options.work_dir / "documents",
                                  options.split, backend, options.limit, progress)
    if options.suite == "claims":
        # as the llamacpp backend checks: the LLM keeps near claims across languages, and rejects
        # what the rules let through only when the setting asks (``llm_judge``)
        reader = judge_for(assistant) if backend == "llamacpp" else None
        judge = reader if assistant.settings.llm_judge else None
        return claims.evaluate(make, options.data_dir, assistant.settings.corpus_dir, options.work_dir / "claims",
                               options.split, options.limit, judge, progress, rescue=reader)
    raise ValueError(f"unknown suite {options.suite}")
