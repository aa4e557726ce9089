"""Clause alignment between a claim and the sentence it cites: negation and causes.

A claim may say less than its sentence ("X, and Y" quoted as "X"), so polarity is compared
clause by clause, not sentence by sentence: each clause of the claim is paired with the clause of
the sentence it is nearest to by e5 (which works across languages), and a pair whose one side is
negated and the other not is a contradiction ("Telegram has refused to ban groups" against
"Telegram has banned certain groups"; "n'aurait pas dû être visé" against "méritait d'être visé").
When both tell of a refusal, what each refuses is compared (``refusal_mismatch``).

A cause the claim gives ("because ...", "parce que ...", "karena ...", "因为 ...") must be in the
sentence: its words (same language) or its meaning (e5, across languages). Small models add
plausible reasons that the source never gives.
"""
from __future__ import annotations

import re

import numpy as np

# Negation words.
NEGATION = re.compile(
    r"\b(not|no|never|none|nothing|neither|nor|without|cannot|unclear)\b|n['’]t\b"
    r"|\b(ne|jamais|aucun\w*|rien|sans|ni)\b|\bn['’]"
    r"|\b(tidak|tak|bukan|belum|tanpa|jangan|tiada)(lah)?\b"
    r"|[不没沒未无無非否]",
    re.IGNORECASE,
)
# Verbs of refusal, denial and failure flip what follows them ("refused to ban" against "banned",
# "mengakui" against "membantah"), but a refusal is also an event: when the claim and the sentence
# both tell of one, these words are left to the other checks.
REFUSAL = re.compile(
    r"\b(refus\w*|den(y|ies|ied|ial)|fail\w*|dément\w*|nie|nié\w*|réfut\w*|échou\w*|échec|menolak|penolakan|"
    r"ditolak|tolak|membantah|menyangkal|gagal|"
    # what a source calls untrue: "the claims ... that Telegram is some sort of anarchic paradise are
    # absolutely untrue" is no more a statement that it is one than "refuted claims that it was"
    r"refut\w*|reject\w*|rebut\w*|untrue|(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:false|wrong)|rejet\w*|infondée?s?|"
    r"(?:est|sont|était|étaient)\s+(?:\w+ment\s+)?(?:faux|fausses?|erronée?s?)|menyanggah|menampik|salah untuk)\b|"
    r"拒绝|拒絕|否认|否認|未能|驳斥|反驳",
    re.IGNORECASE,
)
# Chinese words that hold a negation character without negating: 非法 "illegal" (as "illegal" in
# English holds no "not"), 非常 "very", 未来 "future", 不断 "constantly", 无政府 "anarchic", ...; and the words for
# "dissatisfied" (不满, "tidak puas"), which are "unhappy", "mécontent" in the other languages: a
# state, not a denial ("当一个国家对某项互联网服务不满时" against "If a country is unhappy with ...").
NOT_NEGATION = re.compile(r"\b(tidak|tak) seperti\b|\bnot only\b|\bnon seulement\b|\b(tidak|bukan) hanya\b|"
                          r"\b(tidak|tak) puas\b|"
                          r"非法|不合法|非常|未来|未來|无论|無論|不过|不過|不同|不断|不斷|不仅|不僅|不少|不久|不但|"
                          r"不得不|无数|無數|无人机|不管|并非常|不满|不滿|无政府|無政府", re.IGNORECASE)
CLAUSE = re.compile(
    r"\s*(?:[,;:—–()“”\"«»，；：、]|\b(?:and|but|while|whereas|although|et|mais|tandis que|alors que|dan|"
    r"tetapi|namun|sedangkan|meskipun|walaupun)\b|但是|但|而且|而|并且|却)\s*",
    re.IGNORECASE,
)
CAUSE = re.compile(
    r"\b(because( of)?|due to|owing to|as a result of|for (?=\w+ing\b)|parce qu['’e]|car|en raison d['’eu]s?|"
    r"à cause d['’eu]s?|du fait d['’eu]s?|pour avoir|karena|akibat|sebab|lantaran)\b\s*|因为|由于|因(?!此)|为了",
    re.IGNORECASE,
)
MIN_CLAUSE_CHARS = 6
ALIGNED = 0.82  # e5 cosine at which two clauses are taken to speak of the same thing (dev split)
CAUSE_SIMILARITY = 0.86  # a cause in another language than the sentence: e5 cosine to its nearest clause
CAUSE_OVERLAP = 0.5  # same language: IDF-weighted share of the cause's terms in the sentence


def negated(text: str, refusals: bool = True) -> bool:
    text = NOT_NEGATION.sub(" ", text)
    return bool(NEGATION.search(text) or (refusals and REFUSAL.search(text)))


def clauses(text: str) -> list[str]:
    parts = [p.strip() for p in CLAUSE.split(text) if p and p.strip()]
    parts = [p for p in parts if len(p) >= MIN_CLAUSE_CHARS]
    return parts or [text]


def _pairs(claim: str, sentence: str, embed) -> tuple[list[str], list[str], np.ndarray]:
    a, b = clauses(claim), clauses(sentence)
    vectors = embed(a + b)
    return a, b, vectors[: len(a)] @ vectors[len(a):].T


def refused(text: str) -> str:
    """What the text tells is refused, up to the end of its clause ("" when no refusal or none said):
    "its refusal to share data with investigators sets it apart" -> "to share data with investigators
    sets it apart"; "we refused — and Telegram got banned" -> ""."""
    m = REFUSAL.search(text)
    if not m:
        return ""
    rest = CLAUSE.split(text[m.end():], maxsplit=1)[0].strip(" .。")
    return rest if len(rest) >= MIN_CLAUSE_CHARS else ""


def refusal_mismatch(claim: str, sentence: str, embed) -> bool:
    """Whether the claim tells of refusing what the sentence tells was done, while the sentence's
    own refusal is of something else: "Telegram has refused to ban groups or remove CSAM content"
    against "while Telegram has banned certain groups and removed CSAM content ..., its refusal to
    share data with investigators sets it apart". A sentence that says no more than "we refused"
    refuses what it has just told ("When Iran demanded we block channels ..., we refused"): left alone.
    The claim's refused thing is compared (e5) with the sentence's and with each clause the sentence
    tells as done: nearest to a clause done, it contradicts the sentence."""
    ours, theirs = refused(claim), refused(sentence)
    if not ours or not theirs:
        return False
    done = [c for c in clauses(sentence) if not negated(c)]
    if not done:
        return False
    vectors = embed([ours, theirs] + done)
    nearest_done = float(np.max(vectors[2:] @ vectors[0]))
    return nearest_done >= ALIGNED and nearest_done > float(vectors[1] @ vectors[0])


def negation_mismatch(claim: str, sentence: str, embed) -> bool:
    """Whether a clause of the claim and the clause of the sentence it speaks of differ in polarity."""
    refusals = not (REFUSAL.search(claim) and REFUSAL.search(sentence))
    if not refusals and refusal_mismatch(claim, sentence, embed):
        return True
    if not negated(claim, refusals) and not negated(sentence, refusals):
        return False
    a, b, sims = _pairs(claim, sentence, embed)
    for i, clause in enumerate(a):  # a negated claim clause against the sentence clause it is nearest to
        j = int(np.argmax(sims[i]))
        if sims[i, j] >= ALIGNED and negated(clause, refusals) and not negated(b[j], refusals):
            return True
    for j, clause in enumerate(b):  # a negated sentence clause the claim restates without the negation
        i = int(np.argmax(sims[:, j]))
        if (negated(clause, refusals) and sims[i, j] >= ALIGNED and not negated(a[i], refusals)
                and int(np.argmax(sims[i])) == j):
            return True
    return False


def cause(claim: str) -> str | None:
    """The cause the claim gives, up to the end of its clause, or None."""
    m = CAUSE.search(claim)
    if not m:
        return None
    rest = claim[m.end():]
    end = re.search(r"[,;:，；。.!?]", rest)
    return (rest[: end.start()] if end else rest).strip() or None


def cause_unsupported(claim: str, sentence: str, overlap, embed) -> bool:
    """Whether the claim gives a cause that the sentence does not contain."""
    because = cause(claim)
    if because is None:
        return False
    if overlap(because) >= CAUSE_OVERLAP:
        return False
    b = clauses(sentence) + [sentence]
    vectors = embed([because] + b)
    return float(np.max(vectors[1:] @ vectors[0])) < CAUSE_SIMILARITY
