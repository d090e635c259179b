"""`aigov panel survey import-form|import-responses|analyse`: the panel's surveys from the shell."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.errors import DomainError
from aigov.panel import selectors, services


def _explain(error: DomainError) -> str:
    lines = [str(error.message)]
    for problem in error.errors:
        where = []
        if problem.get("row") is not None:
            where.append(f"row {problem['row']}")
        if problem.get("field"):
            where.append(
                f"column {problem['field']}" if "row" in problem else str(problem["field"])
            )
        lines.append(f"  {', '.join(where) or '-'}: {problem.get('message')}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "The scientific panel's surveys: import a form and responses, print the analysis."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="area", required=True)
        survey = sub.add_parser("survey", help="Expert surveys.")
        actions = survey.add_subparsers(dest="action", required=True)

        form = actions.add_parser(
            "import-form", help="Create the survey SLUG from an XLSForm, or replace its form."
        )
        form.add_argument("slug", help="The survey's short name (letters, digits, hyphens).")
        form.add_argument("form", help="The XLSForm file (.xlsx).")
        form.add_argument(
            "--nationality", required=True, help="Question of nationalities (ISO alpha-3 codes)."
        )
        form.add_argument("--residence", required=True, help="Question of country of residence.")
        form.add_argument("--gender", required=True, help="Question of gender.")
        form.add_argument("--field", required=True, help="Question of professional field.")

        responses = actions.add_parser(
            "import-responses",
            help="Add responses from a KoboToolbox-style CSV (one column per question name).",
        )
        responses.add_argument("slug")
        responses.add_argument("csv", help="The CSV file of responses.")

        status = actions.add_parser(
            "set-status", help="Open, close or publish a survey (publishing makes results public)."
        )
        status.add_argument("slug")
        status.add_argument("status", choices=["draft", "open", "closed", "published"])

        invite = actions.add_parser(
            "invite", help="Create single-use answer links; prints one path per line."
        )
        invite.add_argument("slug")
        invite.add_argument("--count", type=int, default=1, help="How many links (default 1).")
        invite.add_argument("--label", default="", help="Who the links are for (kept private).")

        analyse = actions.add_parser("analyse", help="Print the Annex E analysis of a survey.")
        analyse.add_argument("slug")
        analyse.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor(Purpose.OPERATOR)
        action = options["action"]
        try:
            if action == "import-form":
                survey = services.survey_import_form(
                    actor=actor,
                    slug=options["slug"],
                    path=options["form"],
                    roles=services.Roles(
                        nationality=options["nationality"],
                        residence=options["residence"],
                        gender=options["gender"],
                        field=options["field"],
                    ),
                )
                self.stderr.write(
                    f"{survey.slug}: form version {survey.form_version}, "
                    f"{survey.questions.count()} questions, {len(survey.layout)} scale items."
                )
            elif action == "import-responses":
                survey = selectors.survey_get(actor=actor, slug=options["slug"])
                path = Path(options["csv"])
                try:
                    data = path.read_bytes()
                except OSError as error:
                    raise CommandError(f"Cannot read {path}: {error}") from error
                result = services.survey_import_responses(
                    actor=actor, survey=survey, data=data, filename=path.name
                )
                self.stderr.write(f"{survey.slug}: {result.created} responses imported.")
            elif action == "set-status":
                survey = selectors.survey_get(actor=actor, slug=options["slug"])
                services.survey_set_status(actor=actor, survey=survey, status=options["status"])
                self.stderr.write(f"{survey.slug}: {options['status']}.")
            elif action == "invite":
                survey = selectors.survey_get(actor=actor, slug=options["slug"])
                if not 1 <= options["count"] <= 10_000:
                    raise CommandError("--count must be between 1 and 10000.")
                links = services.invitation_create(
                    actor=actor, survey=survey, labels=[options["label"]] * options["count"]
                )
                for link in links:
                    self.stdout.write(link.get_absolute_url())
            else:
                survey = selectors.survey_get(actor=actor, slug=options["slug"])
                figures = selectors.survey_analysis(actor=actor, survey=survey)
                self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        except DomainError as error:
            raise CommandError(_explain(error)) from error
