"""Kiosks from the command line: enrol a screen, list them, revoke one.

    python -m app.kiosk enrol --location "Civic Centre, main reception"
    python -m app.kiosk list
    python -m app.kiosk revoke <device id>

``enrol`` prints a one-time enrolment address (using PUBLIC_URL when it is set). Open it on the
kiosk's browser and confirm; it works once, for 24 hours. The database is brought up to date first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.db import make_engine, make_sessionmaker, upgrade_to_head
from app.services.kiosk import devices
from app.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.kiosk", description="Enrol, list and revoke council kiosks.")
    commands = parser.add_subparsers(dest="command", required=True)
    enrol = commands.add_parser("enrol", help="make a one-time enrolment address for a kiosk")
    enrol.add_argument("--location", required=True, help='where the kiosk stands, e.g. "Civic Centre, main reception"')
    enrol.add_argument("--hours", type=int, default=devices.ENROLMENT_HOURS, help="how long the address works (default 24)")
    commands.add_parser("list", help="list kiosks and their status")
    revoke = commands.add_parser("revoke", help="end kiosk mode on a kiosk")
    revoke.add_argument("device_id")
    args = parser.parse_args(argv)

    settings = Settings()
    upgrade_to_head(settings.resolved_database_url)
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as db:
            if args.command == "enrol":
                if not 1 <= args.hours <= 24 * 7:
                    print("--hours must be between 1 and 168", file=sys.stderr)
                    return 2
                try:
                    made = devices.enrol(db, args.location, hours=args.hours)
                except ValueError as problem:
                    print(f"--location: {problem}", file=sys.stderr)
                    return 2
                print(f"Kiosk {made.device.id} at {made.device.location}")
                print(f"Open this address on the kiosk before {made.expires_at:%Y-%m-%d %H:%M} UTC (it works once):")
                print(devices.enrolment_url(made.token, settings.public_url))
                return 0
            if args.command == "list":
                rows = devices.listing(db)
                if not rows:
                    print("No kiosks enrolled.")
                for row in rows:
                    print(f"{row.id}  {devices.status(row):<8}  {row.location}")
                return 0
            if not devices.revoke(db, args.device_id):
                print(f"No kiosk {args.device_id}", file=sys.stderr)
                return 1
            print(f"Kiosk {args.device_id} revoked: its screen is an ordinary browser from its next page.")
            return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
