"""Demonstration data: generated, marked, idempotent, and removed exactly by `demo clear`."""

import importlib
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.template import Context, Template

from aigov.accounts import services
from aigov.accounts.access import Purpose
from aigov.accounts.models import Organisation, Role, RoleAssignment, User
from aigov.accounts.tests.factories import OrganisationFactory, UserFactory
from aigov.core.demo import DEMO_EMAIL_DOMAIN, demo_clear, demo_load
from aigov.core.errors import InvalidState, NotAllowed
from aigov.core.models import SearchEntry
from aigov.core.search import index
from aigov.core.tests.test_audit import _CursorExecutor
from aigov.taxonomy.models import Country, RegionalGroup

pytestmark = pytest.mark.django_db

append_only = importlib.import_module("aigov.core.migrations.0001_audit_log_append_only")

FOCAL_POINTS = len(RegionalGroup)
ORGANISATIONS = 2 * len(Organisation.Kind)
USERS = FOCAL_POINTS + 2 * (len(Role) - 1)


def _actor():
    return services.system_actor(Purpose.DEMO_DATA)


def _demo_state():
    return (
        sorted(Organisation.objects.filter(is_demo=True).values_list("name", "country_id")),
        sorted(User.objects.filter(is_demo=True).values_list("email", "display_name")),
    )


def test_load_creates_marked_records_of_every_kind_and_role():
    report = demo_load(actor=_actor())
    assert report.counts["organisations"].created == ORGANISATIONS
    assert report.counts["users"].created == USERS

    organisations = Organisation.objects.filter(is_demo=True)
    assert organisations.count() == ORGANISATIONS
    assert set(organisations.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert organisations.values("country").distinct().count() > 1
    assert all(name.startswith("Demo ") for name in organisations.values_list("name", flat=True))

    users = User.objects.filter(is_demo=True)
    assert users.count() == USERS
    assert all(user.email.endswith("@" + DEMO_EMAIL_DOMAIN) for user in users)
    assert all(user.display_name.startswith("Demo ") for user in users)
    assert not any(user.has_usable_password() for user in users)
    held = set(RoleAssignment.objects.filter(user__is_demo=True).values_list("role", flat=True))
    assert held == set(Role.values)

    focal_countries = Country.objects.filter(
        roleassignment__role=Role.FOCAL_POINT, roleassignment__user__is_demo=True
    )
    assert set(focal_countries.values_list("regional_group", flat=True)) == set(
        RegionalGroup.values
    )
    focal = users.get(email=f"focal-point-1@{DEMO_EMAIL_DOMAIN}")
    country = focal.role_assignments.get().country
    assert focal.display_name == f"Demo focal point 1 ({country.names['en']})"

    created = LogEntry.objects.filter(
        additional_data__action="accounts.user.create", actor=_actor()
    )
    assert (
        created.filter(object_pk__in=[str(pk) for pk in users.values_list("pk", flat=True)]).count()
        == USERS
    )


def test_a_second_load_creates_nothing():
    demo_load(actor=_actor())
    state, entries = _demo_state(), LogEntry.objects.count()
    again = demo_load(actor=_actor())
    assert again.counts["organisations"].created == 0 and again.counts["users"].created == 0
    assert again.counts["organisations"].unchanged == ORGANISATIONS
    assert again.counts["users"].unchanged == USERS
    assert _demo_state() == state
    assert LogEntry.objects.count() == entries


def test_load_is_deterministic():
    demo_load(actor=_actor())
    first = _demo_state()
    demo_clear(actor=_actor())
    demo_load(actor=_actor())
    assert _demo_state() == first


def test_clear_removes_exactly_the_demo_records(django_capture_on_commit_callbacks):
    real_user = UserFactory(role=Role.LEARNER)
    real_organisation = OrganisationFactory()
    countries = Country.objects.count()
    demo_load(actor=_actor())
    index.rebuild(record_types=["accounts.user"])
    demo_pks = [str(pk) for pk in User.objects.filter(is_demo=True).values_list("pk", flat=True)]
    assert (
        SearchEntry.objects.filter(record_type="accounts.user", object_id__in=demo_pks).count()
        == USERS
    )

    with django_capture_on_commit_callbacks(execute=True):
        removed = demo_clear(actor=_actor())

    assert removed["accounts.User"] == USERS
    assert removed["accounts.Organisation"] == ORGANISATIONS
    assert removed["accounts.RoleAssignment"] == USERS
    assert not Organisation.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(is_demo=True).exists()
    assert not RoleAssignment.objects.filter(user_id__in=demo_pks).exists()
    assert User.objects.filter(pk=real_user.pk).exists()
    assert real_user.role_assignments.count() == 1
    assert Organisation.objects.filter(pk=real_organisation.pk).exists()
    assert User.objects.filter(pk=_actor().pk).exists()
    assert Country.objects.count() == countries
    deletions = LogEntry.objects.filter(
        additional_data__action="accounts.user.delete", actor=_actor()
    )
    assert deletions.count() == USERS
    assert (
        SearchEntry.objects.filter(record_type="accounts.user", object_id__in=demo_pks).count() == 0
    )


def test_clear_leaves_the_append_only_audit_log_alone():
    demo_load(actor=_actor())
    append_only.install_triggers(_CursorExecutor())  # rolled back with the test's transaction
    removed = demo_clear(actor=_actor())
    assert removed["accounts.User"] == USERS


def test_clear_refuses_to_change_a_real_record_and_removes_nothing():
    demo_load(actor=_actor())
    demo_organisation = Organisation.objects.filter(is_demo=True).first()
    UserFactory(organisation=demo_organisation)
    state, entries = _demo_state(), LogEntry.objects.count()
    with pytest.raises(InvalidState, match="not demonstration data"):
        demo_clear(actor=_actor())
    assert _demo_state() == state
    assert LogEntry.objects.count() == entries


def test_only_the_system_actor_loads_or_clears():
    secretariat = UserFactory(role=Role.SECRETARIAT)
    with pytest.raises(NotAllowed):
        demo_load(actor=secretariat)
    with pytest.raises(NotAllowed):
        demo_clear(actor=secretariat)
    assert not User.objects.filter(is_demo=True).exists()


def test_demo_command_loads_clears_and_dry_runs():
    out = io.StringIO()
    call_command("demo", "load", "--dry-run", stdout=out)
    assert f"users: created {USERS}" in out.getvalue() and "Dry run" in out.getvalue()
    assert not User.objects.filter(is_demo=True).exists()

    out = io.StringIO()
    call_command("demo", "load", stdout=out)
    assert f"organisations: created {ORGANISATIONS}, updated 0, unchanged 0" in out.getvalue()
    out = io.StringIO()
    call_command("demo", "load", stdout=out)
    assert f"users: created 0, updated 0, unchanged {USERS}" in out.getvalue()

    out = io.StringIO()
    call_command("demo", "clear", stdout=out)
    assert f"accounts.User: removed {USERS}" in out.getvalue()
    assert not User.objects.filter(is_demo=True).exists()
    out = io.StringIO()
    call_command("demo", "clear", stdout=out)
    assert "There were no demonstration records." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("demo")


def test_demo_records_carry_the_badge_where_shown(client):
    demo_load(actor=_actor())
    real_learner = UserFactory(role=Role.LEARNER, display_name="Real learner")
    index.rebuild(record_types=["accounts.user"])

    # Search lists the users the visitor may see: a learner sees only themselves.
    client.force_login(User.objects.get(email=f"learner-1@{DEMO_EMAIL_DOMAIN}"))
    demo_hits = client.get(
        "/en/search/", {"q": "Demo learner", "type": "accounts.user"}
    ).content.decode()
    assert "Demo learner 1" in demo_hits
    assert demo_hits.count('class="badge demo"') == 1
    assert "Demonstration data" in demo_hits

    client.force_login(real_learner)
    real_hits = client.get(
        "/en/search/", {"q": "Real learner", "type": "accounts.user"}
    ).content.decode()
    assert "Real learner" in real_hits
    assert 'class="badge demo"' not in real_hits

    badge = Template("{% load aigov %}{% demo_badge record %}")
    demo_organisation = Organisation.objects.filter(is_demo=True).first()
    assert "Demonstration data" in badge.render(Context({"record": demo_organisation}))
    assert badge.render(Context({"record": OrganisationFactory()})).strip() == ""
