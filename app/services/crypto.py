"""Encryption at rest for personal data: claim answers, contacts, evidence files, check answers.

AES-256-GCM (the `cryptography` package). A Sealer holds a key ring: the newest key seals,
every key it holds opens. Each sealed value says which key sealed it, so decrypting picks
the right key and a council can rotate keys without downtime (``app.services.keys``).

Two formats are stored:

- ``\\x02`` + key-id length (1 byte) + key id (ASCII) + 96-bit nonce + ciphertext: sealed
  under a DATA_ENCRYPTION_KEYS key.
- ``\\x01`` + nonce + ciphertext: written before the portal had its own data keys, with a
  key derived by HKDF from SECRET_KEY. Still opened (when the ring is given that legacy
  key) so data survives the upgrade; ``python -m app.services.keys reseal`` rewrites it.

    box = Sealer.from_keys([("2026-12", "...")], legacy_secret=settings.resolved_secret_key)
    token = box.seal(b"...", context=b"claim-answer")   # bytes to store
    box.open(token, context=b"claim-answer")            # the original bytes

`context` is bound into the ciphertext as associated data: a value sealed for one use
(say an answer) cannot be opened as another (say an evidence file).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

LEGACY = b"\x01"
KEYED = b"\x02"
VERSION = KEYED
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
MIN_KEY_CHARS = 32


class CannotDecrypt(ValueError):
    """The stored value was changed, or was sealed with another key or for another use."""


def _derive(secret: str, info: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"council-benefits-portal", info=info)
    return hkdf.derive(secret.encode())


def key_id_of(token: bytes) -> str | None:
    """Which key sealed a value: its id, or None for a value sealed before data keys (SECRET_KEY)."""
    if token[:1] == LEGACY:
        return None
    if token[:1] != KEYED or len(token) < 2:
        raise CannotDecrypt("not a value this portal sealed")
    length = token[1]
    return token[2 : 2 + length].decode("ascii", errors="replace")


class Sealer:
    def __init__(self, keys: Sequence[tuple[str, bytes]] = (), *, legacy_key: bytes | None = None) -> None:
        """``keys``: (id, 32-byte key), newest first; the first seals. ``legacy_key`` opens values
        sealed before data keys; with no ``keys`` it also seals in that old format (tests of the upgrade)."""
        if not keys and legacy_key is None:
            raise ValueError("a Sealer needs at least one key")
        self._ring: dict[str, AESGCM] = {}
        for key_id, key in keys:
            if not KEY_ID.match(key_id):
                raise ValueError(f"a data key id is 1 to 32 letters, digits, dots, dashes or underscores: {key_id!r}")
            if len(key) != 32:
                raise ValueError("the encryption key must be 32 bytes")
            if key_id in self._ring:
                raise ValueError(f"the data key id {key_id!r} is listed twice")
            self._ring[key_id] = AESGCM(key)
        self.current_key_id: str | None = keys[0][0] if keys else None
        self._legacy = AESGCM(legacy_key) if legacy_key is not None else None

    @classmethod
    def from_secret(cls, secret: str) -> Sealer:
        """The pre-data-key Sealer: one key derived from a secret string (SECRET_KEY), old format."""
        if len(secret) < 16:
            raise ValueError("the secret is too short to derive an encryption key from")
        return cls(legacy_key=_derive(secret, b"data-at-rest v1"))

    @classmethod
    def from_keys(cls, keys: Sequence[tuple[str, str]], *, legacy_secret: str | None = None) -> Sealer:
        """A ring from DATA_ENCRYPTION_KEYS entries (id, secret text), newest first, and optionally
        the SECRET_KEY that sealed values written before data keys."""
        derived = []
        for key_id, secret in keys:
            if len(secret) < MIN_KEY_CHARS:
                raise ValueError(f"the data key {key_id!r} is too short: use at least {MIN_KEY_CHARS} random characters")
            derived.append((key_id, _derive(secret, b"data-at-rest v2 " + key_id.encode())))
        legacy = _derive(legacy_secret, b"data-at-rest v1") if legacy_secret and len(legacy_secret) >= 16 else None
        return cls(derived, legacy_key=legacy)

    @property
    def key_ids(self) -> list[str]:
        return list(self._ring)

    def seal(self, plaintext: bytes, *, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        if self.current_key_id is None:
            return LEGACY + nonce + self._legacy.encrypt(nonce, plaintext, context)
        key_id = self.current_key_id.encode()
        head = KEYED + bytes([len(key_id)]) + key_id
        return head + nonce + self._ring[self.current_key_id].encrypt(nonce, plaintext, context)

    def open(self, token: bytes, *, context: bytes) -> bytes:
        if token[:1] == LEGACY:
            aead, rest = self._legacy, token[1:]
            if aead is None:
                raise CannotDecrypt("the value was sealed with SECRET_KEY before data keys, and that key is not given")
        elif token[:1] == KEYED and len(token) >= 2:
            key_id = key_id_of(token)
            aead, rest = self._ring.get(key_id), token[2 + token[1] :]
            if aead is None:
                raise CannotDecrypt("the value was sealed with a data key this portal no longer holds")
        else:
            raise CannotDecrypt("not a value this portal sealed")
        if len(rest) < NONCE_BYTES + TAG_BYTES:
            raise CannotDecrypt("not a value this portal sealed")
        nonce, body = rest[:NONCE_BYTES], rest[NONCE_BYTES:]
        try:
            return aead.decrypt(nonce, body, context)
        except InvalidTag:
            raise CannotDecrypt("the value was changed, or sealed with another key or for another use") from None

    def is_current(self, token: bytes) -> bool:
        """Whether a value is sealed with the key that seals now (nothing to reseal)."""
        try:
            return key_id_of(token) == self.current_key_id
        except CannotDecrypt:
            return False

    def reseal(self, token: bytes, *, context: bytes) -> bytes:
        """The same value sealed with the current key (the token itself when it already is)."""
        if self.is_current(token):
            return token
        return self.seal(self.open(token, context=context), context=context)

    def seal_json(self, value: Any, *, context: bytes) -> bytes:
        return self.seal(json.dumps(value, separators=(",", ":"), sort_keys=True).encode(), context=context)

    def open_json(self, token: bytes, *, context: bytes) -> Any:
        return json.loads(self.open(token, context=context))
