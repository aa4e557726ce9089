"""How the ``dev-reader-*`` runs were made, before ``Settings.llm_reader`` existed: the seeds eval
with the extractive backend's answerability gate reading the bundled model's judgement.

    ASSISTANT_FALSE_REFUSAL=0.3 .venv/bin/python evals/tuning/reader/patch_before_setting.py \
        eval --suite seeds --split dev --backend extractive --out /tmp/dev-reader-0.3
"""
import sys

from assistant.answer import answerable, backends, extractive
from assistant.answer import judge as J
from assistant.cli import main

_judge = {}


def stream(self, question, language, hits):
    if "judge" not in _judge:
        _judge["judge"] = J.judge_for_settings(self.context.settings)
    decision = answerable.assess(self.context, question, language, hits, _judge["judge"], kind="extractive")
    yield from extractive.answer(self.name, question, language, hits, decision)


if __name__ == "__main__":
    backends.Extractive.stream = stream
    sys.exit(main(sys.argv[1:]))
