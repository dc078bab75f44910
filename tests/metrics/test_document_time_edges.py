"""Active time per document (annotator/metrics/progress.py: document_time_figures), as the dashboard
lists it: people's annotations only, summed per person, documents and people in order."""
from datetime import UTC, datetime

from annotator.metrics.progress import annotator_figures, document_time_figures
from annotator.metrics.records import AnnotationRecord


def work(document_id, author, seconds, kind="annotation"):
    return AnnotationRecord(document_id, kind, author=author, time_spent=seconds)


def test_time_per_document_and_person_from_peoples_annotations_only():
    annotations = [
        work(2, "ner", 5.0, kind="prediction"),            # first in the list: the rest still count
        work(9, "zoe", 10.0), work(9, "ann", 2.25), work(9, "zoe", 0.5),
        work(3, "bob", 1 / 3),
        work(5, "ann", 0.0), work(5, "bob", -4.0),        # no time recorded: not listed
        work(6, None, 30.0),                               # a deleted person's work: not listed
        work(7, "ann", 60.0, kind="gold"), work(8, "ner", 5.0, kind="prediction"),
    ]
    assert document_time_figures(annotations) == [
        {"document": 3, "time_spent": 0.3333, "annotators": {"bob": 0.3333}},
        {"document": 9, "time_spent": 12.75, "annotators": {"ann": 2.25, "zoe": 10.5}},
    ]
    assert list(document_time_figures(annotations)[1]["annotators"]) == ["ann", "zoe"]


def test_no_work_no_rows():
    assert document_time_figures([]) == []


def test_annotator_figures_count_people_after_work_that_is_nobodys():
    # Gold and a prediction first in the list: skipping them must not stop the count.
    annotations = [work(1, "ann", 9.0, kind="gold"), work(1, None, 9.0), work(2, "bob", 4.0)]
    [row] = annotator_figures(annotations, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert (row["username"], row["drafts"], row["time_spent"]) == ("bob", 1, 4.0)
