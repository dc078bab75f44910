"""Measure the relation suggesters on a held-out split: the rules (annotator/rules/relation_suggestions.py)
and the model learned from gold relations (annotator/rules/relation_model.py, as a trained version has it).

Not a test. Gold comes from the bench corpus's sentence templates (bench/corpus.py), whose entities
and relations are known: "{p}, the {r} of {o}, said ..." and "{p}, who heads {o}, visited ..." hold
p works_for o; the other templates hold none ("{p} met {p2} in {c} to discuss the future of {o}" is
the trap for a loose rule). Documents of a few sentences are split by seed: the first half (dev) is
where rules are written and what the model learns from (its gold relations), the second half (test) is
held out and scored. Scores are relation P/R/F1
(annotator.metrics.relation_counts: a relation counts when both its spans and its label match), with
the gold spans given (the suggester alone) and with the spans the default pipeline predicts (end to
end, as pre-labeling runs it):

    SECRET_KEY=x .venv/bin/python -m bench.measure_relations --docs 400
"""
import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # run as a file, not bench/: its api.py would hide the project's api package
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")

RULES = [{"label": "works_for", "head": "PERSON", "child": "ORG", "words": ["director of", "head of", "spokesperson of",
                                                                         "economist of", "minister of",
                                                                         "chairman of", "analyst of", "who heads"]}]
RELATION_TEMPLATES = (0, 6)  # indexes into bench.corpus.TEMPLATES whose p works_for o
KINDS = {"p": "PERSON", "p2": "PERSON", "o": "ORG", "o2": "ORG", "c": "GPE", "c2": "GPE"}


def sentence(rng: random.Random, template_index: int, offset: int):
    """(text, spans [(start, end, label)], relations [(head index, child index, label)]) of one sentence."""
    from bench import corpus

    template = corpus.TEMPLATES[template_index].replace(" ,", ",").replace(" .", ".").replace(" \u201d", "\u201d")
    values = {"p": rng.choice(corpus.PEOPLE), "p2": rng.choice(corpus.PEOPLE), "r": rng.choice(corpus.ROLES),
              "o": rng.choice(corpus.ORGS), "o2": rng.choice(corpus.ORGS), "c": rng.choice(corpus.PLACES),
              "c2": rng.choice(corpus.PLACES), "d": rng.choice(corpus.DAYS), "m": rng.choice(corpus.MONTHS),
              "y": str(rng.randint(1990, 2025)), "n": f"{rng.randint(2, 900):,}", "k": str(rng.randint(2, 40))}
    text, spans, where, rest = "", [], {}, template
    while "{" in rest:
        before, _, after = rest.partition("{")
        key, _, rest = after.partition("}")
        text += before
        value = values[key]
        if key in KINDS:
            bare = value.removeprefix("the ")  # "the" is not part of the name
            start = offset + len(text) + (len(value) - len(bare))
            where[key] = len(spans)
            spans.append((start, start + len(bare), KINDS[key]))
        text += value
    text += rest
    text = text[0].upper() + text[1:]
    relations = [(where["p"], where["o"], "works_for")] if template_index in RELATION_TEMPLATES else []
    return text, spans, relations


def documents(n: int, seed: int, sentences: int = 4):
    from bench import corpus

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text, spans, relations = "", [], []
        for _s in range(sentences):
            piece, piece_spans, piece_relations = sentence(rng, rng.randrange(len(corpus.TEMPLATES)),
                                                           len(text) + (1 if text else 0))
            base = len(spans)
            text = f"{text} {piece}" if text else piece
            spans += piece_spans
            relations += [(h + base, c + base, label) for h, c, label in piece_relations]
        out.append((text, spans, relations))
    return out


TYPES = {"works_for": (["PERSON"], ["ORG"])}


def rules_suggester():
    from django.conf import settings

    from annotator.rules.relation_suggestions import relation_rules_parse, suggest_relations

    rules = relation_rules_parse(RULES, relation_types=TYPES)
    return lambda text, spans: suggest_relations(text, spans, rules, max_gap=settings.RELATION_RULE_MAX_GAP)


def model_suggester(train_docs):
    """The learned suggester, trained on the gold spans and relations of `train_docs`."""
    from django.conf import settings

    from annotator.rules.relation_model import RelationModelTrainer

    trainer = RelationModelTrainer(constraints=TYPES, max_gap=settings.RELATION_MODEL_MAX_GAP)
    for text, spans, relations in train_docs:
        trainer.add(text, spans, relations)
    model = trainer.build()
    return lambda text, spans: [(h, c, label) for h, c, label, _score in model.suggest(text, spans)]


def score(docs, spans_of, suggest=None) -> dict:
    from annotator.metrics import LabelCounts, Relation, Span, relation_counts

    suggest = suggest or rules_suggester()
    counts = LabelCounts()
    for (text, gold_spans, gold_relations), spans in zip(docs, spans_of(docs)):
        gold = [Relation(Span(*gold_spans[h]), Span(*gold_spans[c]), label) for h, c, label in gold_relations]
        found = [Relation(Span(*spans[h]), Span(*spans[c]), label) for h, c, label in suggest(text, spans)]
        counts.add(relation_counts(found, gold))
    return {**counts.micro.as_dict(), "gold_relations": counts.micro.reference, "suggested": counts.micro.predicted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="documents, half dev and half held-out test")
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    import django

    django.setup()
    from annotator.nlp import load_pipeline
    from annotator.nlp.entities import predict_entities

    docs = documents(options.docs, options.seed)
    dev, test = docs[:len(docs) // 2], docs[len(docs) // 2:]
    nlp = load_pipeline(settings_model())

    def predicted(items):
        keep = set(KINDS.values())
        return [[(r.start, r.end, r.label) for r in records if r.label in keep]
                for records in predict_entities(nlp, [text for text, _s, _r in items], batch_size=32,
                                                with_scores=False)]

    result = {"rules": RULES, "dev_documents": len(dev), "test_documents": len(test),
              "dev_gold_spans": score(dev, lambda items: [s for _t, s, _r in items]),
              "test_gold_spans": score(test, lambda items: [s for _t, s, _r in items]),
              "test_predicted_spans": score(test, predicted)}
    learned = model_suggester(dev)
    result["model"] = {"trained_on": f"{len(dev)} dev documents, {sum(len(r) for _t, _s, r in dev)} gold relations",
                       "test_gold_spans": score(test, lambda items: [s for _t, s, _r in items], learned),
                       "test_predicted_spans": score(test, predicted, learned)}
    # How much gold the model needs: F1 on the test split (gold spans) by documents learned from.
    result["model"]["test_f1_by_train_documents"] = {
        n: score(test, lambda items: [s for _t, s, _r in items], model_suggester(dev[:n]))["f1"]
        for n in (5, 10, 25, 50, 100, len(dev)) if n <= len(dev)}
    print(json.dumps(result, indent=2))


def settings_model() -> str:
    from django.conf import settings

    return settings.DEFAULT_SPACY_MODEL


if __name__ == "__main__":
    main()
