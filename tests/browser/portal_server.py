"""Start a real portal under uvicorn on a free port, with its own data folder, for a browser test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_portal(data: Path, *, secret_key: str, workers: int = 1, **settings: str) -> Iterator[str]:
    """The portal's address while it runs on a SQLite database in `data`; extra settings as environment
    variables (e.g. CLAMD_SOCKET=..., or DATABASE_URL for another database); ``workers`` uvicorn
    processes. Fails the test, with the server's log, if it does not start."""
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'portal.db'}",
        "SECRET_KEY": secret_key,
        "ENVIRONMENT": "test",
        **settings,
    }
    log = open(data / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
         "--workers", str(workers)],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail("the portal did not start:\n" + (data / "server.log").read_text())
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the portal did not become ready:\n" + (data / "server.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
