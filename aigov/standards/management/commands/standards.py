"""`aigov standards gaps` and `aigov standards definitions export|import`."""

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.standards import selectors, services, skos


class Command(BaseCommand):
    help = "The AI Standards Exchange: gap matrix and the definitions register as SKOS."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gaps = sub.add_parser(
            "gaps",
            help=(
                "Print the gap matrix: published and under-development standards per row tag and "
                'column tag, as {"rows": [...], "cols": [...], "cells": {ROW: {COL: '
                '{"published": n, "under_development": n}}}}.'
            ),
        )
        gaps.add_argument(
            "--rows", choices=selectors.ROW_AXES, default="topic", help="What the rows are."
        )
        gaps.add_argument(
            "--cols",
            choices=selectors.COLUMN_AXES,
            default="lifecycle_stage",
            help="What the columns are.",
        )
        gaps.add_argument("--format", choices=["json"], default="json", help="Output format.")

        definitions = sub.add_parser("definitions", help="The definitions register as SKOS.")
        what = definitions.add_subparsers(dest="definitions_action", required=True)
        export = what.add_parser("export", help="Print the register as SKOS.")
        export.add_argument(
            "--format", choices=sorted(skos.FORMATS), default="turtle", help="RDF syntax."
        )
        load = what.add_parser(
            "import", help="Read a SKOS file (Turtle or JSON-LD) into the register."
        )
        load.add_argument("file", help="Path of a .ttl, .jsonld or .json file.")
        load.add_argument(
            "--format",
            choices=sorted(skos.FORMATS),
            default=None,
            help="RDF syntax (default: from the file name).",
        )
        load.add_argument(
            "--dry-run", action="store_true", help="Check and count, then change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "gaps":
            coverage = selectors.coverage_matrix(
                actor=AnonymousUser(), rows=options["rows"], cols=options["cols"]
            )
            self.stdout.write(json.dumps(coverage.as_json(), ensure_ascii=False, indent=2))
            return
        if options["definitions_action"] == "export":
            concepts = list(selectors.definition_register())
            self.stdout.write(skos.serialise(concepts, options["format"]))
            return
        self._import(Path(options["file"]), options["format"], options["dry_run"])

    def _import(self, path: Path, fmt: str | None, dry_run: bool) -> None:
        try:
            content = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        parsed = skos.parse(content, name=path.name, fmt=fmt)
        if parsed.problems:
            raise CommandError("\n".join(str(problem) for problem in parsed.problems))
        with transaction.atomic():
            result = services.definitions_import(
                actor=system_actor(Purpose.OPERATOR),
                concepts=parsed.concepts,
                definitions=parsed.definitions,
            )
            if dry_run:
                transaction.set_rollback(True)
        for kind, counts in result.report.counts.items():
            self.stdout.write(f"{kind}: {counts}")
        if dry_run:
            self.stdout.write("dry run: nothing was changed")
