"""Runs the portal under uvicorn for ``scripts/serve``: says plainly when the port is taken, and
prints where the portal is only once it is listening."""

from __future__ import annotations

import errno
import os
import socket
import sys

import uvicorn


class _Server(uvicorn.Server):
    async def startup(self, sockets=None) -> None:  # noqa: ANN001
        await super().startup(sockets=sockets)
        if self.started:
            host = self.config.host
            shown = f"[{host}]" if ":" in host else host
            print(f"Portal running at http://{shown}:{self.config.port} (Ctrl+C to stop)", flush=True)


def port_taken(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def main(argv: list[str]) -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    try:
        port = int(os.environ.get("PORT", "8000"))
    except ValueError:
        print(f"PORT must be a number, like PORT=8001 (it is {os.environ['PORT']!r}).", file=sys.stderr)
        return 2
    if port_taken(host, port):
        print(f"Port {port} on {host} is already in use: another program (perhaps another copy of the portal) "
              f"is listening there.\nStop it, or choose another port: PORT={port + 1} scripts/serve", file=sys.stderr)
        return 1
    config = uvicorn.Config("app.main:app", host=host, port=port, reload="--reload" in argv)
    server = _Server(config)
    server.run()
    return 0 if server.started else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
