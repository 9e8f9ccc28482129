"""English councils' working-age Council Tax Reduction schemes, as data.

    from calculators.schemes import list_schemes, scheme_for
    scheme_for("stockport", date(2026, 6, 1))   # -> Scheme or None

Check a file you have written with `python -m calculators.schemes check <file>`.
"""

from __future__ import annotations

from typing import Any

from .loader import SchemeError, check_file, load_scheme, problems_in, scheme_for, scheme_paths, schemes_for
from .model import BAND_NINTHS, UNVERIFIED, Scheme

__all__ = [
    "BAND_NINTHS",
    "UNVERIFIED",
    "Scheme",
    "SchemeError",
    "check_file",
    "list_schemes",
    "load_scheme",
    "problems_in",
    "scheme_for",
    "scheme_paths",
    "schemes_for",
]


def list_schemes() -> list[dict[str, Any]]:
    """Every scheme we ship: council code, name, year, kind, source link and dates."""
    out = []
    for path in scheme_paths():
        s = load_scheme(path)
        out.append(
            {
                "council": s.council,
                "name": s.name,
                "year": s.year,
                "kind": s.kind,
                "source": s.source.href,
                "source_title": s.source.title,
                "starts": s.starts.isoformat(),
                "ends": s.ends.isoformat() if s.ends else None,
                "fictional": s.fictional,
                "note": s.note,
            }
        )
    return out
