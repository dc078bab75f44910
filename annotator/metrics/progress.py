"""Progress by document status and each annotator's throughput and time spent."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

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
    work: dict[str, _Work] = {name: _Work() for name in usernames}
    recent: dict[str, dict[int, int]] = {}
    for annotation in annotations:
        if annotation.kind != ANNOTATION or not annotation.author:
            continue
        entry = work.setdefault(annotation.author, _Work())
        entry.time_spent += annotation.time_spent
        if annotation.status != SUBMITTED:
            entry.drafts += 1
            continue
        entry.submitted += 1
        entry.submitted_time_spent += annotation.time_spent
        windows = recent.setdefault(annotation.author, dict.fromkeys(RECENT_WINDOWS_DAYS, 0))
        for days in RECENT_WINDOWS_DAYS:
            if annotation.updated_at is not None and annotation.updated_at >= now - timedelta(days=days):
                windows[days] += 1
    rows = []
    for username in sorted(work):
        entry = work[username]
        windows = recent.get(username, dict.fromkeys(RECENT_WINDOWS_DAYS, 0))
        rows.append({
            "username": username,
            "submitted": entry.submitted,
            "drafts": entry.drafts,
            "time_spent": rounded(entry.time_spent),
            "mean_seconds_per_document": rounded(ratio(entry.submitted_time_spent, entry.submitted)),
            **{f"last_{days}_days": {"submitted": windows[days], "per_day": rounded(windows[days] / days)}
               for days in RECENT_WINDOWS_DAYS},
        })
    return rows


def document_time_figures(annotations: Iterable[AnnotationRecord]) -> list[dict]:
    """Active time per document, the documents someone worked on only, by id:
    {document, time_spent, annotators: {username: seconds}}; people's annotations only (as annotator_figures)."""
    per_document: dict[int, dict[str, float]] = {}
    for annotation in annotations:
        if annotation.kind != ANNOTATION or not annotation.author or annotation.time_spent <= 0:
            continue
        people = per_document.setdefault(annotation.document_id, {})
        people[annotation.author] = people.get(annotation.author, 0.0) + annotation.time_spent
    return [{"document": document_id, "time_spent": rounded(sum(people.values())),
             "annotators": {name: rounded(seconds) for name, seconds in sorted(people.items())}}
            for document_id, people in sorted(per_document.items())]
