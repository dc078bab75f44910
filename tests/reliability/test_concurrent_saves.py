"""Concurrent annotation saves through the real server: no errors, no lost updates, no stale overwrite.

gunicorn (3 sync workers, its own process) serves the test database; 16 client threads with
token auth save for a bounded time: 12 threads are 6 annotators (two browser tabs each) saving
their own annotation of 3 shared documents, 4 threads are 2 reviewers (two tabs each) competing
for the same gold annotations. Each save sends the `version` it last saw; one in ten sends a
version it knows is stale.

Every acknowledged save (200 with version v) is recorded per annotation. At the end:
- no answer other than 200 and the intended 409 (no 5xx, no "database is locked");
- a 200 to a save of version s answers version s + 1, and no two saves are acknowledged with
  the same version (two winners of one compare-and-set would be a lost update);
- a save whose version was older than one already acknowledged or read is refused with 409;
- the stored annotation is the last acknowledged one: its version, spans, relations and status.

A second test kills web workers (SIGKILL, as the kernel's OOM killer would) in the middle of
the same load: the master replaces them, requests in flight on them get no answer, and every
annotation is still whole: the last acknowledged save, or a save whose answer was lost with the
worker, never a mix and never a half-written one.

Duration: RELIABILITY_SECONDS, by default 30 under CI (CI=true, as .ci/run is run) and 10
otherwise (the fault test takes a third of it, at least 6 s). RELIABILITY_SEED replays a run's
choices (each run prints its seed). Figures (requests/s, latency p50/p95, 409s) are printed and
written to test-artifacts/reliability[-killed-workers]-<database>.json.
"""
import http.client
import json
import os
import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from annotator.models import Annotation, AnnotationKind, Membership
from annotator.services.tokens import api_token_issue

ROOT = Path(__file__).resolve().parent.parent.parent
LABELS = ["PERSON", "ORG", "GPE"]
ANNOTATORS = [f"ann{n}" for n in range(6)]
REVIEWERS = ["rev0", "rev1"]
TABS = 2  # threads per person: 6 * 2 + 2 * 2 = 16 clients
DOCUMENTS = 3
WORDS_PER_DOCUMENT = 40
STALE_SHARE = 0.1


def run_seconds() -> float:
    raw = os.environ.get("RELIABILITY_SECONDS", "").strip()
    if raw:
        return float(raw)
    return 30.0 if os.environ.get("CI", "").lower() in ("1", "true", "yes") else 10.0


def database_name() -> str:
    return "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"


@dataclass
class Ledger:
    """What the server acknowledged for one annotation, and the newest version anyone saw."""

    acks: dict[int, tuple] = field(default_factory=dict)  # version -> (spans, relations, status)
    duplicate_acks: list[int] = field(default_factory=list)
    # Saves sent without an answer (their worker was killed): (version sent, (spans, relations, status)).
    unanswered: list[tuple[int, tuple]] = field(default_factory=list)
    seen: int = 0  # the highest version acknowledged or read back


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    saves: int = 0
    reads: int = 0
    acknowledged: int = 0
    conflicts: int = 0
    stale_sent: int = 0
    unanswered: int = 0
    ack_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Client:
    """One browser tab: a person saving one kind of annotation on the shared documents."""

    def __init__(self, *, port: int, token: str, username: str, kind: str, documents: list[dict], seed: int,
                 ledgers: dict, lock: threading.Lock, deadline: float, workers_killed: bool = False):
        self.port, self.username, self.kind = port, username, kind
        self.workers_killed = workers_killed  # a request may then go unanswered
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json",
                        "Accept": "application/json"}
        self.documents, self.ledgers, self.lock, self.deadline = documents, ledgers, lock, deadline
        self.random = random.Random(seed)
        self.known: dict[tuple, int | None] = {}
        self.tally = Tally()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def key(self, document: dict) -> tuple:
        return (document["id"], self.kind, self.username if self.kind == AnnotationKind.ANNOTATION else None)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict | str]:
        started = time.perf_counter()
        try:
            self.connection.request(method, path, json.dumps(body) if body is not None else None, self.headers)
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            if not self.workers_killed:
                self.tally.errors.append(f"{method} {path}: {type(exc).__name__}: {exc}")
            return 0, ""
        self.tally.latencies.append(time.perf_counter() - started)
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw[:300].decode("utf-8", "replace")

    def current_version(self, document: dict) -> int | None:
        """The stored version of this tab's annotation of the document (0: none yet), read through the API."""
        self.tally.reads += 1
        status, body = self.request("GET", f"/api/v1/documents/{document['id']}/annotations/?page_size=100")
        if status != 200:
            if status:
                self.tally.errors.append(f"GET annotations of {document['id']}: {status} {str(body)[:300]}")
            return None
        mine = [a for a in body["results"] if a["kind"] == self.kind
                and (self.kind == AnnotationKind.GOLD or a["author"] == self.username)]
        version = mine[0]["version"] if mine else 0
        with self.lock:
            ledger = self.ledgers.setdefault(self.key(document), Ledger())
            ledger.seen = max(ledger.seen, version)
        return version

    def body(self, document: dict) -> dict:
        words = self.random.sample(document["words"], self.random.randint(0, 6))
        spans = []
        for index, (start, end) in enumerate(sorted(words)):
            span = {"id": f"s{index}", "start": start, "end": end, "label": self.random.choice(LABELS)}
            if self.random.random() < 0.5:
                span["text"] = document["text"][start:end]
            spans.append(span)
        people = [s for s in spans if s["label"] == "PERSON"]
        orgs = [s for s in spans if s["label"] == "ORG"]
        relations = []
        if people and orgs and self.random.random() < 0.7:
            relations.append({"head": people[0]["id"], "child": orgs[-1]["id"], "label": "works_for"})
        body = {"spans": spans, "relations": relations}
        if self.kind == AnnotationKind.ANNOTATION:
            body["submit"] = self.random.random() < 0.3
        return body

    def save(self, document: dict) -> None:
        key = self.key(document)
        known = self.known.get(key)
        if known is None:
            known = self.current_version(document)
            if known is None:
                return
        version = known
        if known > 0 and self.random.random() < STALE_SHARE:
            version = self.random.randint(0, known - 1)  # a version this tab knows was replaced
        body = {**self.body(document), "version": version}
        with self.lock:
            newest_seen = self.ledgers.setdefault(key, Ledger()).seen
        must_conflict = version < newest_seen
        self.tally.stale_sent += must_conflict
        self.tally.saves += 1
        path = "annotations/mine" if self.kind == AnnotationKind.ANNOTATION else "gold"
        status, answer = self.request("PUT", f"/api/v1/documents/{document['id']}/{path}/", body)
        if status == 200:
            self.acknowledged(key, version, body, answer, must_conflict)
        elif status == 409:
            self.tally.conflicts += 1
            self.known[key] = None  # read the stored version before the next save
        elif status:
            self.tally.errors.append(f"PUT {key} version {version}: {status} {str(answer)[:300]}")
        else:  # no answer: it may or may not have been stored, but only whole
            self.tally.unanswered += 1
            with self.lock:
                self.ledgers[key].unanswered.append((version, (*comparable(body["spans"], body["relations"]),
                                                               self.status_of(body))))
            self.known[key] = None

    def acknowledged(self, key: tuple, version: int, body: dict, answer: dict, must_conflict: bool) -> None:
        self.tally.acknowledged += 1
        stored = answer["version"]
        if must_conflict:
            self.tally.errors.append(f"stale version {version} of {key} overwrote a newer one (answer {stored})")
        if stored != version + 1:
            self.tally.errors.append(f"save of {key} at version {version} answered version {stored}")
        expected = comparable(body["spans"], body["relations"])
        if comparable(answer["spans"], answer["relations"]) != expected:
            self.tally.errors.append(f"answer of {key} version {stored} is not the body sent")
        status = self.status_of(body)
        self.tally.ack_times.append(time.monotonic())
        with self.lock:
            ledger = self.ledgers.setdefault(key, Ledger())
            if stored in ledger.acks:
                ledger.duplicate_acks.append(stored)
            ledger.acks[stored] = (*expected, status)
            ledger.seen = max(ledger.seen, stored)
        self.known[key] = stored

    def status_of(self, body: dict) -> str:
        return "submitted" if body.get("submit", self.kind == AnnotationKind.GOLD) else "draft"

    def run(self) -> None:
        try:
            while time.monotonic() < self.deadline:
                self.save(self.random.choice(self.documents))
        except Exception as exc:  # a bug in the client must fail the test, not vanish with the thread
            self.tally.errors.append(f"client crashed: {type(exc).__name__}: {exc}")
        finally:
            self.connection.close()


def comparable(spans: list[dict], relations: list[dict]) -> tuple:
    """Spans as sorted (start, end, label); relations by the (start, end, label) of their ends."""
    where = {span["id"]: (span["start"], span["end"], span["label"]) for span in spans}
    return sorted(where.values()), sorted((where[r["head"]], where[r["child"]], r["label"]) for r in relations)


def stored(annotation: Annotation) -> tuple:
    spans = {s.pk: (s.start, s.end, s.label.name) for s in annotation.spans.select_related("label")}
    relations = sorted((spans[r.head_id], spans[r.child_id], r.label.name)
                       for r in annotation.relations.select_related("label"))
    return sorted(spans.values()), relations, annotation.status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@pytest.fixture
def shared_documents(django_user_model):
    from annotator.services.documents import documents_add
    from annotator.services.projects import project_create

    project = project_create(name="Load", entity_types=LABELS,
                             relation_types=[{"name": "works_for", "head_types": ["PERSON"], "child_types": ["ORG"]}])
    tokens = {}
    for username in ANNOTATORS + REVIEWERS:
        user = django_user_model.objects.create_user(username=username, password="pw")
        Membership.objects.create(user=user, project=project, role="reviewer" if username in REVIEWERS else "annotator")
        tokens[username] = api_token_issue(user=user)
    texts = [" ".join(f"W{n}w{index}" for index in range(WORDS_PER_DOCUMENT)) + "." for n in range(DOCUMENTS)]
    ids = documents_add(project=project, records=[{"text": text} for text in texts]).ids
    documents = []
    for pk, text in zip(ids, texts):
        words, start = [], 0
        for word in text.rstrip(".").split(" "):
            words.append((start, start + len(word)))
            start += len(word) + 1
        documents.append({"id": pk, "text": text, "words": words})
    return documents, tokens


def run_load(server, documents: list[dict], tokens: dict, *, seconds: float, seed: int, workers_killed=False,
             during=None) -> tuple[list[Client], dict, float]:
    """16 clients saving for `seconds`; `during(started)` runs in this thread meanwhile."""
    ledgers: dict[tuple, Ledger] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    clients = []
    for people, kind in ((ANNOTATORS, AnnotationKind.ANNOTATION), (REVIEWERS, AnnotationKind.GOLD)):
        for username in people:
            for _tab in range(TABS):
                clients.append(Client(port=server.port, token=tokens[username], username=username, kind=kind,
                                      documents=documents, seed=seed * 100 + len(clients), ledgers=ledgers,
                                      lock=lock, deadline=deadline, workers_killed=workers_killed))
    assert len(clients) == 16
    threads = [threading.Thread(target=client.run, name=f"client-{n}") for n, client in enumerate(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if during is not None:
        during(started)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return clients, ledgers, time.monotonic() - started


def totals(clients: list[Client]) -> Tally:
    tally = Tally()
    for client in clients:
        for name in ("saves", "reads", "acknowledged", "conflicts", "stale_sent", "unanswered"):
            setattr(tally, name, getattr(tally, name) + getattr(client.tally, name))
        for name in ("latencies", "ack_times", "errors"):
            getattr(tally, name).extend(getattr(client.tally, name))
    return tally


def assert_stored_as_acknowledged(ledgers: dict) -> None:
    """Each annotation is its last acknowledged save, or a save left unanswered that claimed that version."""
    for key, ledger in ledgers.items():
        assert ledger.duplicate_acks == [], f"{key}: versions acknowledged twice: {ledger.duplicate_acks}"
        document_id, kind, username = key
        rows = Annotation.objects.filter(document_id=document_id, kind=kind)
        if username is not None:
            rows = rows.filter(author__username=username)
        annotation = rows.first()
        newest = max(ledger.acks, default=0)
        lost_answers = [state for version, state in ledger.unanswered if version == newest]
        if annotation is None:
            assert not ledger.acks, f"{key}: acknowledged saves but nothing stored"
        elif annotation.version == newest:
            assert stored(annotation) == ledger.acks[newest], f"{key}: not the last acknowledged save"
        else:
            assert annotation.version == newest + 1 and stored(annotation) in lost_answers, (
                f"{key}: stored version {annotation.version} is neither the last acknowledged ({newest}) nor a "
                "whole save whose answer was lost")
    assert Annotation.objects.filter(kind=AnnotationKind.GOLD).count() <= DOCUMENTS


def report(capsys, tally: Tally, *, server, clients: int, elapsed: float, seed: int, name: str,
           extra: str = "") -> dict:
    requests = len(tally.latencies)
    figures = {
        "database": database_name(), "web_workers": server.workers, "clients": clients,
        "seconds": round(elapsed, 1), "seed": seed, "requests": requests, "saves": tally.saves,
        "reads": tally.reads, "acknowledged": tally.acknowledged, "conflicts_409": tally.conflicts,
        "stale_versions_sent": tally.stale_sent, "unanswered": tally.unanswered,
        "requests_per_second": round(requests / elapsed, 1),
        "latency_ms": {"p50": round(percentile(tally.latencies, 0.5) * 1000, 1),
                       "p95": round(percentile(tally.latencies, 0.95) * 1000, 1),
                       "max": round(max(tally.latencies, default=0) * 1000, 1)},
    }
    with capsys.disabled():
        print(f"\n{name} ({figures['database']}, {server.workers} gunicorn workers, {clients} clients, "
              f"{figures['seconds']} s, seed {seed}): {requests} requests ({tally.saves} saves, {tally.reads} reads), "
              f"{figures['requests_per_second']} req/s, latency p50 {figures['latency_ms']['p50']} ms, "
              f"p95 {figures['latency_ms']['p95']} ms, max {figures['latency_ms']['max']} ms; "
              f"{tally.acknowledged} saves acknowledged, {tally.conflicts} answered 409 "
              f"({tally.stale_sent} of them sent a version known to be stale){extra}\n")
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / f"{name}-{figures['database']}.json").write_text(json.dumps(figures, indent=2) + "\n")
    return figures


def run_seed() -> int:
    return int(os.environ.get("RELIABILITY_SEED") or random.randrange(1_000_000))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_concurrent_saves_lose_nothing(web_server, shared_documents, capsys):
    documents, tokens = shared_documents
    server = web_server(workers=3)
    seed = run_seed()
    clients, ledgers, elapsed = run_load(server, documents, tokens, seconds=run_seconds(), seed=seed)
    server.stop()
    tally = totals(clients)
    figures = report(capsys, tally, server=server, clients=len(clients), elapsed=elapsed, seed=seed,
                     name="reliability")

    assert tally.errors == [], "\n".join(tally.errors[:20])
    assert tally.unanswered == 0, figures
    log = server.log()
    for sign in ("database is locked", "Traceback", "Internal Server Error", "WORKER TIMEOUT"):
        assert sign not in log, log[-3000:]
    assert tally.acknowledged > 0 and tally.conflicts > 0, figures  # the run did race
    assert_stored_as_acknowledged(ledgers)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_killed_web_workers_leave_every_annotation_whole(web_server, shared_documents, capsys):
    documents, tokens = shared_documents
    server = web_server(workers=3)
    seed = run_seed()
    seconds = max(6.0, run_seconds() / 3)
    killed: list[float] = []

    def kill_workers(started: float) -> None:
        chooser = random.Random(seed)
        for at in (seconds * 0.25, seconds * 0.5):
            time.sleep(max(0.0, started + at - time.monotonic()))
            workers = server.worker_pids()
            assert workers, "no gunicorn worker to kill"
            os.kill(chooser.choice(workers), 9)
            killed.append(time.monotonic())

    clients, ledgers, elapsed = run_load(server, documents, tokens, seconds=seconds, seed=seed, workers_killed=True,
                                         during=kill_workers)
    server.stop()
    tally = totals(clients)
    figures = report(capsys, tally, server=server, clients=len(clients), elapsed=elapsed, seed=seed,
                     name="reliability-killed-workers",
                     extra=f"; {len(killed)} workers killed, {tally.unanswered} saves left unanswered")

    assert tally.errors == [], "\n".join(tally.errors[:20])
    log = server.log()
    for sign in ("database is locked", "Internal Server Error"):
        assert sign not in log, log[-3000:]
    # The server recovered: saves were acknowledged after the last kill (a new worker took over).
    assert any(at > killed[-1] + 0.5 for at in tally.ack_times), figures
    assert_stored_as_acknowledged(ledgers)
