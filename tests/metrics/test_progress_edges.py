"""Progress figures at their edges, as a manager reads them on the dashboard: window boundaries,
what counts as someone's work, and statuses missing or unknown."""
from datetime import UTC, datetime, timedelta

from annotator.metrics import AnnotationRecord, annotator_figures, status_progress

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def record(author="alice", kind="annotation", status="submitted", seconds=10.0, ago=timedelta(hours=1), doc=1):
    return AnnotationRecord(document_id=doc, kind=kind, author=author, status=status, time_spent=seconds,
                            updated_at=None if ago is None else NOW - ago)


def test_an_annotation_exactly_seven_days_old_is_in_the_last_seven_days_and_one_second_older_is_not():
    [row] = annotator_figures([record(ago=timedelta(days=7)), record(ago=timedelta(days=7, seconds=1), doc=2),
                               record(ago=timedelta(days=30), doc=3), record(ago=timedelta(days=31), doc=4),
                               record(ago=None, doc=5)], now=NOW)
    assert row["last_7_days"] == {"submitted": 1, "per_day": 0.1429}
    assert row["last_30_days"] == {"submitted": 3, "per_day": 0.1}
    assert row["submitted"] == 5


def test_drafts_count_in_time_spent_but_not_in_the_mean_per_document():
    [row] = annotator_figures([record(seconds=30), record(seconds=50, doc=2), record(status="draft", seconds=100, doc=3)],
                              now=NOW)
    assert (row["submitted"], row["drafts"], row["time_spent"], row["mean_seconds_per_document"]) == (2, 1, 180.0, 40.0)
    assert row["last_7_days"]["submitted"] == 2


def test_gold_predictions_and_annotations_without_author_are_nobodys_work():
    rows = annotator_figures([record(kind="gold"), record(kind="prediction", author=None), record(author=None),
                              record(author="bob", kind="gold")], now=NOW, usernames=["carol"])
    assert rows == [{"username": "carol", "submitted": 0, "drafts": 0, "time_spent": 0.0,
                     "mean_seconds_per_document": 0.0, "last_7_days": {"submitted": 0, "per_day": 0.0},
                     "last_30_days": {"submitted": 0, "per_day": 0.0}}]


def test_rows_are_sorted_by_username_including_people_who_have_not_started():
    rows = annotator_figures([record(author="zoe"), record(author="bob", status="draft")], now=NOW,
                             usernames=["alice", "bob"])
    assert [(r["username"], r["submitted"], r["drafts"]) for r in rows] == [("alice", 0, 0), ("bob", 0, 1),
                                                                             ("zoe", 1, 0)]


def test_status_progress_lists_every_known_status_and_keeps_unknown_ones():
    assert status_progress({"done": 2, "odd": 1}, statuses=["new", "done"]) == {
        "total": 3, "by_status": {"new": 0, "done": 2, "odd": 1}}
    assert status_progress({}, statuses=["new"]) == {"total": 0, "by_status": {"new": 0}}


def test_every_draft_is_counted():
    [row] = annotator_figures([record(status="draft"), record(status="draft", doc=2), record(status="draft", doc=3)],
                              now=NOW)
    assert row["drafts"] == 3
