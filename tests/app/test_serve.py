"""scripts/serve: a taken port is said plainly, with how to choose another."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_taken_port_is_explained_and_nothing_claims_to_be_running():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "app.serve"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PORT": str(port), "HOST": "127.0.0.1"})
    assert done.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"PORT={port + 1} scripts/serve" in done.stderr
    assert "Portal running" not in done.stdout


def test_a_port_that_is_not_a_number_is_explained():
    done = subprocess.run([sys.executable, "-m", "app.serve"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PORT": "eighty"})
    assert done.returncode == 2
    assert "PORT must be a number" in done.stderr
