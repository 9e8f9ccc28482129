"""Encryption at rest for the most sensitive data: claim answers and evidence files.

AES-256-GCM (the `cryptography` package) with a key derived by HKDF from the portal's
SECRET_KEY, or from DATA_ENCRYPTION_KEY when a council keeps a separate key. Each
ciphertext carries a one-byte format version and its 96-bit random nonce, so keys or
formats can change later without guessing what a stored value is.

    box = Sealer.from_secret(settings.resolved_secret_key)
    token = box.seal(b"...", context=b"claim-answer")   # bytes to store
    box.open(token, context=b"claim-answer")            # the original bytes

`context` is bound into the ciphertext as associated data: a value sealed for one use
(say an answer) cannot be opened as another (say an evidence file).
"""

from __future__ import annotations

import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
NONCE_BYTES = 12


class CannotDecrypt(ValueError):
    """The stored value was changed, or was sealed with another key or for another use."""


class Sealer:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the encryption key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_secret(cls, secret: str) -> Sealer:
        """A key derived from a secret string (SECRET_KEY or DATA_ENCRYPTION_KEY)."""
        if len(secret) < 16:
            raise ValueError("the secret is too short to derive an encryption key from")
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"council-benefits-portal", info=b"data-at-rest v1")
        return cls(hkdf.derive(secret.encode()))

    def seal(self, plaintext: bytes, *, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext, context)

    def open(self, token: bytes, *, context: bytes) -> bytes:
        if len(token) < 1 + NONCE_BYTES + 16 or token[:1] != VERSION:
            raise CannotDecrypt("not a value this portal sealed")
        nonce, body = token[1 : 1 + NONCE_BYTES], token[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, context)
        except InvalidTag:
            raise CannotDecrypt("the value was changed, or sealed with another key or for another use") from None

    def seal_json(self, value: Any, *, context: bytes) -> bytes:
        return self.seal(json.dumps(value, separators=(",", ":"), sort_keys=True).encode(), context=context)

    def open_json(self, token: bytes, *, context: bytes) -> Any:
        return json.loads(self.open(token, context=context))
