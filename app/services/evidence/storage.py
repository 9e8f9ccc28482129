"""Evidence files at rest: encrypted, under random names, outside anything the web server serves.

Each file is sealed with the portal's Sealer (AES-256-GCM, context ``b"evidence-file"``)
and written to ``<data_dir>/evidence/<2 hex>/<64 hex>``. The name is 256 random bits and
says nothing about the claim or the person; the database row holds it.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from app.services.crypto import Sealer
from app.settings import PROJECT_ROOT

CONTEXT = b"evidence-file"
KEY = re.compile(r"^[0-9a-f]{64}$")
WEB_ROOTS = (PROJECT_ROOT / "static", PROJECT_ROOT / "templates")


def write_atomically(path: Path, data: bytes, *, prefix: str) -> None:
    """Write then rename, readable by the portal only, so a crash never leaves half a file under a real name."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class NoSuchFile(LookupError):
    pass


class EvidenceStore:
    def __init__(self, root: Path, sealer: Sealer) -> None:
        root = root.resolve()
        for served in WEB_ROOTS:
            if root == served.resolve() or served.resolve() in root.parents:
                raise ValueError("evidence must not be stored where the web server serves files")
        self.root = root
        self._sealer = sealer

    def put(self, data: bytes) -> str:
        key = secrets.token_hex(32)
        path = self._path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        sealed = self._sealer.seal(data, context=CONTEXT)
        write_atomically(path, sealed, prefix=".incoming-")
        return key

    def get(self, key: str) -> bytes:
        try:
            sealed = self._path(key).read_bytes()
        except FileNotFoundError:
            raise NoSuchFile(key) from None
        return self._sealer.open(sealed, context=CONTEXT)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def _path(self, key: str) -> Path:
        if not KEY.match(key):
            raise NoSuchFile(key)
        return self.root / key[:2] / key
