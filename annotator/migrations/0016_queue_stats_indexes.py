"""Indexes for the stats and the annotators' queue at a million documents: the queue's three orders
over the open documents only (one run per number of submissions instead of per status and number),
the model comparison's shared gold ids read from an index alone, and people's annotations in order."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('annotator', '0015_relation_score_auto_train'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='document',
            name='document_queue_order',
        ),
        migrations.RemoveIndex(
            model_name='document',
            name='document_queue_uncertain',
        ),
        migrations.RemoveIndex(
            model_name='document',
            name='document_queue_spread',
        ),
        migrations.RemoveIndex(
            model_name='documentfigures',
            name='documentfigures_signature',
        ),
        migrations.AddIndex(
            model_name='annotation',
            index=models.Index(condition=models.Q(('kind', 'annotation')), fields=['id'], name='annotation_people'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(condition=models.Q(models.Q(('status', 'gold'), _negated=True), models.Q(('status', 'skipped'), _negated=True)), fields=['project', 'figure_submitted', 'id'], name='document_queue_open_order'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(condition=models.Q(models.Q(('status', 'gold'), _negated=True), models.Q(('status', 'skipped'), _negated=True)), fields=['project', 'figure_submitted', 'figure_uncertainty', 'id'], name='document_queue_open_uncertain'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(condition=models.Q(models.Q(('status', 'gold'), _negated=True), models.Q(('status', 'skipped'), _negated=True)), fields=['project', 'figure_submitted', '-figure_model_spread', 'id'], name='document_queue_open_spread'),
        ),
        migrations.AddIndex(
            model_name='documentfigures',
            index=models.Index(fields=['project', 'gold_signature', 'document'], name='documentfigures_shared'),
        ),
    ]
