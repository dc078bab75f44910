"""Before the status columns of Export and TrainedModel go (0005): the job becomes the one place of it.

The API answered a row's own status when it was final (succeeded, failed, cancelled) and the job's
otherwise when the job had failed or been cancelled (the reconcilers `export_status` and
`trained_model_status`). So a job whose row holds a different final status takes the row's: from
then on both answer what the row answered. A row whose job was deleted keeps no status of its own:
it reads succeeded when its file (export) or folder (trained model) is stored, and failed when not,
the only ones it can still be (nothing will build it any more).

Backwards, the columns (re-added by reversing 0005) are filled from the jobs by the same rules.
"""
from django.db import migrations
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Now

FINISHED = ("succeeded", "failed", "cancelled")
# The model and the condition under which its artifact is stored.
ARTIFACTS = (("Export", ~Q(file="")), ("TrainedModel", ~Q(path="")))


def jobs_take_final_status(apps, schema_editor):
    Job = apps.get_model("annotator", "Job")
    for model_name, _built in ARTIFACTS:
        model = apps.get_model("annotator", model_name)
        for status in FINISHED:
            job_ids = list(model.objects.filter(status=status, job__isnull=False).exclude(job__status=status)
                           .values_list("job_id", flat=True))
            Job.objects.filter(pk__in=job_ids).update(status=status, finished_at=Coalesce("finished_at", Now()))


def rows_take_job_status(apps, schema_editor):
    Job = apps.get_model("annotator", "Job")
    for model_name, built in ARTIFACTS:
        model = apps.get_model("annotator", model_name)
        model.objects.filter(job__isnull=False).update(
            status=Subquery(Job.objects.filter(pk=OuterRef("job_id")).values("status")[:1]))
        orphans = model.objects.filter(job__isnull=True)
        orphans.filter(built).update(status="succeeded")
        orphans.exclude(built).update(status="failed")


class Migration(migrations.Migration):

    dependencies = [
        ("annotator", "0003_trainedmodel"),
    ]

    operations = [
        migrations.RunPython(jobs_take_final_status, rows_take_job_status),
    ]
