"""Web benchmark: the portal's start page against a bare FastAPI route sending the same bytes.

Run: python benchmarks/web.py [--path /] [--seconds 10] [--rounds 3] [--connections 50]

Starts two uvicorn servers side by side (one worker each, pinned to the first core),
captures the portal's page once and hands those bytes to the bare app, then loads each
in turn with wrk (Debian package `wrk`; pinned to the other core) with 50 concurrent
connections. Rounds alternate bare/portal so drift on a noisy machine hits both alike.
Prints requests per second and p50/p95 latency per round, the medians, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.3f %.3f %d\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cores() -> tuple[str, str]:
    available = sorted(os.sched_getaffinity(0))
    return str(available[0]), str(available[-1])


def serve(app: str, port: int, env: dict[str, str], core: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", app, "--port", str(port), "--no-access-log",
               "--log-level", "warning", "--workers", "1"]
    if shutil.which("taskset"):
        command = ["taskset", "-c", core, *command]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{app} did not start on port {port}")


def load(url: str, seconds: int, connections: int, core: str, script: Path) -> tuple[float, float, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url]
    if shutil.which("taskset"):
        command = ["taskset", "-c", core, *command]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) (\d+)", out)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{out}")
    requests, p50, p95, bad = int(found[1]), float(found[2]), float(found[3]), int(found[4])
    if bad:
        raise SystemExit(f"{url}: {bad} responses were not 2xx/3xx")
    return requests / seconds, p50, p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    server_core, load_core = cores()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        portal_env = {"DATABASE_URL": f"sqlite:///{data / 'portal.db'}", "DATA_DIR": str(data),
                      "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
                      "LOG_LEVEL": "WARNING"}
        portal_port, bare_port = free_port(), free_port()
        portal = serve("app.main:app", portal_port, portal_env, server_core)
        try:
            body = urllib.request.urlopen(f"http://127.0.0.1:{portal_port}{args.path}").read()
            (data / "body.html").write_bytes(body)
            bare = serve("benchmarks.bare_app:app", bare_port, {"BARE_BODY_FILE": str(data / "body.html")}, server_core)
            try:
                script = data / "report.lua"
                script.write_text(LUA)
                targets = {"bare": f"http://127.0.0.1:{bare_port}/",
                           "portal": f"http://127.0.0.1:{portal_port}{args.path}"}
                for url in targets.values():  # warm up both
                    load(url, 2, args.connections, load_core, script)
                results: dict[str, list[tuple[float, float, float]]] = {"bare": [], "portal": []}
                for round_ in range(1, args.rounds + 1):
                    for name, url in targets.items():
                        rps, p50, p95 = load(url, args.seconds, args.connections, load_core, script)
                        results[name].append((rps, p50, p95))
                        print(f"round {round_} {name:6}: {rps:8.0f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
            finally:
                bare.terminate()
                bare.wait()
        finally:
            portal.terminate()
            portal.wait()

    print(f"\n{args.path} ({len(body)} bytes), {args.connections} connections, {args.rounds} x {args.seconds} s each, medians:")
    med = {name: [statistics.median(r[i] for r in rows) for i in range(3)] for name, rows in results.items()}
    for name, (rps, p50, p95) in med.items():
        print(f"  {name:6}: {rps:8.0f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    ratio = med["portal"][0] / med["bare"][0]
    print(f"  portal throughput / bare throughput = {ratio:.0%} (target >= 50%)")


if __name__ == "__main__":
    main()
