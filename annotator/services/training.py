"""Model in the loop: train a spaCy ner on a project's gold, keep it as a numbered version, compare with the base.

`training_start` (API, admin, command) checks the request, creates the `train` Job and its
TrainedModel (version n = the project's last + 1, status queued) and sends the job to a worker.
`training_run`, the job's work on the worker:

1. reads the gold documents in batches (the export selector, gold only) and puts each in the split
   exports give it (`split_for`, seed 0, ratios 0.8/0.1/0.1): train and dev go to DocBin folders in an
   attempt folder of its own (annotator/services/artifacts.py: under MEDIA_ROOT on local storage, under
   LOCAL_CACHE_DIR with an object store); dev and test stay in memory (texts and spans) for scoring;
2. trains with spaCy (annotator/nlp/training.py) from the project's pipeline (its ner fine-tuned) or a
   blank one, until TRAIN_MAX_STEPS steps or TRAIN_TIME_BUDGET_SECONDS (or the request's own), checking
   the cancel flag and beating the heart about once a second, and recording every evaluation on dev
   in job.result["progress"] (and the last HISTORY_LENGTH in job.result["history"]); job.done/total
   are steps/max_steps;
3. scores the best checkpoint and the project's base pipeline (through the project's label map, as
   pre-labeling uses them) on the dev and test gold with annotator.metrics' exact span matching;
   The relation suggester learns from the train split's gold relations and is scored on the test split's
   (annotator/services/relation_training.py; stored in the pipeline folder, metrics["relations"]);
4. stores the pipeline under models/<project>/<n>/ (annotator/stored_files.py: a rename into MEDIA_ROOT,
   or one archive in the object store) and the TrainedModel's path and metrics in the transaction that
   finishes the job (annotator/services/artifacts.py).

The TrainedModel's status is its job's. A failed or cancelled run removes its attempt folder: no
pipeline folder appears, and the project's model (`Project.spacy_model`) is never changed by training.
A trained version pre-labels when asked for by name: `v3` or `project4_v3` (annotator/services/model_registry.py).
"""
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from annotator.formats.splits import DEFAULT_RATIOS, split_for_valid
from annotator.metrics import LabelCounts, Span, exact_span_counts
from annotator.models import Annotation, AnnotationKind, Job, JobKind, JobStatus, Project, TrainBase, TrainedModel
from annotator.nlp import LabelMapper, ModelNotAvailable, load_pipeline, pipeline_version, predict_entities
from annotator.selectors.exports import export_record_batches
from annotator.services.artifacts import artifact_attempt, artifact_attempt_alive, artifact_claim, artifact_install
from annotator.services.errors import Conflict, InvalidInput
from annotator.services.jobs import JobFailed, job_check_cancelled, job_create, job_enqueue, job_progress, job_run
from annotator.services.relation_training import RelationGold

log = logging.getLogger(__name__)

MODELS_FOLDER = "models"
SPLIT_SEED = 0
HISTORY_LENGTH = 50
# Seconds between two looks at the cancel flag (and heartbeats) during training.
CHECK_INTERVAL = 1.0
SCORE_BATCH_SIZE = 32
# A request may ask for at most this many steps (the time budget is bounded by the task's time limit).
MAX_STEPS_LIMIT = 1_000_000


# --- starting ---------------------------------------------------------------------------------

def training_options_validate(*, base: str | None = None, max_steps: int | None = None,
                              time_budget_seconds: float | None = None) -> dict:
    """Normalised options ({base, max_steps, time_budget_seconds}), or InvalidInput naming the field."""
    base = base or TrainBase.PROJECT
    if base not in TrainBase.values:
        raise InvalidInput(f"unknown base {base!r}",
                           errors=[{"field": "base", "message": f"must be one of {', '.join(TrainBase.values)}"}])
    max_steps = settings.TRAIN_MAX_STEPS if max_steps is None else max_steps
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or not 1 <= max_steps <= MAX_STEPS_LIMIT:
        message = f"must be an integer from 1 to {MAX_STEPS_LIMIT}"
        raise InvalidInput(f"max_steps {message}", errors=[{"field": "max_steps", "message": message}])
    limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
    budget = settings.TRAIN_TIME_BUDGET_SECONDS if time_budget_seconds is None else time_budget_seconds
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 1 <= budget <= limit:
        raise InvalidInput(f"time_budget_seconds must be a number from 1 to {limit} (TASK_SOFT_TIME_LIMIT)",
                           errors=[{"field": "time_budget_seconds", "message": f"must be from 1 to {limit}"}])
    return {"base": base, "max_steps": max_steps, "time_budget_seconds": budget}


def _base_check(*, project: Project, base: str) -> None:
    """Refuse at once what the worker would fail on: a base pipeline that is missing or has no ner."""
    from annotator.nlp.training import base_components

    if base != TrainBase.PROJECT:
        return
    try:
        base_components(project.spacy_model)
    except (ModelNotAvailable, ValueError) as exc:
        raise InvalidInput(f"cannot train from {project.spacy_model!r}: {exc}",
                           errors=[{"field": "base", "message": str(exc)}]) from None


def training_start(*, project: Project, base: str | None = None, max_steps: int | None = None,
                   time_budget_seconds: float | None = None, created_by=None, enqueue: bool = True,
                   auto: bool = False) -> Job:
    """Create a train job and its TrainedModel (the next version), and send the job to a worker
    (`enqueue=False`: the caller runs it, e.g. `manage.py train` with `training_build`). `auto`: an
    auto-train job, which promotes the version when it beats the default (annotator/services/auto_train.py).

    One training at a time per project (409 otherwise); the project needs gold documents (400).
    """
    options = training_options_validate(base=base, max_steps=max_steps, time_budget_seconds=time_budget_seconds)
    if not Annotation.objects.filter(document__project=project, kind=AnnotationKind.GOLD).exists():
        raise InvalidInput("the project has no gold documents to train on: review documents to gold first",
                           errors=[{"field": "gold", "message": "no gold documents"}])
    _base_check(project=project, base=options["base"])
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _create(project=project, options={**options, "auto": True} if auto else options,
                               created_by=created_by, enqueue=enqueue)
        except IntegrityError:  # another start took the same version number at the same moment
            if attempt == 2:
                raise Conflict("another training of this project started at the same moment; try again") from None
    raise AssertionError("unreachable")


def _create(*, project: Project, options: dict, created_by, enqueue: bool) -> Job:
    running = (Job.objects.filter(project=project, kind=JobKind.TRAIN, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
               .values_list("pk", flat=True).first())
    if running is not None:
        raise Conflict(f"training job {running} of this project is not finished: wait for it or cancel it "
                       f"(POST jobs/{running}/cancel/)", errors=[{"field": "job", "message": f"job {running} running"}])
    version = (TrainedModel.objects.filter(project=project).aggregate(last=Max("version"))["last"] or 0) + 1
    base_model = project.spacy_model if options["base"] == TrainBase.PROJECT else ""
    job = job_create(kind=JobKind.TRAIN, project=project, created_by=created_by, total=options["max_steps"],
                     params={**options, "version": version, "base_model": base_model})
    TrainedModel.objects.create(project=project, version=version, name=f"project{project.pk}_v{version}",
                                base=options["base"], base_model=base_model, job=job, created_by=created_by)
    if enqueue:
        job_enqueue(job=job)
    return job


# --- the job ----------------------------------------------------------------------------------

def training_build(*, job_id: int) -> None:
    """Run the train job in this process (`manage.py train`; a worker's task runs the same)."""
    job_run(job_id=job_id, work=training_run)


@dataclass
class GoldSplits:
    """What training reads of the gold: counts per split, the dev and test documents for scoring."""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DEFAULT_RATIOS, 0))
    dev: list[tuple[str, frozenset[Span]]] = field(default_factory=list)
    test: list[tuple[str, frozenset[Span]]] = field(default_factory=list)
    relations: RelationGold | None = None


def training_run(job: Job) -> dict:
    """The work of a train job (see the module docstring). Idempotent: a redelivered task trains again
    from the start in a new attempt folder; a version already built is not built twice."""
    trained = TrainedModel.objects.select_related("project").get(job_id=job.pk)
    if artifact_claim(job_id=job.pk, what=f"model v{trained.version}", advice="start a new training"):
        return {"trained_model": trained.pk, "version": trained.version, "already_built": True}
    with artifact_attempt(folder=f"{MODELS_FOLDER}/{trained.project_id}", key=str(trained.version)) as attempt:
        with _heartbeat(job_id=job.pk, attempt=attempt):
            return _train(job=job, trained=trained, attempt=attempt)


@contextmanager
def _heartbeat(*, job_id: int, attempt: Path | None = None):
    """Keep the job's heartbeat (and its attempt folder) fresh from a thread of its own while spaCy works:
    one evaluation on a large dev set, or loading a large base pipeline, can outlast JOB_STALE_SECONDS
    between two steps, and a silent job would be taken for one whose worker died and be started again."""
    stop = threading.Event()
    interval = max(1.0, settings.JOB_STALE_SECONDS / 4)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())
                if attempt is not None:
                    artifact_attempt_alive(attempt)
        except Exception:  # a missed beat is no reason to stop the training
            log.warning("heartbeat of job %s failed", job_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"train-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)


def _train(*, job: Job, trained: TrainedModel, attempt: Path) -> dict:
    from annotator.nlp.training import TrainSettings, eval_frequency_for, ner_train, training_config

    project = trained.project
    params = job.params
    max_steps, budget = int(params["max_steps"]), float(params["time_budget_seconds"])
    labels = list(project.entity_types.order_by("id").values_list("name", flat=True))
    job_progress(job_id=job.pk, done=0, total=max_steps)
    gold = _write_corpora(project=project, attempt=attempt, job_id=job.pk)
    if not gold.counts["train"]:
        raise JobFailed(f"no gold document falls in the train split ({_counts_text(gold.counts)}): "
                        "review more documents to gold")
    dev_path = attempt / ("dev" if gold.counts["dev"] else "train")  # no dev gold yet: watch the train set
    base_model = trained.base_model or None
    train_settings = TrainSettings(max_steps=max_steps, time_budget_seconds=budget,
                                   eval_frequency=eval_frequency_for(max_steps), seed=SPLIT_SEED,
                                   max_length=settings.MAX_DOCUMENT_CHARS + 1)
    try:
        config = training_config(base_model=base_model, lang=_lang(base_model or project.spacy_model),
                                 train_path=attempt / "train", dev_path=dev_path, settings=train_settings)
    except (ModelNotAvailable, ValueError) as exc:
        raise JobFailed(f"cannot train from {base_model or 'a blank pipeline'}: {exc}") from None
    report = _Reporter(job_id=job.pk, trained=trained, counts=gold.counts, dev_is_train=not gold.counts["dev"])
    meta = {"name": trained.name, "version": trained.model_version,
            "description": f"ner trained on the gold of project {project.pk} ({project.name}) by the annotator",
            "annotator": {"project": project.pk, "version": trained.version, "job": job.pk,
                          "base": trained.base, "base_model": trained.base_model, "labels": labels}}
    outcome = ner_train(config=config, settings=train_settings, labels=labels, output=attempt / "model", meta=meta,
                        on_step=report.step, on_evaluation=report.evaluation)
    job_check_cancelled(job_id=job.pk)
    metrics = _metrics(project=project, model_path=attempt / "model", gold=gold, job_id=job.pk)
    metrics["relations"] = gold.relations.finish(folder=attempt / "model")
    if params.get("auto"):
        metrics["auto_train"] = _auto_decision(project=project, gold=gold, metrics=metrics, job_id=job.pk)
    metrics["training"] = {"steps": outcome.steps, "stopped_by": outcome.stopped_by,
                           "seconds": round(outcome.seconds, 1),
                           "best_step": outcome.best.step if outcome.best else None, "max_steps": max_steps,
                           "time_budget_seconds": budget, "dev_is_train": report.dev_is_train}
    _meta_add(attempt / "model", {"annotator": {**meta["annotator"], "metrics": metrics}})
    job_check_cancelled(job_id=job.pk)
    summary = {**report.result(), "trained_model": trained.pk, "version": trained.version, "name": trained.name,
               "model_version": trained.model_version, "steps": outcome.steps, "stopped_by": outcome.stopped_by,
               "seconds": round(outcome.seconds, 1),
               "test": {"trained": metrics["test"]["trained"]["micro"], "base": metrics["test"]["base"].get("micro")}}
    if "auto_train" in metrics:
        summary["auto_train"] = metrics["auto_train"]
    return _install(job=job, trained=trained, attempt=attempt, metrics=metrics, summary=summary, steps=outcome.steps)


def _lang(model: str) -> str:
    """The language of the pipeline training starts from or next to (English when it is not installed)."""
    from annotator.nlp.training import pipeline_lang

    try:
        return pipeline_lang(model)
    except ModelNotAvailable:
        return "en"


def _install(*, job: Job, trained: TrainedModel, attempt: Path, metrics: dict, summary: dict, steps: int) -> dict:
    """Move the pipeline into place and record it, the job finished in the same transaction."""
    relative = f"{MODELS_FOLDER}/{trained.project_id}/{trained.version}"
    summary["path"] = relative  # the stored name (MEDIA_ROOT or the object store): never an absolute path

    def store() -> None:
        TrainedModel.objects.filter(pk=trained.pk).update(path=relative, metrics=metrics, finished_at=timezone.now())
        if metrics.get("auto_train", {}).get("promoted"):
            Project.objects.filter(pk=trained.project_id).update(default_model=trained.name, updated_at=timezone.now())

    if not artifact_install(job_id=job.pk, source=attempt / "model", relative=relative, store=store, result=summary,
                            done=job.total or steps):
        raise JobFailed(f"model v{trained.version} was ended while it was being stored")
    return summary


class _Reporter:
    """Progress of the training on its Job: heartbeat and cancel check per step (at most once per
    CHECK_INTERVAL), and every evaluation on dev in result["progress"] and result["history"]."""

    def __init__(self, *, job_id: int, trained: TrainedModel, counts: dict, dev_is_train: bool):
        self.job_id = job_id
        self.trained = trained
        self.counts = dict(counts)
        self.dev_is_train = dev_is_train
        self.last_check = 0.0
        self.latest: dict | None = None
        self.history: list[dict] = []

    def step(self, step: int, seconds: float) -> None:
        now = time.monotonic()
        if now - self.last_check < CHECK_INTERVAL:
            return
        self.last_check = now
        job_check_cancelled(job_id=self.job_id)
        job_progress(job_id=self.job_id, done=step)

    def evaluation(self, evaluation) -> None:
        self.latest = evaluation.as_dict()
        self.history = (self.history + [{k: self.latest[k] for k in ("step", "loss", "dev", "seconds")}])[
            -HISTORY_LENGTH:]
        Job.objects.filter(pk=self.job_id).update(done=evaluation.step, result=self.result(),
                                                  heartbeat_at=timezone.now())
        job_check_cancelled(job_id=self.job_id)

    def result(self) -> dict:
        return {"version": self.trained.version, "name": self.trained.name, "documents": self.counts,
                "dev_is_train": self.dev_is_train, "progress": self.latest, "history": self.history}


def _counts_text(counts: dict) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


# --- gold in, scores out ----------------------------------------------------------------------

def _write_corpora(*, project: Project, attempt: Path, job_id: int) -> GoldSplits:
    """Gold records into train/dev DocBin folders (split as exports split them); dev and test kept for scoring."""
    from annotator.nlp.training import DocBinFolder

    gold = GoldSplits(relations=RelationGold(project=project))
    folders = {"train": DocBinFolder(attempt / "train"), "dev": DocBinFolder(attempt / "dev")}
    ratios = dict(DEFAULT_RATIOS)
    for batch in export_record_batches(project=project, only_gold=True, with_tokens=True):
        job_check_cancelled(job_id=job_id)
        job_progress(job_id=job_id)  # heartbeat
        for record in batch:
            split = split_for_valid(record["id"], SPLIT_SEED, ratios)
            gold.counts[split] += 1
            gold.relations.add(record, split)
            if split in folders:
                folders[split].add(record)
            if split in ("dev", "test"):
                spans = frozenset(Span(s["start"], s["end"], s["label"]) for s in record["spans"])
                getattr(gold, split).append((record["text"], spans))
    for folder in folders.values():
        folder.close()
    return gold


def _score(nlp, documents: list[tuple[str, frozenset[Span]]], *, mapper: LabelMapper, allow_overlap: bool) -> dict:
    """Exact-match P/R/F1 per label and micro of a pipeline's entities (through the label map) against gold."""
    counts = LabelCounts()
    texts = [text for text, _spans in documents]
    for (_text, reference), records in zip(documents, predict_entities(nlp, texts, batch_size=SCORE_BATCH_SIZE,
                                                                       allow_overlap=allow_overlap)):
        predicted = {Span(r.start, r.end, label) for r in records if (label := mapper.target(r.label)) is not None}
        counts.add(exact_span_counts(predicted, reference))
    return {**counts.as_dict(), "documents": len(documents)}


def _metrics(*, project: Project, model_path: Path, gold: GoldSplits, job_id: int) -> dict:
    """The trained pipeline and the project's pipeline scored on the dev and test gold, side by side."""
    from annotator.nlp.training import trained_pipeline_load

    labels = list(project.entity_types.values_list("name", flat=True))
    trained_nlp = trained_pipeline_load(model_path, max_length=settings.MAX_DOCUMENT_CHARS + 1)
    metrics: dict = {"split": {"seed": SPLIT_SEED, "ratios": dict(DEFAULT_RATIOS), "documents": dict(gold.counts)},
                     "base_model": {"name": project.spacy_model, "version": ""}}
    try:
        base_nlp = load_pipeline(project.spacy_model, purpose="ner")
        metrics["base_model"]["version"] = pipeline_version(project.spacy_model)
    except ModelNotAvailable as exc:
        base_nlp, base_error = None, str(exc)
    for split in ("dev", "test"):
        documents = getattr(gold, split)
        job_check_cancelled(job_id=job_id)
        job_progress(job_id=job_id)  # heartbeat
        entry = {"trained": _score(trained_nlp, documents, allow_overlap=project.allow_overlap,
                                   mapper=LabelMapper(label_map=project.label_map, project_labels=labels))}
        if base_nlp is not None:
            entry["base"] = _score(base_nlp, documents, allow_overlap=project.allow_overlap,
                                   mapper=LabelMapper(label_map=project.label_map, project_labels=labels))
        else:
            entry["base"] = {"error": base_error, "documents": len(documents)}
        metrics[split] = entry
    return metrics


def _auto_decision(*, project: Project, gold: GoldSplits, metrics: dict, job_id: int) -> dict:
    """An auto-train's outcome: the new version against the project's default model on the test split."""
    from annotator.services.auto_train import auto_train_decision
    from annotator.services.model_registry import model_location, project_default_model

    default = project_default_model(project)
    if default == project.spacy_model:
        default_f1 = metrics["test"]["base"].get("micro", {}).get("f1")
    else:
        job_check_cancelled(job_id=job_id)
        labels = list(project.entity_types.values_list("name", flat=True))
        try:
            nlp = load_pipeline(model_location(project=project, model=default), purpose="ner")
            default_f1 = _score(nlp, gold.test, allow_overlap=project.allow_overlap,
                                mapper=LabelMapper(label_map=project.label_map, project_labels=labels))["micro"]["f1"]
        except ModelNotAvailable:
            default_f1 = None
    return {**auto_train_decision(trained_f1=metrics["test"]["trained"]["micro"]["f1"], default_model=default,
                                  default_f1=default_f1), "test_documents": len(gold.test)}


def _meta_add(folder: Path, values: dict) -> None:
    import json

    path = folder / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(values)
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
