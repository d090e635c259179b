"""`aigov accounts create-user|create-token|ensure-admin`: accounts for admins and scripts."""

import secrets
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts import services
from aigov.accounts.access import Purpose
from aigov.accounts.models import ApiToken, Role, User
from aigov.core.errors import DomainError


def _explain(error: DomainError) -> str:
    lines = [str(error.message)]
    lines += [f"  {e.get('field') or '-'}: {e.get('message')}" for e in error.errors]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Create users and API tokens from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        create_user = sub.add_parser("create-user", help="Create a user with a role.")
        create_user.add_argument("--email", required=True, help="E-mail address used to sign in.")
        create_user.add_argument(
            "--role", required=True, choices=Role.values, help="Role to grant."
        )
        create_user.add_argument("--country", help="ISO alpha-3 code; required for focal_point.")
        create_user.add_argument("--name", default="", help="Display name.")
        create_user.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        create_user.add_argument(
            "--admin", action="store_true", help="Also make the user an administrator."
        )

        create_token = sub.add_parser(
            "create-token", help="Issue an API token; printed alone on the last line."
        )
        create_token.add_argument("--email", required=True, help="Owner of the token.")
        create_token.add_argument(
            "--scope",
            action="append",
            choices=ApiToken.Scope.values,
            help="Scope (repeatable); default read.",
        )
        create_token.add_argument("--name", default="", help="A name to recognise the token by.")

        ensure_admin = sub.add_parser(
            "ensure-admin",
            help="Create the first administrator if none exists and print its password once.",
        )
        ensure_admin.add_argument(
            "--email", default="admin@localhost", help="Administrator e-mail address."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        actor = services.system_actor(Purpose.OPERATOR)
        try:
            if action == "create-user":
                self._create_user(actor, options)
            elif action == "create-token":
                self._create_token(actor, options)
            else:
                self._ensure_admin(actor, options)
        except DomainError as error:
            raise CommandError(_explain(error)) from error

    def _create_user(self, actor: User, options: dict[str, Any]) -> None:
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("No password was given on standard input.")
        user = services.user_create(
            actor=actor,
            email=options["email"],
            password=password,
            display_name=options["name"],
            role=options["role"],
            country=(options["country"] or "").upper() or None,
            is_superuser=options["admin"],
        )
        self.stdout.write(f"Created user {user.email} with role {options['role']} (id {user.pk}).")

    def _create_token(self, actor: User, options: dict[str, Any]) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip(), is_system=False).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {options['email']}.")
        issued = services.token_create(
            actor=actor, user=user, name=options["name"], scopes=options["scope"] or ["read"]
        )
        self.stdout.write(
            f"Token {issued.token.prefix}… for {user.email}, "
            f"scopes {', '.join(issued.token.scopes)}. "
            "It is shown once; store it now."
        )
        self.stdout.write(issued.raw)

    def _ensure_admin(self, actor: User, options: dict[str, Any]) -> None:
        if User.objects.filter(is_superuser=True, is_system=False).exists():
            self.stdout.write("An administrator already exists; nothing changed.")
            return
        password = secrets.token_urlsafe(12)
        user = services.user_create(
            actor=actor,
            email=options["email"],
            password=password,
            display_name="Administrator",
            role=Role.SECRETARIAT,
            is_superuser=True,
        )
        self.stdout.write(self.style.SUCCESS(f"Created administrator {user.email}"))
        self.stdout.write(f"Password (shown once): {password}")
        self.stdout.write("Sign-in asks this account to set up an authenticator app (TOTP) first.")
