"""The learned relation suggester (pure): it learns which words link two spans, keeps the relation
types' head/child constraints, scores in [0, 1] as naive Bayes does, counts in code points, and
survives its JSON form."""
import json

import numpy as np
import pytest
from sklearn.naive_bayes import MultinomialNB

from annotator.rules.relation_model import NONE, RelationModel, RelationModelTrainer, candidate_pairs, pair_features

TYPES = {"works_for": (["PERSON"], ["ORG"]), "located_in": (["ORG"], ["GPE"])}
PEOPLE = ["Zoë Okafor", "Kenji Watanabe", "Ana Costa", "李小龙", "José Núñez"]
ORGS = ["Siemens", "Toyota", "Oxfam", "東京電力", "Café Müller"]
PLACES = ["Paris", "東京", "Lagos", "São Paulo"]


def spans_in(text, *pairs):
    found, at = [], 0
    for words, label in pairs:
        start = text.index(words, at)
        found.append((start, start + len(words), label))
        at = start + len(words)
    return found


def documents():
    """Gold: "P, director of O" and "O in G" are relations; "P met P2 at O" is not."""
    docs = []
    for i in range(12):
        p, p2, o, g = PEOPLE[i % 5], PEOPLE[(i + 2) % 5], ORGS[i % 5], PLACES[i % 4]
        text = f"{p}, the director of {o}, spoke. {p2} met friends at {ORGS[(i + 1) % 5]} in {g}."
        spans = spans_in(text, (p, "PERSON"), (o, "ORG"), (p2, "PERSON"), (ORGS[(i + 1) % 5], "ORG"), (g, "GPE"))
        docs.append((text, spans, [(0, 1, "works_for"), (3, 4, "located_in")]))
    return docs


def trained(max_gap=60):
    trainer = RelationModelTrainer(constraints=TYPES, max_gap=max_gap)
    for doc in documents():
        trainer.add(*doc)
    return trainer.build()


def test_it_learns_the_linking_words_and_not_the_trap():
    model = trained()
    text = "🙂 Ana Costa, the director of 東京電力, spoke.\r\nJosé Núñez met friends at Oxfam in Lagos."
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("東京電力", "ORG"), ("José Núñez", "PERSON"), ("Oxfam", "ORG"),
                     ("Lagos", "GPE"))
    found = model.suggest(text, spans)
    assert [(h, c, label) for h, c, label, _score in found] == [(0, 1, "works_for"), (3, 4, "located_in")]
    assert all(0.5 < score <= 1 for *_rest, score in found)
    # the spans' code point offsets: the emoji and the CJK name are one character each per code point
    assert text[spans[1][0]:spans[1][1]] == "東京電力"


def test_head_and_child_types_are_hard_constraints():
    model = trained()
    # the words of works_for between a PERSON and a GPE: works_for does not allow GPE as child, nothing
    text = "Ana Costa, the director of Paris, spoke."
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Paris", "GPE"))
    assert model.suggest(text, spans) == []
    # between an ORG and a GPE only located_in may be chosen, whatever the words
    text = "Oxfam, the director of Lagos, spoke."
    spans = spans_in(text, ("Oxfam", "ORG"), ("Lagos", "GPE"))
    assert {label for _h, _c, label, _s in model.suggest(text, spans)} <= {"located_in"}
    assert candidate_pairs(text, spans, max_gap=60, constraints=TYPES, labels=sorted(TYPES)) == [(0, 1)]
    # a pair of types no relation allows is no candidate at all
    place = "Paris and Lagos"
    assert candidate_pairs(place, spans_in(place, ("Paris", "GPE"), ("Lagos", "GPE")), max_gap=60,
                           constraints=TYPES, labels=sorted(TYPES)) == []


def test_spans_further_apart_than_the_gap_are_not_linked():
    model = trained(max_gap=10)
    text = "Ana Costa, the director of Oxfam, spoke."
    assert model.suggest(text, spans_in(text, ("Ana Costa", "PERSON"), ("Oxfam", "ORG"))) == []


def test_features_see_words_between_in_either_direction_and_breaks():
    text = "Oxfam hired Ana Costa.\r\nShe"
    spans = spans_in(text, ("Oxfam", "ORG"), ("Ana Costa", "PERSON"))
    assert set(pair_features(text, spans, 1, 0)) >= {"pair=PERSON>ORG", "dir=back", "w=hired", "break=no"}
    crlf = "Ana Costa\r\nOxfam"
    assert "break=yes" in pair_features(crlf, spans_in(crlf, ("Ana Costa", "PERSON"), ("Oxfam", "ORG")), 0, 1)


def test_posteriors_equal_scikit_learns_multinomial_naive_bayes():
    """An independent computation: the same counts through scikit-learn give the same probabilities."""
    model = trained()
    text = "Kenji Watanabe, director at Toyota in Paris"
    spans = spans_in(text, ("Kenji Watanabe", "PERSON"), ("Toyota", "ORG"), ("Paris", "GPE"))
    classes = [NONE, *model.labels]
    vocabulary = sorted({f for counts in model.feature_counts.values() for f in counts})
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, targets = [], []
    for label in classes:  # one row per class holding its summed counts: the same sufficient statistics
        row = np.zeros(len(vocabulary))
        for feature, count in model.feature_counts.get(label, {}).items():
            row[index[feature]] = count
        rows.append(row)
        targets.append(label)
    total = sum(model.class_counts.values())
    prior = [(model.class_counts.get(c, 0) + 1) / (total + len(classes)) for c in classes]
    reference = MultinomialNB(alpha=1.0, class_prior=prior).fit(np.array(rows), targets)
    features = pair_features(text, spans, 0, 1)
    x = np.zeros((1, len(vocabulary)))
    for feature in features:
        if feature in index:
            x[0, index[feature]] += 1
    expected = dict(zip(reference.classes_, reference.predict_proba(x)[0]))
    ours = model.class_probabilities(features, classes)
    assert ours == pytest.approx(expected, abs=1e-9)


def test_a_model_survives_its_json_form_and_refuses_another_format():
    model = trained()
    again = RelationModel.from_dict(json.loads(json.dumps(model.as_dict())))
    text = "Ana Costa, the director of Oxfam, spoke."
    spans = spans_in(text, ("Ana Costa", "PERSON"), ("Oxfam", "ORG"))
    assert again.suggest(text, spans) == model.suggest(text, spans) != []
    assert (again.relations, again.documents) == (24, 12)
    with pytest.raises(ValueError, match="format"):
        RelationModel.from_dict({**model.as_dict(), "format": 99})
