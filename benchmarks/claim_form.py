"""Claim form benchmark: p95 latency of a question page GET and POST with 50 claimants at once.

Run: python benchmarks/claim_form.py [--claimants 50] [--rounds 20] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/<db>]

Starts the portal under uvicorn (--workers, one per core by default) on a fresh SQLite database, and then on the
PostgreSQL database given (an empty one you made with createdb). Each claimant is its own
browser (cookies, CSRF token): it starts a claim, then for each round loads the "Your name"
page and saves it with a changed answer (a real save: sealed answer, history row, event),
following nothing. All claimants run at the same time; --think adds a pause between
pages (0 by default: every claimant clicks again the moment a page arrives), drawn at
random between half and one and a half times the figure given, so that the claimants do
not stay in lockstep as people would not. Prints the p50/p95 of each.
Target: p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
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
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database_url: str, data_dir: str, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": data_dir, "SECRET_KEY": "benchmark-secret-key-0123456789",
           "ENVIRONMENT": "test", "LOG_LEVEL": "WARNING", "MIGRATE_ON_START": "false"}
    env.pop("REDIS_URL", None)
    # Migrate once, as a deployment does, then start the workers.
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "heads"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--no-access-log", "--log-level", "warning",
         "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the portal did not start")


async def claimant(url: str, n: int, rounds: int, gets: list[float], posts: list[float], think: float = 0.0) -> None:
    pause = random.Random(n)  # the same pauses on every run
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        token = CSRF.search((await client.get("/claim")).text).group(1)
        started = await client.post("/claim/start", data={"csrf_token": token})
        assert started.status_code == 303, started.status_code
        # Starting a claim gives the browser a new session id, and with it a new token.
        token = CSRF.search((await client.get("/claim/tasks")).text).group(1)
        for r in range(rounds):
            t = time.perf_counter()
            page = await client.get("/claim/page/your-name")
            gets.append(time.perf_counter() - t)
            assert page.status_code == 200, page.status_code
            await asyncio.sleep(think * pause.uniform(0.5, 1.5))
            t = time.perf_counter()
            saved = await client.post(
                "/claim/page/your-name", data={"first_name": f"Person{n}", "last_name": f"Round{r}", "csrf_token": token}
            )
            posts.append(time.perf_counter() - t)
            assert saved.status_code == 303, saved.status_code
            await asyncio.sleep(think * pause.uniform(0.5, 1.5))


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


async def run(url: str, claimants: int, rounds: int, think: float = 0.0) -> tuple[list[float], list[float]]:
    gets: list[float] = []
    posts: list[float] = []
    await asyncio.gather(*(claimant(url, n, rounds, gets, posts, think) for n in range(claimants)))
    return gets, posts


def measure(label: str, database_url: str, claimants: int, rounds: int, think: float, workers: int) -> None:
    with tempfile.TemporaryDirectory() as data:
        process, url = serve(database_url.format(data=data), data, workers)
        try:
            asyncio.run(run(url, 5, 3))  # warm up
            gets, posts = asyncio.run(run(url, claimants, rounds, think))
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"{label:<11} {claimants} claimants x {rounds} rounds, {think}s (±50%) between pages, {workers} worker(s): "
          f"GET p50 {p(gets, 50):6.1f} ms  p95 {p(gets, 95):6.1f} ms | POST p50 {p(posts, 50):6.1f} ms  p95 {p(posts, 95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claimants", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.0, help="seconds each claimant waits between requests")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="uvicorn workers (default: one per core, as a deployment runs)")
    args = parser.parse_args()
    measure("SQLite", "sqlite:///{data}/bench.db", args.claimants, args.rounds, args.think, args.workers)
    if args.postgres:
        measure("PostgreSQL", args.postgres, args.claimants, args.rounds, args.think, args.workers)
    else:
        print("PostgreSQL: skipped (give --postgres or BENCH_POSTGRES_URL)")


if __name__ == "__main__":
    main()
