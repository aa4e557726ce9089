"""LLM answers (``ollama``, ``llamacpp``): generate, cite, verify — sentence by sentence.

The LLM's output is read as it streams. Each sentence, once complete, is checked against the
passages its ``[n]`` markers point to (``verify.py``) and only then shown, with its marker
renumbered to a structured citation of the exact supporting span. A sentence the sources do not
support is dropped (or marked, by setting) and reported in ``Answer.dropped``. If nothing supported
remains, the backend says, in the question's language, that no answer could be checked
(``phrases.UNCHECKED``; "the corpus does not say" is kept for the LLM's own NOT_IN_SOURCES and the
gate's refusal): an unverified answer is not shown, and a verbatim quote in another language (the
extractive answer) was right for only one such question in twenty on the seeds' test split. Only
where the answerability model is confident that the evidence answers is the model asked once more,
with the best sentences alone, and if it misses again they are quoted (``Answer.fallback_from``).
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..ingest.analysis import terms
from ..ingest.language import detect
from ..schema import Answer, Citation, Hit
from . import answerable, conflicts, extractive
from .judge import shared_judge
from .llms import LlamaCppChat, check_ready, explain
from .phrases import disagree, not_checked, not_in_corpus
from .prompt import NOT_FOUND, answer_messages, select_evidence
from .questions import asked_parts
from .untrusted import inert, trusted
from .verify import VALUE_TOP, Claim, Sources, answers, check, is_fragment, split_claims

UNVERIFIED = "[unverified]"
MIN_CHARS_TO_TELL = 12  # shorter answers ("2018-2020") have no language to check
NO_SPACE_LANGUAGES = {"zh", "ja", "th"}


class Generative:
    def __init__(self, context, name: str, llm):
        self.context, self.name, self.llm = context, name, llm

    def stream(self, question: str, language: str, hits: list[Hit]) -> Iterator[str | Answer]:
        c = self.context
        # an LLM that runs elsewhere must be there before anything is said in its name, a refusal
        # included (``auto`` goes on to the next backend), and before the gate's work is done for it
        check_ready(self.llm, self.name, c.settings)
        decision = answerable.assess(c, question, language, hits, self._reader(), kind="llm")
        if not decision.answerable:  # a clear "no": the model is not asked, its seconds are saved
            yield from extractive.answer(self.name, question, language, hits, decision, [
                f"the evidence answers with probability {decision.probability} (below {decision.threshold}): "
                f"{self.name} was not asked"])
            return
        sources = sources_for(c, question, language, hits, self._judge(), decision.scored, rescue=self._reader(),
                              parts=decision.parts)
        evidence = self._evidence(question, decision.scored)
        state = _State(language, sources, c.settings.unsupported)
        raw = ""
        for insist in (False, True):
            raw, wrong_language = yield from self._generate(question, language, hits, evidence, state, insist)
            if not wrong_language:
                break
            state.warnings.append(f"{self.name} answered in another language than {language}: asked again")
        if not state.text and state.dropped and NOT_FOUND[:6] not in raw and c.settings.llm_revise:
            state.warnings.append(f"{self.name}: no sentence of its answer was supported by the sources: "
                                  "asked once to revise it")
            raw, _ = yield from self._generate(question, language, hits, evidence, state, insist,
                                               revise=(raw, list(state.dropped)))
        if (NOT_FOUND[:6] in raw or not state.text) and decision.probability >= decision.confident:
            # it missed what the evidence holds: asked once more, with only the best sentences
            state.warnings.append(f"{self.name} gave no supported answer from evidence rated answerable "
                                  f"({decision.probability}): asked again with only the best sentences")
            focus = select_evidence(decision.scored, c.settings.evidence_tokens, len(extractive.best(decision.scored)),
                                    question)
            raw, _ = yield from self._generate(question, language, hits, focus, state, insist=True, focus=True)
        if NOT_FOUND[:6] in raw or not state.text:
            unchecked = not state.text and NOT_FOUND[:6] not in raw
            if unchecked:
                state.warnings.append(f"{self.name}: no sentence of its answer was supported by the sources")
            if decision.probability >= decision.confident:  # it missed it twice: the sentences are quoted
                state.warnings.append(f"{self.name} found no answer in the best sentences either: "
                                      "they are quoted instead")
                for piece in extractive.answer("extractive", question, language, hits, decision, state.warnings,
                                               self._reader()):
                    if isinstance(piece, Answer):
                        piece.fallback_from, piece.dropped = [self.name], state.dropped
                    yield piece
                return
            text = not_checked(language) if unchecked else not_in_corpus(language)
            yield text
            yield Answer(question, text, [], True, language, self.name, {}, question, hits,
                         dropped=state.dropped, warnings=state.warnings, answerability=decision.verdict)
            return
        yield from state.other_versions(conflicts.versions(question, decision.scored, self._reader()))
        yield Answer(question, state.text, state.citations, False, language, self.name, {}, question,
                     hits, dropped=state.dropped, warnings=state.warnings, answerability=decision.verdict)

    def messages(self, question: str, language: str, hits: list[Hit]):
        """The prompt a first try sends (benchmarks time the model on exactly this)."""
        scored = answerable.score(self.context, question, language, hits)
        return answer_messages(question, language, hits, self._evidence(question, scored))

    def _evidence(self, question: str, scored: list) -> list:
        """The sentences the prompt shows (``scored``: the candidates in the learned order,
        instructions left out)."""
        return select_evidence(scored, self.context.settings.evidence_tokens, question=question)

    def _generate(self, question, language, hits, evidence, state, insist: bool, revise=None, focus: bool = False):
        """Stream one answer into ``state``; (raw text, whether it came in the wrong language).
        The first sentence's language is checked before it is shown, so a retry shows nothing twice.
        ``revise``: an earlier answer and its unsupported sentences (``answer_messages``)."""
        raw, settled, written = "", 0, set()
        tell_language = not insist and not revise  # a retry for the language is made once
        try:
            for response in self.llm.stream_chat(answer_messages(question, language, hits, evidence, insist, revise, focus)):
                raw += response.delta or ""
                if NOT_FOUND[:6] in raw or raw.rfind("[") > raw.rfind("]"):
                    continue  # an abstention, or a marker still being written
                claims = split_claims(raw)
                for claim in claims[settled : len(claims) - 1]:  # the last may still grow
                    if not settled and tell_language and _wrong_language(claim.text, language):
                        return raw, True
                    if _said(claim, written):  # a loop: the rest would only repeat, its seconds are saved
                        return raw, False
                    yield from state.settle(claim)
                    settled += 1
        except Exception as e:
            raise explain(e, self.name, self.context.settings) from e
        if NOT_FOUND[:6] in raw:
            return raw, False
        rest = split_claims(raw)[settled:]
        if rest and not settled and tell_language and _wrong_language(rest[0].text, language):
            return raw, True
        for claim in rest:
            if _said(claim, written):
                break
            yield from state.settle(claim)
        return raw, False

    def _judge(self):
        """A llama.cpp model also judges each sentence (``judge.py``) when the setting asks."""
        return self._reader() if self.context.settings.llm_judge else None

    def _reader(self):
        """A llama.cpp model's own yes/no judgements (``judge.py``: whether the evidence answers,
        whether a sentence states a claim), in a context of its own, built once per assistant;
        other LLMs give no token probabilities here."""
        return shared_judge(self.context, self.llm.model_path) if isinstance(self.llm, LlamaCppChat) else None


def _said(claim: Claim, written: set[str]) -> bool:
    """Whether the model wrote this sentence already in this answer (then adds it to ``written``).
    A small model can fall into a loop: the bundled one wrote "Durov adalah seorang pemimpin digital
    ..." fifteen times over 25 s (documents dev d192)."""
    key = " ".join(claim.text.lower().split())
    if key in written:
        return True
    written.add(key)
    return False


def _wrong_language(sentence: str, language: str) -> bool:
    """Whether the sentence is in another language; a fragment ("5 million euros") has none."""
    if len(sentence) < MIN_CHARS_TO_TELL or is_fragment(sentence) or language == "und":
        return False
    found = detect(sentence)
    return found not in ("und", language)


def sources_for(context, question: str, language: str, hits: list[Hit], judge=None, scored=None,
                rescue=None, parts=None) -> Sources:
    """What an answer to ``question`` over ``hits`` is verified against (``verify.check``);
    ``judge``: an LLM judge (``judge.py``) asked when the rules find no fault, or None;
    ``rescue``: the same, asked of a claim near a sentence in another language (``Sources.rescue``),
    and whether a sentence gives a claim's value as the answer (``Sources.gives``, ``verify.value_support``);
    ``scored``: the hits' candidates with their learned rank (``answerable.score``), and ``parts``:
    the same for each thing the question asks (``Decision.parts``), computed when not given."""
    candidates = extractive.candidates(trusted(hits))
    vectors = extractive.vectors(candidates, context.embedding) if candidates else np.zeros((0, 1), np.float32)
    weight = context.term_weight

    def overlap(claim: str, candidate, also: str = "", only: str = "") -> float:
        """IDF-weighted share of the claim's terms in the sentence (or in ``also``, e.g. the question);
        with ``only``, of those of its terms that are in ``only`` (1.0 when fewer than two are)."""
        wanted = terms(claim, language)
        if also:
            wanted = [t for t in wanted if t not in set(terms(also, language))] or wanted
        if only:
            wanted = [t for t in wanted if t in set(terms(only, language))]
            if len(set(wanted)) < 2:
                return 1.0
        return extractive.overlap(wanted, candidate.text, candidate.hit.chunk.language, weight)

    def embed(texts: list[str]) -> np.ndarray:
        return np.asarray(context.embedding.get_text_embedding_batch(texts), dtype=np.float32)

    if scored is None:
        scored = answerable.score(context, question, language, hits) if hits else []
    if parts is None:
        asked = asked_parts(question)
        parts = [answerable.score(context, p, language, hits) for p in asked] if len(asked) > 1 and hits else []
    ranks, best = {c.id: c.rank for c in scored}, {c.id for c in scored[:VALUE_TOP]}
    # the sentence that goes on to explain the best one ("This was due to …") answers with it
    after = extractive.goes_on(question, scored[0], scored) if scored else None
    if after is not None:
        ranks[after.id] = max(ranks.get(after.id, after.rank), scored[0].rank)
    for ranked in parts:  # a sentence answers a question when it answers one of its parts
        best |= {c.id for c in ranked[:VALUE_TOP]}
        for c in ranked:
            ranks[c.id] = max(ranks.get(c.id, c.rank), c.rank)
    gives = getattr(rescue, "gives", None)
    return Sources(question, hits, candidates, vectors, embed, overlap, judge, language, ranks, rescue, best, gives)


class _State:
    """Citations and text of the answer being built."""

    def __init__(self, language: str, sources: Sources, unsupported: str = "drop"):
        self.sources, self.unsupported, self.language = sources, unsupported, language
        self.citations: list[Citation] = []
        self.dropped: list[str] = []
        self.warnings: list[str] = []
        self.kept = 0
        self.text = ""
        self.joiner = "" if language in NO_SPACE_LANGUAGES else " "

    def _cite(self, candidate, score: float) -> Citation:
        for c in self.citations:
            if c.source == candidate.hit.chunk.source and c.start == candidate.start:
                return c
        c = extractive.citation(len(self.citations) + 1, candidate, score)
        self.citations.append(c)
        return c

    def other_versions(self, versions: list) -> Iterator[str]:
        """When the sources disagree on the value asked for (``conflicts.py``), the versions whose
        value no cited sentence states, quoted and cited after a line saying so."""
        missing = [v for v in versions if not any(conflicts.agree(v.text, c.quote) for c in self.citations)]
        if not missing:
            return
        quotes = " ".join(f"{inert(v.text)} [{self._cite(v, v.score).n}]" for v in missing)
        piece = f"{self.joiner}{disagree(self.language)} {quotes}"
        self.text += piece
        yield piece

    def settle(self, claim: Claim) -> Iterator[str]:
        result = answers(claim, check(claim, self.sources), self.sources)
        if result.ok:
            markers = "".join(f"[{self._cite(c, result.similarity).n}]" for c in [result.candidate, *result.also])
            piece = f"{claim.text} {markers}"
            self.kept += 1
        elif self.unsupported == "mark":
            piece = f"{claim.text} {UNVERIFIED}"
            self.dropped.append(f"{claim.text} ({result.reason}; marked)")
        else:
            self.dropped.append(f"{claim.text} ({result.reason})")
            return
        piece = (self.joiner if self.text else "") + piece
        self.text += piece
        yield piece
