"""Joins the migrations of work done side by side (security, team work, assignment, models); changes nothing."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("annotator", "0008_security"),
        ("annotator", "0008_team_work"),
        ("annotator", "0008_assignment"),
        ("annotator", "0008_model_in_loop"),
    ]
    operations = []
