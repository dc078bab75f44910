"""Export and TrainedModel take their status from their job (annotator/models: `status` properties)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("annotator", "0004_job_owns_artifact_status"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="export",
            name="export_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="trainedmodel",
            name="trainedmodel_status_valid",
        ),
        migrations.RemoveField(
            model_name="export",
            name="status",
        ),
        migrations.RemoveField(
            model_name="trainedmodel",
            name="status",
        ),
        migrations.AlterField(
            model_name="export",
            name="job",
            field=models.OneToOneField(blank=True, help_text="The job that builds it; its status is the export's.",
                                       null=True, on_delete=django.db.models.deletion.SET_NULL,
                                       related_name="export", to="annotator.job"),
        ),
        migrations.AlterField(
            model_name="trainedmodel",
            name="job",
            field=models.OneToOneField(blank=True, help_text="The train job; its status is the model's.", null=True,
                                       on_delete=django.db.models.deletion.SET_NULL, related_name="trained_model",
                                       to="annotator.job"),
        ),
    ]
