"""`python -m calculators.schemes check <file> [<file> ...]` and `python -m calculators.schemes list`."""

from __future__ import annotations

import argparse
import sys

from . import check_file, list_schemes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators.schemes", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check council scheme files and explain any mistakes")
    check.add_argument("files", nargs="+")
    sub.add_parser("list", help="list the schemes we ship")
    args = parser.parse_args(argv)

    if args.command == "list":
        for s in list_schemes():
            print(f"{s['council']:<32} {s['year']}  {s['kind']:<8} {s['name']}")
        return 0

    failed = 0
    for file in args.files:
        problems = check_file(file)
        if problems:
            failed += 1
            print(f"{file}: {len(problems)} {'mistake' if len(problems) == 1 else 'mistakes'}")
            for p in problems:
                print(f"  - {p}")
        else:
            print(f"{file}: OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
