"""The name a person's file had, made safe to keep and show back to them.

A file name is personal data ("Jane Smith payslip March.pdf"), so the database keeps it
sealed (context ``b"evidence-filename"``) and only the person's own pages show it. The
stored file never uses it.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 100
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SPACES = re.compile(r"\s+")


def safe_filename(name: str | None, *, fallback: str = "file") -> str:
    # Browsers send only the base name, but old ones sent a full Windows path.
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = CONTROL.sub("", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in {"Cf", "Cs", "Co"})
    base = SPACES.sub(" ", base).strip(" .")
    if not base:
        return fallback
    if len(base) > MAX_LENGTH:
        stem, dot, extension = base.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            base = stem[: MAX_LENGTH - len(extension) - 1].rstrip() + "." + extension
        else:
            base = base[:MAX_LENGTH]
    return base
