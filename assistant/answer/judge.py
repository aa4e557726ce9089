"""An LLM's own yes/no judgement of "does this source sentence state this claim?".

The rules of ``verify.py`` catch wrong numbers, names, dates, negations and causes; what they
cannot see is a claim that reuses the sentence's words to say something else ("sentenced to a
fine of 5 million euros" over "released on bail of 5 million euros"). For those, a llama.cpp model
reads the source sentence and the claim and its answer is read from the probabilities of its
first token: P(yes) = p(Yes) / (p(Yes) + p(No)), nothing generated, nothing parsed.

The judge has its own ``Llama`` context: the answer being streamed holds the generating one (its
KV cache is mid-answer), and a judgement must not disturb it. The weights are memory-mapped, so a
second context over the same file costs its small KV cache, not another copy of the model. The
instruction comes first and its tokens stay evaluated between calls, so a judgement evaluates
the sentence and the claim only (~2 s for ~100 tokens with the bundled Qwen on 2 cores). Across
processes the instruction's state is kept on disk too (``llms.resume``): a ~2 MB file beside the
joined model (``state_dir``), read back in milliseconds where evaluating its 72 tokens again takes
~0.8 s — the gate's first question of a cold ``assistant ask``.

Measured (``assistant eval --suite claims --backend llamacpp``): on the dev split it rejected
what the rules let through without dropping a right claim; on the test split it also took
first-person sources ("I got interviewed by police") as not stating third-person claims ("Durov
was questioned by police"): the sentence alone does not say who "I" is. Hence off by default.
In one role it is on for every llama.cpp answer: keeping a claim that e5 puts near a sentence in
another language but below the similarity cut, when P(yes) ≥ ``verify.MIN_RESCUE``.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from pathlib import Path

import numpy as np

from ..errors import BackendUnavailable
from .llms import chat_formatter, gguf_file, load_llama, prompt_cache, resume, shared_prefix

log = logging.getLogger(__name__)

SYSTEM = "You are a careful fact checker. Answer with one word: Yes or No."
QUESTION = ("Does the source state the claim? Answer Yes only if the source says everything the claim says: "
            "the same people, places, dates, numbers, causes and outcomes, and nothing added. "
            "The claim may be in another language.\n\n")
# The same model asked whether a sentence gives a proposed answer to the question (``verify.
# value_support``): read with the question, it tells a count of times from a count of charges
# better than the bare claim does (evals/tuning/values).
ANSWER_CORRECT = ("Is the answer correct according to the source? Answer Yes only if the source itself gives this "
                  "answer to the question: the same people, places, dates, numbers, causes and outcomes, and nothing "
                  "added. The source, question and answer may be in different languages.\n\n")
YES, NO = ("Yes", "yes", " Yes"), ("No", "no", " No")
# The answerability model's LLM feature (``answerable.py``): do the best sentences answer at all?
READER = "You are a careful reader. Answer with one word: Yes or No."
ANSWERS = ("Do these passages state the answer to the question? Answer Yes only if a passage gives the "
           "answer itself; passages on the same topic that do not give it are No. The question may be in "
           "another language than the passages.\n\n")


class Judge:
    """``judge(claim, sentence) -> P(yes)`` from a GGUF chat model; counts its calls and seconds."""

    def __init__(self, model_path: str | Path, n_ctx: int = 1024, state_dir: str | Path | None = None):
        self.model_path, self.n_ctx = str(model_path), n_ctx
        self.state_dir = Path(state_dir) if state_dir else None
        self.name = Path(model_path).name
        self.calls, self.seconds, self.last = 0, 0.0, None
        self._llama = None
        self._lock = threading.Lock()

    def _model(self):
        if self._llama is None:
            self._llama = load_llama(self.model_path, self.n_ctx)
            self._format = chat_formatter(self._llama)
            vocab = {t: self._llama.tokenize(t.encode(), add_bos=False, special=False) for t in YES + NO}
            self._yes = sorted({v[0] for t, v in vocab.items() if t in YES and len(v) == 1})
            self._no = sorted({v[0] for t, v in vocab.items() if t in NO and len(v) == 1})
        return self._llama

    def _prompt(self, system: str, user: str) -> str:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        if self._format is None:
            return f"{system}\n\n{user}\nAnswer:"
        return self._format(messages=messages).prompt

    def __call__(self, claim: str, sentence: str) -> float:
        """P(yes) that ``sentence`` states ``claim``."""
        return self._p_yes(SYSTEM, QUESTION, f"Source: {sentence}\nClaim: {claim}\nAnswer Yes or No.")

    def gives(self, question: str, answer: str, sentence: str) -> float:
        """P(yes) that ``sentence`` gives ``answer`` to ``question``."""
        return self._p_yes(SYSTEM, ANSWER_CORRECT, f"Source: {sentence}\nQuestion: {question}\nAnswer: {answer}\n"
                                                   "Is the answer correct according to the source? Answer Yes or No.")

    def answers(self, question: str, passages: list[str]) -> float:
        """P(yes) that the passages state the answer to ``question``."""
        listed = "\n".join(f"- {p}" for p in passages)
        return self._p_yes(READER, ANSWERS, f"Passages:\n{listed}\n\nQuestion: {question}\nAnswer Yes or No.")

    def logits(self, system: str, user: str, instruction: str = "") -> np.ndarray:
        """The model's logits for the first token of its reply to ``instruction + user`` (a copy: the
        next call overwrites llama.cpp's buffer). The instruction's state is read from ``state_dir``
        when the context is empty, and written there the first time."""
        with self._lock:
            llama = self._model()
            tokens = llama.tokenize(self._prompt(system, instruction + user).encode("utf-8"), add_bos=False, special=True)
            tokens = tokens[-(self.n_ctx - 1):]
            prefix = self._prefix(system, instruction) if instruction and self.state_dir and llama.n_tokens == 0 else []
            if prefix and tokens[: len(prefix)] == prefix:
                resume(llama, self.model_path, prefix, self.state_dir)
            # keep the evaluated prefix (the instruction) and evaluate only what differs
            kept = 0
            for a, b in zip(llama.input_ids[: llama.n_tokens], tokens[:-1]):
                if a != b:
                    break
                kept += 1
            llama.n_tokens = kept
            llama.eval(tokens[kept:])
            return _last_logits(llama).copy()

    def prime(self) -> Path | None:
        """Load the model and write the gate's instruction to the prompt cache (``assistant model``
        does, after joining the model, so that the first question does not wait for it)."""
        with self._lock:
            self._model()
            if not self.state_dir:
                return None
            prefix = self._prefix(READER, ANSWERS)
            if self._llama.n_tokens:
                return prompt_cache(self.model_path, prefix, self.state_dir)
            return resume(self._llama, self.model_path, prefix, self.state_dir)

    def _prefix(self, system: str, instruction: str) -> list[int]:
        """The tokens every prompt that starts with ``instruction`` shares."""
        return shared_prefix(lambda end: self._llama.tokenize(
            self._prompt(system, instruction + end).encode("utf-8"), add_bos=False, special=True))

    def _p_yes(self, system: str, instruction: str, user: str) -> float:
        started = time.perf_counter()
        logits = self.logits(system, user, instruction)
        yes = max(float(logits[t]) for t in self._yes)
        no = max(float(logits[t]) for t in self._no)
        self.calls += 1
        self.seconds += time.perf_counter() - started
        self.last = 1.0 / (1.0 + math.exp(no - yes))
        return self.last


def _last_logits(llama) -> np.ndarray:
    """The logits after the last evaluated token (llama.cpp keeps only these without ``logits_all``)."""
    import llama_cpp

    pointer = llama_cpp.llama_get_logits_ith(llama.ctx, -1)
    return np.ctypeslib.as_array(pointer, shape=(llama.n_vocab(),))


def judge_for_settings(settings) -> Judge:
    """A judge on the settings' GGUF file, or on the bundled Qwen2.5-Coder-1.5B-Instruct."""
    return Judge(gguf_file(settings), state_dir=settings.model_dir)


SHARED = "llamacpp judge"  # its key in a context's ``llms``: one judge per assistant, whichever backend asks
_sharing = threading.Lock()  # two threads must not load the judge twice


def shared_judge(context, model_path: str | Path | None = None) -> Judge | None:
    """The context's judge, built on first use on ``model_path`` (the generating model's file) or
    on the settings' GGUF; None when llama.cpp or the model is not installed here (said once in the
    log: the retrieval features then decide alone)."""
    with _sharing:
        if SHARED not in context.llms:
            try:
                context.llms[SHARED] = (Judge(model_path, state_dir=context.settings.model_dir) if model_path
                                        else judge_for_settings(context.settings))
            except BackendUnavailable as e:
                log.warning("no LLM judges whether the evidence answers: %s", e)
                context.llms[SHARED] = None
        return context.llms[SHARED]
