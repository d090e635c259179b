"""`aigov capacity credential issue|verify|revoke`: credentials for administrators and scripts."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts import services as account_services
from aigov.accounts.access import Purpose
from aigov.accounts.selectors import users_by_email
from aigov.capacity import selectors, services
from aigov.core.errors import DomainError


def _explain(error: DomainError) -> str:
    lines = [str(error.message)]
    lines += [f"  {e.get('field') or '-'}: {e.get('message')}" for e in error.errors]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Capacity development: award, verify and revoke Open Badges 3.0 credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        topics = parser.add_subparsers(dest="topic", required=True)
        credential = topics.add_parser("credential", help="Open Badges 3.0 credentials.")
        actions = credential.add_subparsers(dest="action", required=True)

        issue = actions.add_parser("issue", help="Award a credential by hand; print its JSON.")
        issue.add_argument("--email", required=True, help="The learner's e-mail address.")
        issue.add_argument("--offering", required=True, help="The offering's slug.")

        verify = actions.add_parser(
            "verify", help="Print `valid` and exit 0, or print why not and exit 1."
        )
        verify.add_argument("file", help="The credential's JSON file ('-' for standard input).")

        revoke = actions.add_parser("revoke", help="Revoke a credential by its id.")
        revoke.add_argument("id", help="The credential's id (urn:uuid:… or the UUID).")
        revoke.add_argument("--reason", default="", help="Why it is revoked (kept in the log).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "issue":
                self._issue(options)
            elif options["action"] == "verify":
                self._verify(options)
            else:
                credential = services.credential_revoke(
                    actor=account_services.system_actor(Purpose.OPERATOR),
                    credential_id=options["id"],
                    reason=options["reason"],
                )
                self.stdout.write(f"revoked {credential.urn}")
        except DomainError as error:
            raise CommandError(_explain(error)) from error

    def _issue(self, options: dict[str, Any]) -> None:
        email = options["email"].strip()
        # Any offering, published or not: the operator's job awards what the secretariat may.
        learner = users_by_email(emails=[email]).get(email.lower())
        if learner is None:
            raise CommandError(f"No user has the e-mail address {email}.")
        offering = selectors.offering_by_slug(slug=options["offering"])
        if offering is None:
            raise CommandError(f"No offering has the slug {options['offering']}.")
        credential = services.credential_issue(
            actor=account_services.system_actor(Purpose.OPERATOR),
            learner=learner,
            offering=offering,
        )
        self.stdout.write(json.dumps(credential.document, ensure_ascii=False, indent=2))

    def _verify(self, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as unreadable:
            raise CommandError(f"Cannot read {name}: {unreadable}") from unreadable
        try:
            document = json.loads(text)
        except ValueError as bad:
            raise CommandError(f"{name} is not JSON: {bad}") from bad
        result = selectors.credential_verify(document=document)
        if not result.valid:
            raise CommandError(result.reason)
        self.stdout.write("valid")
