"""A small client for clamd, the ClamAV daemon, speaking its INSTREAM command.

Why our own: the protocol is a few lines (send ``zINSTREAM\\0``, then chunks each
prefixed by a 4-byte big-endian length, then a zero length; read one NUL-ended reply),
and the PyPI clients are either unmaintained since 2014 (``clamd``) or a young fork
whose own notes say the NUL-terminated mode is untested (``clamdpy``).

Replies: ``stream: OK``, ``stream: <signature> FOUND``, or ``... ERROR`` (for example
``INSTREAM size limit exceeded. ERROR`` when the file is over clamd's StreamMaxLength).
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

CHUNK_BYTES = 64 * 1024
MAX_REPLY_BYTES = 4096


class ScanFailed(RuntimeError):
    """clamd could not be reached or could not scan the file; the file is not known to be clean."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str | None = None  # the ClamAV signature name when a virus was found


@dataclass(frozen=True)
class ClamdClient:
    socket_path: str | None = None
    host: str | None = None
    port: int = 3310
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if not self.socket_path and not self.host:
            raise ValueError("clamd needs a unix socket path or a host")

    def ping(self) -> bool:
        try:
            return self._command(b"zPING\0") == "PONG"
        except ScanFailed:
            return False

    def scan(self, data: bytes) -> Verdict:
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), CHUNK_BYTES):
                    chunk = data[start : start + CHUNK_BYTES]
                    conn.sendall(struct.pack("!L", len(chunk)) + chunk)
                conn.sendall(struct.pack("!L", 0))
                reply = _read_reply(conn)
        except OSError as exc:
            # clamd closes the connection mid-stream when the file is over its StreamMaxLength.
            raise ScanFailed(f"clamd connection failed: {type(exc).__name__}") from None
        return _verdict(reply)

    def _command(self, command: bytes) -> str:
        try:
            with self._connect() as conn:
                conn.sendall(command)
                return _read_reply(conn)
        except OSError as exc:
            raise ScanFailed(f"clamd connection failed: {type(exc).__name__}") from None

    def _connect(self) -> socket.socket:
        if self.socket_path:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(self.timeout)
            try:
                conn.connect(self.socket_path)
            except OSError:
                conn.close()
                raise
            return conn
        return socket.create_connection((self.host, self.port), timeout=self.timeout)


def _read_reply(conn: socket.socket) -> str:
    received = b""
    while not received.endswith(b"\0") and len(received) < MAX_REPLY_BYTES:
        part = conn.recv(1024)
        if not part:
            break
        received += part
    return received.rstrip(b"\0").decode("utf-8", "replace").strip()


def _verdict(reply: str) -> Verdict:
    if reply == "stream: OK":
        return Verdict(clean=True)
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return Verdict(clean=False, signature=reply[len("stream: ") : -len(" FOUND")])
    raise ScanFailed(f"clamd did not scan the file: {reply[:200] or 'no reply'}")
