"""The audit log: every service write is recorded, the secretariat reads it, nobody edits it."""

import importlib

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction

from aigov.accounts import access, services
from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core import audit

pytestmark = pytest.mark.django_db


class _CursorExecutor:
    """Run the migration's SQL inside the test transaction (SQLite's schema editor refuses to)."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


append_only = importlib.import_module("aigov.core.migrations.0001_audit_log_append_only")


def test_update_records_before_and_after_with_actor():
    secretariat = UserFactory(role=Role.SECRETARIAT)
    organisation = services.organisation_create(
        actor=secretariat, name="Ministry of ICT", kind="government", country="KEN"
    )
    entry = audit.entries_for(organisation).first()
    assert entry.actor == secretariat
    assert entry.additional_data["action"] == "accounts.organisation.create"
    assert entry.changes["name"] == [None, "Ministry of ICT"]
    assert entry.changes["country_id"] == [None, "KEN"]


def test_audit_entries_cannot_be_changed_or_deleted_in_the_database():
    user = UserFactory()
    entry = audit.record(actor=user, action="accounts.user.test", obj=user)
    append_only.install_triggers(_CursorExecutor())  # rolled back with the test's transaction
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr != "tampered"


def test_only_secretariat_and_administrators_read_the_log():
    secretariat, learner = UserFactory(role=Role.SECRETARIAT), UserFactory(role=Role.LEARNER)
    audit.record(actor=learner, action="accounts.user.test", obj=learner)
    everything = LogEntry.objects.all()
    assert access.scope(secretariat, "core.view_audit", everything).count() == everything.count()
    assert access.scope(learner, "core.view_audit", everything).count() == 0
    assert not access.has(learner, "core.view_audit")


def test_audit_page_and_api_for_the_secretariat_only(client):
    from allauth.mfa.models import Authenticator

    from aigov.accounts import services as account_services

    secretariat, learner = UserFactory(role=Role.SECRETARIAT), UserFactory(role=Role.LEARNER)
    Authenticator.objects.create(
        user=secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    issued = account_services.token_create(actor=learner, user=learner, name="learner-token")

    client.force_login(learner)
    assert client.get("/en/audit/").status_code == 403
    assert client.get("/api/audit/entries").status_code == 403
    client.logout()
    assert client.get("/api/audit/entries").status_code == 401

    client.force_login(secretariat)
    page = client.get("/en/audit/", {"action": "accounts.token"}).content.decode()
    assert "accounts.token.create" in page and "learner-token" in page
    body = client.get("/api/audit/entries", {"action": "accounts.token.create"}).json()
    assert body["count"] == 1
    (entry,) = body["items"]
    assert entry["object_id"] == str(issued.token.pk)
    assert entry["action"] == "accounts.token.create"
    assert entry["actor"] == learner.email


def test_admin_lists_records_but_offers_no_unaudited_write(client):
    from allauth.mfa.models import Authenticator

    admin_user = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client.force_login(admin_user)
    listing = client.get("/en/admin/taxonomy/country/?q=KEN")
    assert listing.status_code == 200 and "KEN" in listing.content.decode()
    assert client.get("/en/admin/taxonomy/country/add/").status_code == 403
    assert client.post("/en/admin/taxonomy/country/KEN/delete/", {"post": "yes"}).status_code == 403
    token_page = client.get("/en/admin/accounts/apitoken/").content.decode()
    assert "digest" not in token_page.lower()
