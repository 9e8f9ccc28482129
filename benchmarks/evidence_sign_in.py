"""Evidence sign-in benchmark: does a burst of wrong secrets hold up other requests?

Run: python benchmarks/evidence_sign_in.py [--guesses 20] [--rounds 5]

Makes a claim with a secret in a fresh SQLite database, starts the portal under uvicorn
(one worker), and for each round sends ``--guesses`` wrong sign-ins at once (each one an
Argon2 check of the secret) while timing ``GET /healthz`` during the burst. Prints the
median /healthz time per round and overall. The guessing limits are raised for the run so
that every guess really checks the secret.

Measured on a shared two-core machine, 20 guesses, 3 rounds: with the evidence routes on
the event loop, /healthz waited for the burst (median 3.4 s); with them in the thread pool,
median 4.6 ms.
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
SECRET = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_claim(env: dict[str, str]) -> str:
    """A draft claim with a secret, made through the portal itself in this process."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.services import claim_journey, claims
    from app.settings import Settings

    app = create_app(Settings())
    with TestClient(app) as client:
        page = client.get("/claim")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post("/claim/start", data={"csrf_token": token})
        reference = re.search(r"HB-[0-9A-Z]{10}", response.text).group(0)
    with app.state.sessionmaker() as db:
        claim_journey.set_secret(db, claims.get_claim(db, reference), SECRET)
        db.commit()
    return reference


async def one_round(base: str, reference: str, guesses: int) -> list[float]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        page = await client.get("/claim/evidence")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

        async def guess(n: int) -> None:
            await client.post("/claim/evidence", data={"csrf_token": token, "reference": reference, "secret": f"guess {n}"})

        async def health() -> float:
            started = time.perf_counter()
            await client.get("/healthz")
            return time.perf_counter() - started

        burst = [asyncio.create_task(guess(n)) for n in range(guesses)]
        await asyncio.sleep(0.02)  # the guesses are in flight
        timings = []
        while not all(task.done() for task in burst):
            timings.append(await health())
        await asyncio.gather(*burst)
        return timings or [await health()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guesses", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    env = {
        "DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'portal.db'}", "SECRET_KEY": "benchmark-secret",
        "ENVIRONMENT": "test", "CLAIM_RESUME_MAX_FAILURES": "100000", "CLAIM_RESUME_IP_LIMIT": "100000",
    }
    reference = make_claim(env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--no-access-log", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit("the portal did not start") from None
                time.sleep(0.2)
        medians = []
        for number in range(1, args.rounds + 1):
            timings = asyncio.run(one_round(base, reference, args.guesses))
            medians.append(statistics.median(timings))
            print(f"round {number}: /healthz median {medians[-1] * 1000:.1f} ms over {len(timings)} requests during {args.guesses} guesses")
        print(f"median of rounds: {statistics.median(medians) * 1000:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
