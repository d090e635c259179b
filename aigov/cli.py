"""The `aigov` command line: Django's management commands with friendlier names.

`aigov load-reference` runs the command `load_reference`; `aigov accounts create-user ...` runs
the command `accounts` whose first argument selects a sub-command. Hyphens in the command name
become underscores, so every command is reachable under the name the documentation uses.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aigov.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "aigov"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
