"""Train a spaCy ner on a project's gold: in this process (no worker needed) or on the workers."""
import time

from django.core.management.base import BaseCommand, CommandError

from annotator.management.jobwait import job_check_succeeded, job_wait
from annotator.models import Job, TrainBase, TrainedModel
from annotator.selectors.projects import ProjectNotFound, project_by_ref
from annotator.services.errors import ServiceError
from annotator.services.training import training_build, training_start


class Command(BaseCommand):
    help = ("Train a spaCy ner on a project's gold documents (train split, evaluated on dev, the split exports "
            "use) and store it as the project's next model version; prints its test scores beside the base "
            "pipeline's. Runs here unless --queue sends it to the Celery workers.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project id or exact name")
        parser.add_argument("--base", choices=TrainBase.values, default=TrainBase.PROJECT,
                            help="start from the project's pipeline (default) or a blank one")
        parser.add_argument("--max-steps", type=int, help="stop after this many steps (default TRAIN_MAX_STEPS)")
        parser.add_argument("--time-budget", type=float, metavar="SECONDS",
                            help="stop after this many seconds of training (default TRAIN_TIME_BUDGET_SECONDS)")
        parser.add_argument("--queue", action="store_true",
                            help="send the job to the workers instead of running it here")
        parser.add_argument("--wait", action="store_true", help="with --queue: wait for the job, showing progress")

    def handle(self, *args, project, base, max_steps, time_budget, queue, wait, **options):
        try:
            target = project_by_ref(ref=project)
        except ProjectNotFound as exc:
            raise CommandError(str(exc)) from None
        try:
            job = training_start(project=target, base=base, max_steps=max_steps, time_budget_seconds=time_budget,
                                 enqueue=queue)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        version = job.params["version"]
        self.stdout.write(f"Train job {job.pk} for project {target}: model v{version} from "
                          f"{job.params['base_model'] or 'a blank pipeline'}, at most {job.params['max_steps']} steps "
                          f"or {job.params['time_budget_seconds']:g} s.")
        started = time.monotonic()
        if not queue:
            training_build(job_id=job.pk)
        elif not wait:
            return
        else:
            job_wait(job_id=job.pk, stdout=self.stdout, stderr=self.stderr, interval=1, line=_progress_line,
                     changed=_evaluation)
        job = Job.objects.get(pk=job.pk)
        job_check_succeeded(job)
        self._report(TrainedModel.objects.get(job=job), seconds=time.monotonic() - started)

    def _report(self, trained: TrainedModel, *, seconds: float) -> None:
        metrics = trained.metrics
        training = metrics.get("training", {})
        self.stdout.write(self.style.SUCCESS(
            f"Model v{trained.version} ({trained.name}, version {trained.model_version}) stored in "
            f"{trained.path}: {training.get('steps')} steps ({training.get('stopped_by')}), best at step "
            f"{training.get('best_step')}, training {training.get('seconds')} s, job {seconds:.1f} s. "
            f"Documents {metrics['split']['documents']}."))
        for split in ("dev", "test"):
            entry = metrics.get(split, {})
            for who in ("base", "trained"):
                scores = entry.get(who, {})
                micro = scores.get("micro") or {}
                labels = ", ".join(f"{label} {v['f1']:.3f}" for label, v in (scores.get("per_label") or {}).items())
                name = metrics["base_model"]["name"] if who == "base" else f"v{trained.version}"
                self.stdout.write(f"  {split:4} {name:28} P {micro.get('p', 0):.3f} R {micro.get('r', 0):.3f} "
                                  f"F1 {micro.get('f1', 0):.3f}  ({labels or scores.get('error', 'no spans')}; "
                                  f"{scores.get('documents', 0)} documents)")


def _evaluation(job: Job) -> tuple:
    """A line per evaluation on dev (and per change of status)."""
    return job.status, ((job.result or {}).get("progress") or {}).get("step")


def _progress_line(job: Job) -> str:
    progress = (job.result or {}).get("progress") or {}
    dev = progress.get("dev") or {}
    return (f"  {job.status} step {job.done}/{job.total}"
            + (f", loss {progress['loss']}, dev F1 {dev.get('f1')}" if progress else ""))
