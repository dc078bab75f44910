"""The benchmark client: a process of its own that drives the running system over HTTP and
prints one JSON line of measurements. Plain `http.client`, no Django: request bodies are
encoded before the clock starts, each thread keeps its connection open where the server allows
it (gunicorn's sync workers close it after every answer, so those requests connect anew).

    python -m bench.client --url URL --token TOKEN documents --project ID --corpus FILE
           [--batch 1000] [--concurrency 2]
    python -m bench.client --url URL --token TOKEN predictions --project ID --file FILE
    python -m bench.client --url URL --token TOKEN latency --project ID [--requests 250]
"""
import argparse
import http.client
import json
import queue
import sys
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.corpus import bench_spans, read_corpus

FINISHED = ("succeeded", "failed", "cancelled")


class Api:
    """One HTTP connection to the system, authenticated with a token."""

    def __init__(self, url: str, token: str):
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=900)
        self.auth = f"Token {token}"
        self._used = False

    def call(self, method: str, path: str, body: bytes | None = None,
             content_type: str = "application/json") -> tuple[int, bytes]:
        headers = {"Authorization": self.auth}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            self.connection.request(method, path, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            if not self._used:
                raise
            self.connection.close()  # the server closed a kept-alive connection: send again on a new one
            self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        self._used = not response.will_close
        if response.will_close:
            self.connection.close()
        return response.status, data

    def json(self, method: str, path: str, value=None, *, expect: int = 200):
        status, data = self.call(method, path, json.dumps(value).encode() if value is not None else None)
        if status != expect:
            raise SystemExit(f"{method} {path}: expected {expect}, got {status}: {data[:2000]!r}")
        return json.loads(data) if data else None


def latency_summary(seconds: list[float]) -> dict:
    """p50, p95 and max in milliseconds (nearest rank), and the number of requests."""
    ordered = sorted(seconds)
    if not ordered:
        return {"n": 0}

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))]

    return {"n": len(ordered), "p50_ms": round(rank(0.50) * 1000, 2), "p95_ms": round(rank(0.95) * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2), "mean_ms": round(sum(ordered) / len(ordered) * 1000, 2)}


def documents(args, url: str, token: str) -> dict:
    """POST projects/{id}/documents/ with lists of --batch documents, --concurrency at a time."""
    records = read_corpus(args.corpus)
    bodies = [json.dumps(records[i:i + args.batch], ensure_ascii=False).encode()
              for i in range(0, len(records), args.batch)]
    work: queue.Queue = queue.Queue()
    for body in bodies:
        work.put(body)
    path = f"/api/v1/projects/{args.project}/documents/"
    results, latencies, failures = [], [], []

    def send() -> None:
        api = Api(url, token)
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            status, data = api.call("POST", path, body)
            latencies.append(time.perf_counter() - started)
            if status != 201:
                failures.append(f"{status}: {data[:1000]!r}")
                return
            results.append(json.loads(data))

    threads = [threading.Thread(target=send) for _ in range(max(1, args.concurrency))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise SystemExit(f"POST {path} failed: {failures[0]}")
    created = sum(r["created"] for r in results)
    return {"documents": len(records), "created": created, "duplicates": sum(r["duplicates"] for r in results),
            "requests": len(bodies), "batch": args.batch, "concurrency": args.concurrency,
            "seconds": round(seconds, 3), "docs_per_s": round(len(records) / seconds, 1),
            "request_latency": latency_summary(latencies)}


def _multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _timestamp(value: str | None) -> float | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() if value else None


def predictions(args, url: str, token: str) -> dict:
    """POST projects/{id}/imports/ (a JSONL file, as=predictions), then poll the job until it ends.

    The time is from just before the upload to the job's `finished_at` (the server's clock is
    this machine's), so the polling interval adds nothing to it; the time until this client saw
    the job finished is reported too.
    """
    path = Path(args.file)
    body, content_type = _multipart({"as": "predictions", "format": "jsonl"}, path.name, path.read_bytes())
    api = Api(url, token)
    started_wall, started = time.time(), time.perf_counter()
    status, data = api.call("POST", f"/api/v1/projects/{args.project}/imports/", body, content_type)
    upload_seconds = time.perf_counter() - started
    if status != 202:
        raise SystemExit(f"POST imports/: expected 202, got {status}: {data[:2000]!r}")
    job = json.loads(data)
    while job["status"] not in FINISHED:
        time.sleep(args.poll)
        job = api.json("GET", f"/api/v1/jobs/{job['id']}/")
    observed = time.perf_counter() - started
    if job["status"] != "succeeded":
        raise SystemExit(f"the import job {job['status']}: {job['errors'][:3]}")
    seconds = _timestamp(job["finished_at"]) - started_wall
    result = job.get("result") or {}
    documents_count = result.get("documents", job["done"])
    return {"documents": documents_count, "created": result.get("created"), "spans": result.get("spans"),
            "relations": result.get("relations"), "bytes": len(body), "upload_seconds": round(upload_seconds, 3),
            "seconds": round(seconds, 3), "docs_per_s": round(documents_count / seconds, 1),
            "observed_seconds": round(observed, 3),
            "queued_seconds": round(_timestamp(job["started_at"]) - _timestamp(job["created_at"]), 3),
            "job_seconds": round(_timestamp(job["finished_at"]) - _timestamp(job["started_at"]), 3)}


def latency(args, url: str, token: str) -> dict:
    """Save (PUT annotations/mine, 15 spans + 1 relation), save again with the version, then read
    back each of --requests documents, one request at a time: the document with its annotations
    in one request (GET documents/{id}/?include=annotations), and as two (GET the document, then
    GET its annotations)."""
    api = Api(url, token)
    docs: list[dict] = []
    page = 1
    while len(docs) < args.requests:
        answer = api.json("GET", f"/api/v1/projects/{args.project}/documents/?page_size=1000&page={page}")
        docs += answer["results"]
        if not answer.get("next"):
            break
        page += 1
    if len(docs) < args.requests:
        raise SystemExit(f"the project has {len(docs)} documents, --requests is {args.requests}")
    docs = docs[:args.requests]
    bodies = [json.dumps(bench_spans(d["text"])).encode() for d in docs]
    for doc in docs[:10]:  # warm-up, not measured: every web worker has its database connection
        api.call("GET", f"/api/v1/documents/{doc['id']}/")

    def timed(method: str, path: str, body: bytes | None = None) -> tuple[float, bytes]:
        started = time.perf_counter()
        status, data = api.call(method, path, body)
        elapsed = time.perf_counter() - started
        if status != 200:
            raise SystemExit(f"{method} {path}: {status} {data[:1000]!r}")
        return elapsed, data

    saves, resaves, reads, read_pairs, read_documents, read_annotations = [], [], [], [], [], []
    versions = {}
    for doc, body in zip(docs, bodies):
        elapsed, data = timed("PUT", f"/api/v1/documents/{doc['id']}/annotations/mine/", body)
        saved = json.loads(data)
        if len(saved["spans"]) != 15 or len(saved["relations"]) != 1:
            raise SystemExit(f"document {doc['id']}: saved {len(saved['spans'])} spans")
        versions[doc["id"]] = saved["version"]
        saves.append(elapsed)
    for doc, body in zip(docs, bodies):
        value = json.loads(body)
        value["version"] = versions[doc["id"]]
        elapsed, _ = timed("PUT", f"/api/v1/documents/{doc['id']}/annotations/mine/", json.dumps(value).encode())
        resaves.append(elapsed)
    for doc in docs:
        elapsed, data = timed("GET", f"/api/v1/documents/{doc['id']}/?include=annotations")
        if len(json.loads(data)["annotations"][0]["spans"]) != 15:
            raise SystemExit(f"document {doc['id']}: its annotation was not read back")
        reads.append(elapsed)
    for doc in docs:
        first, _ = timed("GET", f"/api/v1/documents/{doc['id']}/")
        second, data = timed("GET", f"/api/v1/documents/{doc['id']}/annotations/")
        if not json.loads(data)["results"]:
            raise SystemExit(f"document {doc['id']}: no annotations read back")
        read_documents.append(first)
        read_annotations.append(second)
        read_pairs.append(first + second)
    return {"requests": len(docs), "save": latency_summary(saves), "resave": latency_summary(resaves),
            "read": latency_summary(reads), "read_pair": latency_summary(read_pairs),
            "read_document": latency_summary(read_documents), "read_annotations": latency_summary(read_annotations)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.client")
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    scenarios = parser.add_subparsers(dest="scenario", required=True)
    plain = scenarios.add_parser("documents")
    plain.add_argument("--project", type=int, required=True)
    plain.add_argument("--corpus", required=True)
    plain.add_argument("--batch", type=int, default=1000)
    plain.add_argument("--concurrency", type=int, default=2)
    imported = scenarios.add_parser("predictions")
    imported.add_argument("--project", type=int, required=True)
    imported.add_argument("--file", required=True)
    imported.add_argument("--poll", type=float, default=0.05)
    timing = scenarios.add_parser("latency")
    timing.add_argument("--project", type=int, required=True)
    timing.add_argument("--requests", type=int, default=250)
    args = parser.parse_args()
    run = {"documents": documents, "predictions": predictions, "latency": latency}[args.scenario]
    print(json.dumps(run(args, args.url, args.token)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
