"""Per-language lexical analysis: never an English tokenizer on other languages."""
from assistant.ingest.analysis import terms
from assistant.retrieve.lexical import LexicalIndex


def test_chinese_is_segmented_into_words():
    words = terms("韩国通信标准委员会表示删除了25项性剥削材料", "zh")
    assert "韩国" in words and "删除" in words and "25" in words
    assert "韩国通信标准委员会表示删除了25项性剥削材料" not in words


def test_each_language_uses_its_own_stemmer():
    assert terms("libérée", "fr") == terms("libéré", "fr")
    assert terms("diblokir", "id") == terms("blokir", "id")
    assert terms("blocked", "en") == terms("blocking", "en")
    assert terms("Russia", "en") != terms("Россия", "ru")


def test_bm25_finds_french_terms_and_ignores_unknown_ones():
    index = LexicalIndex(["a", "b"], [terms("libéré sous caution", "fr"), terms("hotline terrorisme", "fr")])
    assert index.search(terms("caution", "fr"), 5)[0][0] == "a"
    assert index.search(["zzz-unknown"], 5) == []
    assert index.weight("caution") < index.weight("never-seen")
