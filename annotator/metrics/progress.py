"""Progress by document status and each annotator's throughput and time spent."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from annotator.metrics.records import ANNOTATION, SUBMITTED, AnnotationRecord
from annotator.metrics.scores import ratio, rounded

RECENT_WINDOWS_DAYS = (7, 30)


def status_progress(counts: Mapping[str, int], *, statuses: Sequence[str]) -> dict:
    """{"total": n, "by_status": {status: n}}: every known status present (0 when none), so a
    dashboard can draw a stable bar; an unknown status found in the data is kept, not dropped."""
    by_status = {status: int(counts.get(status, 0)) for status in statuses}
    for status, count in counts.items():
        by_status.setdefault(status, int(count))
    return {"total": sum(by_status.values()), "by_status": by_status}


@dataclass
class _Work:
    submitted: int = 0
    drafts: int = 0
    time_spent: float = 0.0
    submitted_time_spent: float = 0.0


class WorkRow(NamedTuple):
    """A person's annotation (kind "annotation") as the progress figures read it: `recent` tells, for each
    of RECENT_WINDOWS_DAYS, whether its last change falls within that many days. The stats read these
    straight from the database (the windows compared there), without an AnnotationRecord each."""
    document_id: int
    author: str | None
    status: str
    time_spent: float
    recent: tuple[bool, ...]


def work_rows(annotations: Iterable[AnnotationRecord], *, now: datetime) -> list[WorkRow]:
    """The people's annotations among `annotations` as WorkRow, their windows counted back from `now`."""
    since = [now - timedelta(days=days) for days in RECENT_WINDOWS_DAYS]
    return [WorkRow(annotation.document_id, annotation.author, annotation.status, annotation.time_spent,
                    tuple(annotation.updated_at is not None and annotation.updated_at >= start for start in since))
            for annotation in annotations if annotation.kind == ANNOTATION]


def annotator_figures(annotations: Iterable[AnnotationRecord], *, now: datetime,
                      usernames: Iterable[str] = ()) -> list[dict]:
    """One row per annotator, sorted by username:
    {username, submitted, drafts, time_spent, mean_seconds_per_document,
     last_7_days: {submitted, per_day}, last_30_days: {submitted, per_day}}.

    - Only annotations of kind "annotation" count (gold and predictions are not anyone's queue).
    - `time_spent` sums seconds over drafts and submitted work: it is the time the person put in.
    - `mean_seconds_per_document` averages over submitted annotations only: what a finished
      document costs; drafts would pull it down with half-done work.
    - The recent windows count annotations submitted whose last change falls within the last N
      days (there is no separate submitted-at time, so a later edit moves it), and `per_day`
      divides by N.
    - `usernames` adds people with no annotation yet (members with the annotator role), so a
      manager sees who has not started.
    """
    return annotator_work_figures(work_rows(annotations, now=now), usernames=usernames)


def annotator_work_figures(rows: Iterable[WorkRow], *, usernames: Iterable[str] = ()) -> list[dict]:
    """annotator_figures from WorkRow (in the annotations' id order, which the sums of seconds follow)."""
    work: dict[str, _Work] = {name: _Work() for name in usernames}
    recent: dict[str, list[int]] = {}
    for row in rows:
        if not row.author:
            continue
        entry = work.setdefault(row.author, _Work())
        entry.time_spent += row.time_spent
        if row.status != SUBMITTED:
            entry.drafts += 1
            continue
        entry.submitted += 1
        entry.submitted_time_spent += row.time_spent
        windows = recent.setdefault(row.author, [0] * len(RECENT_WINDOWS_DAYS))
        for index, inside in enumerate(row.recent):
            if inside:
                windows[index] += 1
    rows_out = []
    for username in sorted(work):
        entry = work[username]
        windows = recent.get(username, [0] * len(RECENT_WINDOWS_DAYS))
        rows_out.append({
            "username": username,
            "submitted": entry.submitted,
            "drafts": entry.drafts,
            "time_spent": rounded(entry.time_spent),
            "mean_seconds_per_document": rounded(ratio(entry.submitted_time_spent, entry.submitted)),
            **{f"last_{days}_days": {"submitted": count, "per_day": rounded(count / days)}
               for days, count in zip(RECENT_WINDOWS_DAYS, windows, strict=True)},
        })
    return rows_out


def document_time_figures(annotations: Iterable[AnnotationRecord | WorkRow]) -> list[dict]:
    """Active time per document, the documents someone worked on only, by id:
    {document, time_spent, annotators: {username: seconds}}; people's annotations only (as annotator_figures;
    WorkRow are people's annotations)."""
    per_document: dict[int, dict[str, float]] = {}
    for annotation in annotations:
        if getattr(annotation, "kind", ANNOTATION) != ANNOTATION or not annotation.author or annotation.time_spent <= 0:
            continue
        people = per_document.setdefault(annotation.document_id, {})
        people[annotation.author] = people.get(annotation.author, 0.0) + annotation.time_spent
    return [{"document": document_id, "time_spent": rounded(sum(people.values())),
             "annotators": {name: rounded(seconds) for name, seconds in sorted(people.items())}}
            for document_id, people in sorted(per_document.items())]
