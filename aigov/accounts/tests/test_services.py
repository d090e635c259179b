import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from aigov.accounts import access, services
from aigov.accounts.models import ApiToken, Role, RoleAssignment, User
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import Conflict, InvalidInput, NotAllowed, NotFound

pytestmark = pytest.mark.django_db


def test_user_create_records_user_role_and_audit():
    actor = services.system_actor()
    user = services.user_create(
        actor=actor, email="Focal@Example.org", role=Role.FOCAL_POINT, country="KEN"
    )
    assert user.email == "focal@example.org"
    assert list(user.role_assignments.values_list("role", "country_id")) == [("focal_point", "KEN")]
    actions = set(
        LogEntry.objects.filter(additional_data__action__startswith="accounts.").values_list(
            "additional_data__action", flat=True
        )
    )
    assert {"accounts.user.create", "accounts.role.assign"} <= actions


def test_focal_point_without_country_is_refused_and_nothing_changes():
    actor = services.system_actor()
    users, entries = User.objects.count(), LogEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.user_create(actor=actor, email="fp@example.org", role=Role.FOCAL_POINT)
    assert refused.value.errors[0]["field"] == "country"
    assert User.objects.count() == users
    assert LogEntry.objects.count() == entries


def test_unknown_country_names_the_field():
    with pytest.raises(InvalidInput) as refused:
        services.user_create(
            actor=services.system_actor(),
            email="x@example.org",
            role=Role.FOCAL_POINT,
            country="XXX",
        )
    assert refused.value.errors == [
        {
            "field": "country",
            "code": "unknown_country",
            "message": "XXX is not a known country code.",
        }
    ]
    assert not User.objects.filter(email="x@example.org").exists()


def test_duplicate_email_conflicts():
    services.user_create(actor=services.system_actor(), email="dup@example.org")
    with pytest.raises(Conflict):
        services.user_create(actor=services.system_actor(), email="DUP@example.org")


def test_weak_password_is_rejected():
    with pytest.raises(InvalidInput) as refused:
        services.user_create(
            actor=services.system_actor(), email="weak@example.org", password="123"
        )
    assert {e["field"] for e in refused.value.errors} == {"password"}


def test_a_password_under_12_characters_is_rejected():
    """ASVS 2.1.1: eleven characters, not common or numeric, are too few; twelve are enough."""
    with pytest.raises(InvalidInput) as refused:
        services.user_create(
            actor=services.system_actor(), email="short@example.org", password="kq7 vu2 zx9"
        )
    assert "12" in " ".join(str(e["message"]) for e in refused.value.errors)
    created = services.user_create(
        actor=services.system_actor(), email="long@example.org", password="kq7 vu2 zx9w"
    )
    assert created.check_password("kq7 vu2 zx9w")


def test_only_secretariat_may_create_users_or_assign_roles():
    learner = UserFactory(role=Role.LEARNER)
    secretariat = UserFactory(role=Role.SECRETARIAT)
    with pytest.raises(NotAllowed):
        services.user_create(actor=learner, email="new@example.org")
    with pytest.raises(NotAllowed):
        services.role_assign(actor=learner, user=learner, role=Role.SECRETARIAT)
    created = services.user_create(actor=secretariat, email="new@example.org", role=Role.EXPERT)
    assert access.has(created, "accounts.create_user") is False
    assert RoleAssignment.objects.filter(user=created, role=Role.EXPERT).exists()


def test_token_is_shown_once_stored_hashed_and_revocable():
    user = UserFactory(role=Role.EXPERT)
    issued = services.token_create(actor=user, user=user, name="script", scopes=["read", "write"])
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.raw.startswith("aigov_")
    assert issued.raw not in {stored.digest, stored.prefix}
    assert stored.digest == ApiToken.digest_of(issued.raw)
    assert services.token_authenticate(raw=issued.raw).user == user
    services.token_revoke(actor=user, token_id=stored.pk)
    assert services.token_authenticate(raw=issued.raw) is None


def test_another_users_token_cannot_be_revoked():
    owner, other = UserFactory(), UserFactory()
    issued = services.token_create(actor=owner, user=owner)
    with pytest.raises(NotFound):
        services.token_revoke(actor=other, token_id=issued.token.pk)
    assert services.token_authenticate(raw=issued.raw) is not None


def test_unknown_scope_is_refused():
    user = UserFactory()
    with pytest.raises(InvalidInput):
        services.token_create(actor=user, user=user, scopes=["everything"])
    assert not ApiToken.objects.filter(user=user).exists()


def test_cli_create_user_and_token(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase 42\n"))
    call_command(
        "accounts",
        "create-user",
        "--email",
        "cli@example.org",
        "--role",
        "focal_point",
        "--country",
        "ken",
        "--password-stdin",
    )
    user = User.objects.get(email="cli@example.org")
    assert user.check_password("a long enough passphrase 42")
    assert user.role_assignments.get().country_id == "KEN"
    call_command(
        "accounts",
        "create-token",
        "--email",
        "cli@example.org",
        "--scope",
        "read",
        "--scope",
        "write",
    )
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert services.token_authenticate(raw=last_line).scopes == ["read", "write"]


def test_cli_errors_name_the_problem():
    with pytest.raises(CommandError, match="focal point must be bound to a country"):
        call_command("accounts", "create-user", "--email", "e@example.org", "--role", "focal_point")
    with pytest.raises(CommandError, match="No user has the e-mail address"):
        call_command("accounts", "create-token", "--email", "nobody@example.org")


def test_ensure_admin_creates_once(capsys):
    call_command("accounts", "ensure-admin", "--email", "root@example.org")
    first = capsys.readouterr().out
    assert "Password (shown once):" in first
    call_command("accounts", "ensure-admin", "--email", "root@example.org")
    assert "nothing changed" in capsys.readouterr().out
    assert User.objects.filter(is_superuser=True).count() == 1
