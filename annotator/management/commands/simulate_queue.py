"""Active learning, simulated: F1 against the number of labeled documents under each queue order."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotator.metrics import Span


class Command(BaseCommand):
    help = ("Label a corpus with silver spans from a pipeline (default: the default spaCy model), then, for each "
            "queue order (in order, most uncertain first, most disputed first), train a fresh ner after every k "
            "documents labeled in that order and print its F1 on a held-out test split.")

    def add_arguments(self, parser):
        parser.add_argument("--corpus", help="JSONL corpus ({text} per line, e.g. ../shared/bench/make_corpus.py "
                                             "output); default: the bench generator's documents")
        parser.add_argument("--docs", type=int, default=120, help="documents used, pool and test (default 120)")
        parser.add_argument("--words", type=int, default=120, help="words per generated document (default 120)")
        parser.add_argument("--test", type=int, default=30, help="held-out test documents (default 30)")
        parser.add_argument("--k", type=int, default=10, help="documents labeled between two trainings (default 10)")
        parser.add_argument("--rounds", type=int, default=6, help="trainings per ordering (default 6)")
        parser.add_argument("--epochs", type=int, default=15, help="epochs per training (default 15)")
        parser.add_argument("--labels", default="PERSON,ORG,GPE", help="labels kept from the silver pipeline")
        parser.add_argument("--model", default=settings.DEFAULT_SPACY_MODEL, help="pipeline giving silver labels")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        from bench.corpus import make_corpus, read_corpus

        from annotator.nlp import ModelNotAvailable, load_pipeline
        from annotator.nlp.entities import predict_entities
        from annotator.nlp.simulation import LabeledText, simulate

        if options["test"] < 1 or options["docs"] <= options["test"] or options["k"] < 1 or options["rounds"] < 1:
            raise CommandError("need --docs > --test >= 1, --k >= 1 and --rounds >= 1")
        records = (read_corpus(options["corpus"], limit=options["docs"]) if options["corpus"]
                   else make_corpus(options["docs"], words=options["words"], seed=options["seed"]))
        labels = [label.strip() for label in options["labels"].split(",") if label.strip()]
        try:
            silver_nlp = load_pipeline(options["model"])
        except ModelNotAvailable as exc:
            raise CommandError(str(exc)) from None
        texts = [record["text"] for record in records]
        silver = [LabeledText(text, frozenset(Span(r.start, r.end, r.label) for r in found if r.label in labels))
                  for text, found in zip(texts, predict_entities(silver_nlp, texts, batch_size=32, with_scores=False))]
        test, pool = silver[:options["test"]], silver[options["test"]:]
        self.stdout.write(f"{len(pool)} pool and {len(test)} test documents, silver labels {labels} from "
                          f"{options['model']}; k={options['k']}, {options['rounds']} rounds, {options['epochs']} epochs")
        curves = simulate(pool, test, labels=labels, k=options["k"], rounds=options["rounds"],
                          epochs=options["epochs"], seed=options["seed"],
                          progress=lambda ordering, n, f1: self.stdout.write(f"  {ordering}: {n} labeled, F1 {f1}"))
        orderings = list(curves)
        self.stdout.write("\n| labeled | " + " | ".join(f"F1 {name}" for name in orderings) + " |")
        self.stdout.write("|---|" + "---|" * len(orderings))
        for index, (count, _f1) in enumerate(curves[orderings[0]]):
            row = [f"{curves[name][index][1]:.4f}" if index < len(curves[name]) else "" for name in orderings]
            self.stdout.write(f"| {count} | " + " | ".join(row) + " |")
