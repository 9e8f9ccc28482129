"""Kiosk browser tests: a portal with a kiosk council profile, enrolling through the real command, and measuring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.browser.portal_server import PROJECT_ROOT

# Chromium with touch, as on a council's reception screen (no phone user agent).
KIOSK_VIEWPORTS = {"landscape": {"width": 1920, "height": 1080}, "portrait": {"width": 1080, "height": 1920}}
TARGET = 48

# Every element a finger can use, visible on the page, with its size in CSS pixels.
MEASURE_TARGETS = """
() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')]
  .filter(el => {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[hidden]')) return false;
    if (rect.width <= 1 || rect.height <= 1) return false;   // visually hidden until focused (the skip link)
    return true;
  })
  .map(el => {
    const rect = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 120), width: rect.width, height: rect.height};
  })
"""


def enrol_with_command(data: Path, location: str) -> str:
    """`python -m app.kiosk enrol`, as a council officer runs it, against the test portal's database."""
    env = {**os.environ, "DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'portal.db'}",
           "SECRET_KEY": "kiosk-browser-secret", "ENVIRONMENT": "test"}
    out = subprocess.run([sys.executable, "-m", "app.kiosk", "enrol", "--location", location], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return next(line for line in out.splitlines() if "/kiosk/enrol?token=" in line).strip()


def revoke_with_command(data: Path, device_id: str) -> None:
    env = {**os.environ, "DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'portal.db'}",
           "SECRET_KEY": "kiosk-browser-secret", "ENVIRONMENT": "test"}
    subprocess.run([sys.executable, "-m", "app.kiosk", "revoke", device_id], cwd=PROJECT_ROOT, env=env, check=True,
                   capture_output=True)
