"""The `bench scale` client: a process of its own that sends each request of a plan --requests
times, one at a time, and prints one JSON line: {name: latency summary} (bench/client.py's).

    python -m bench.scale_client --url URL --token TOKEN --plan PLAN.json [--requests 20]

PLAN.json: {"requests": [{"name", "path", "expect"?: 200, "session"?: true, "before"?: {"method",
"path", "body"}}], "login": {"username", "password"}?}. A request with `session` is sent as the
`login` user signed in through the login page (the pages a person opens: the queue's next
document answers with a redirect); the others with the token. `before` is sent once, with the
token, before that request is measured (e.g. changing the project's queue order). A request
answered otherwise than expected is recorded with its error and the next one measured; one whose
repetitions took more than --max-seconds is repeated no more (its summary says how many were sent).
"""
import argparse
import http.client
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.client import Api, latency_summary

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """A person signed in through the login page: cookies kept by hand, redirects not followed."""

    def __init__(self, url: str, username: str, password: str):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        status, page = self.call("GET", "/accounts/login/")
        found = _CSRF_INPUT.search(page.decode())
        if status != 200 or not found:
            raise SystemExit(f"GET /accounts/login/: {status}, no form")
        body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": found.group(1)})
        status, page = self.call("POST", "/accounts/login/", body.encode(), "application/x-www-form-urlencoded")
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"signing in as {username} failed: {status} {page[:500]!r}")

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=900)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Referer": f"http://{self.host}:{self.port}/accounts/login/"}
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data


def measure(plan: dict, *, url: str, token: str, requests: int, max_seconds: float = 120) -> dict:
    api = Api(url, token)
    session = Session(url, **plan["login"]) if plan.get("login") else None
    results = {}
    for item in plan["requests"]:
        if item.get("before"):
            before = item["before"]
            api.json(before["method"], before["path"], before.get("body"))
        caller = session if item.get("session") else api
        expect = item.get("expect", 200)
        seconds, error = [], None
        for _ in range(max(1, requests)):
            started = time.perf_counter()
            try:
                status, data = caller.call("GET", item["path"])
            except (OSError, http.client.HTTPException) as exc:
                status, data = None, str(exc).encode()
            seconds.append(time.perf_counter() - started)
            if status != expect:  # recorded, and the next row measured: one slow row does not lose the others
                error = f"GET {item['path']}: expected {expect}, got {status}: {data[:300]!r}"
                break
            if sum(seconds) > max_seconds:  # a very slow request: fewer repetitions
                break
        summary = {**latency_summary(seconds), **({"error": error} if error else {})}
        if not error and data.startswith(b"{"):
            answer = json.loads(data)
            if isinstance(answer, dict) and "count" in answer:
                summary["count"] = answer["count"]
        results[item["name"]] = summary
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_client")
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=120,
                        help="stop repeating a request once its repetitions took this long (default 120)")
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text())
    print(json.dumps(measure(plan, url=args.url, token=args.token, requests=args.requests,
                             max_seconds=args.max_seconds)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
