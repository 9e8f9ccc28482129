"""Page benchmark: the check's results page and the better-off page (with its chart) under 20 concurrent users.

Run: python benchmarks/pages.py [--users 20] [--seconds 15]

Starts the portal with uvicorn (--workers, one per core by default; its own SQLite database), gives each user
its own browser session with a finished check (a working lone parent in social housing)
and a job offer, then has every user load the page again and again for the time given.
Prints the median and 95th percentile of the time from request to the last byte, per
page, measured by the client on the same machine (so it is server time plus loopback).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app.check_helpers import LONE_PARENT  # noqa: E402

OFFER = {"pay_type": "hourly", "wage": "12.71", "hours": "20", "travel-amount": "15", "travel-period": "week"}
PAGES = {"results": "/check/results", "better-off (with chart)": "/better-off/result"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


async def prepare(base: str) -> httpx.AsyncClient:
    """A user whose session has finished the check and entered a job offer."""
    client = httpx.AsyncClient(base_url=base, follow_redirects=True, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', (await client.get("/check")).text)[1]
    response = await client.post("/check/start-again", data={"csrf_token": token})
    while response.url.path != "/check/check-answers":
        slug = response.url.path.removeprefix("/check/")
        data = LONE_PARENT[slug]
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        response = await client.post(response.url.path, data=dict(pairs) | {"csrf_token": token}
                                     if isinstance(data, dict) else None,
                                     content=None if isinstance(data, dict) else
                                     httpx.QueryParams([*pairs, ("csrf_token", token)]).__str__().encode(),
                                     headers=None if isinstance(data, dict) else
                                     {"content-type": "application/x-www-form-urlencoded"})
    response = await client.post("/better-off/job", data=OFFER | {"csrf_token": token})
    assert response.url.path == "/better-off/result", response.url
    return client


async def hammer(client: httpx.AsyncClient, path: str, until: float, times: list[float]) -> None:
    while time.monotonic() < until:
        start = time.perf_counter()
        response = await client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)


async def run(base: str, users: int, seconds: int) -> dict[str, list[float]]:
    clients = [await prepare(base) for _ in range(users)]
    results: dict[str, list[float]] = {}
    try:
        for name, path in PAGES.items():
            warm: list[float] = []
            await asyncio.gather(*(hammer(c, path, time.monotonic() + 2, warm) for c in clients))
            times: list[float] = []
            until = time.monotonic() + seconds
            await asyncio.gather(*(hammer(c, path, until, times) for c in clients))
            results[name] = times
    finally:
        for c in clients:
            await c.aclose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="uvicorn workers (default: one per core, as a deployment runs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/portal.db", "DATA_DIR": tmp,
               "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef", "LOG_LEVEL": "WARNING",
               "MIGRATE_ON_START": "false"}
        # Migrate once, as a deployment does, then start the workers.
        subprocess.run([sys.executable, "-m", "alembic", "upgrade", "heads"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port),
                                   "--no-access-log", "--log-level", "warning", "--workers", str(args.workers)], cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the portal did not start")
                time.sleep(0.2)
            results = asyncio.run(run(base, args.users, args.seconds))
        finally:
            server.terminate()
            server.wait()
    print(f"{args.users} concurrent users, {args.seconds} s per page, {args.workers} uvicorn worker(s):")
    for name, times in results.items():
        print(f"  {name:24} {len(times):6d} requests  {len(times) / args.seconds:7.1f} req/s  "
              f"median {statistics.median(times):7.1f} ms  p95 {percentile(times, 95):7.1f} ms")


if __name__ == "__main__":
    main()
