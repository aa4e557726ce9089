"""What the assistant says in its own words, in the languages it answers in: a refusal, the
note that the sources disagree. A language not listed gets the English.
"""
from __future__ import annotations

# The refusal: the answerability gate's, or the LLM's own NOT_IN_SOURCES.
NOT_IN_CORPUS = {
    "en": "The corpus does not say.",
    "fr": "Le corpus ne le dit pas.",
    "id": "Korpus tidak menyebutkannya.",
    "zh": "语料库中没有提到这一点。",
    "es": "El corpus no lo dice.",
    "de": "Das Korpus sagt das nicht.",
    "ru": "В корпусе об этом не сказано.",
    "vi": "Kho tài liệu không nói điều này.",
    "th": "คลังเอกสารไม่ได้กล่าวถึงเรื่องนี้",
}

# Said when the LLM wrote an answer and verification dropped all of it: not that the documents do
# not answer (they may: "De combien d'infractions ... ?" got "2 infractions", over a file that says
# a dozen), but that no answer could be checked, so none is shown.
UNCHECKED = {
    "en": "The model's answer could not be checked against the documents, so it is not shown.",
    "fr": "La réponse du modèle n'a pas pu être vérifiée dans les documents : elle n'est donc pas affichée.",
    "id": "Jawaban model tidak dapat diverifikasi dengan dokumen, jadi tidak ditampilkan.",
    "zh": "模型的回答无法在文档中得到核实，因此不予显示。",
    "es": "La respuesta del modelo no pudo comprobarse en los documentos, así que no se muestra.",
    "de": "Die Antwort des Modells ließ sich in den Dokumenten nicht belegen und wird daher nicht angezeigt.",
    "ru": "Ответ модели не удалось проверить по документам, поэтому он не показан.",
    "vi": "Không thể kiểm chứng câu trả lời của mô hình bằng tài liệu, nên câu trả lời không được hiển thị.",
    "th": "ไม่สามารถตรวจสอบคำตอบของโมเดลกับเอกสารได้ จึงไม่แสดงคำตอบ",
}

# Before the values the sources give differently for what the question asks (``conflicts.py``).
DISAGREE = {
    "en": "The sources disagree:",
    "fr": "Les sources divergent :",
    "id": "Sumber-sumber tidak sepakat:",
    "zh": "各来源说法不一：",
    "es": "Las fuentes no coinciden:",
    "de": "Die Quellen widersprechen sich:",
    "ru": "Источники расходятся:",
    "vi": "Các nguồn không thống nhất:",
    "th": "แหล่งข้อมูลระบุไม่ตรงกัน:",
}


def say(phrase: dict[str, str], language: str) -> str:
    """``phrase`` (one of the tables above) in ``language``."""
    return phrase.get(language, phrase["en"])


def not_in_corpus(language: str) -> str:
    return say(NOT_IN_CORPUS, language)


def not_checked(language: str) -> str:
    return say(UNCHECKED, language)


def disagree(language: str) -> str:
    return say(DISAGREE, language)
