"""Policies, proposals and their review: who may do what, what gets applied, what is audited."""

import datetime
import json
import threading

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.db import close_old_connections, connection

from aigov.accounts.models import Role
from aigov.accounts.services import system_actor, token_create
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from aigov.core.exchange import dataset_export, dataset_import
from aigov.landscape import selectors, services
from aigov.landscape.models import (
    ChangeProposal,
    Participation,
    Policy,
    UnInstrument,
    UnProject,
)
from aigov.landscape.tests.factories import InitiativeFactory
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 9, 1)


def _secretariat():
    user = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _focal_point(country):
    return UserFactory(role=Role.FOCAL_POINT, role__country=country)


def _participation_values(initiative, participant="KEN", **extra):
    return {
        "initiative": initiative.slug,
        "participant": participant,
        "basis": "endorser",
        "started_on": "2024-05-01",
        "source_url": "https://example.org/statement",
        **extra,
    }


def _policy_values(**extra):
    return {
        "slug": "ken-test-strategy",
        "jurisdiction": "KEN",
        "title": "Test national AI strategy",
        "kind": "strategy",
        "status": "adopted",
        "adopted_on": "2025-03-01",
        "sdgs": "4;9",
        "risk_areas": "",
        **extra,
    }


def _actions(after=0):
    return list(
        LogEntry.objects.filter(pk__gt=after, additional_data__action__startswith="landscape.")
        .order_by("pk")
        .values_list("additional_data__action", flat=True)
    )


def test_reference_policies_and_instruments_keep_their_sources():
    act = Policy.objects.get(slug="eu-ai-act")
    assert act.jurisdiction_id == "EUU" and act.status == Policy.Status.IN_FORCE
    assert act.in_force_on == datetime.date(2024, 8, 1)
    assert all(policy.source and policy.url for policy in Policy.objects.filter(is_demo=False))
    instruments = {i.symbol: i for i in selectors.un_instrument_list()}
    assert instruments["A/RES/78/311"].adopted_on == datetime.date(2024, 7, 1)
    assert {t.slug for t in instruments["A/RES/78/265"].topics.all()} == {
        "governance",
        "ai-for-sdgs",
    }


def test_initiative_names_are_translated_and_marked_as_machine_translation():
    initiative = selectors.initiative_get(slug="bletchley-2023")
    assert set(initiative.names) >= {"en", "ar", "zh-hans", "fr", "ru", "es"}
    assert initiative.names_provenance["en"] == "source"
    assert initiative.names_provenance["fr"] == "machine"


def test_focal_point_proposal_reaches_only_the_secretariat_who_alone_accepts_it():
    initiative = InitiativeFactory()
    kenya, nigeria, secretariat = _focal_point("KEN"), _focal_point("NGA"), _secretariat()
    before = selectors.representation(as_of=AS_OF).countries["KEN"]
    last_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    proposal = services.proposal_submit(
        actor=kenya,
        subject="participation",
        data=_participation_values(initiative),
        rationale="Our minister endorsed it.",
    )
    assert proposal.status == ChangeProposal.Status.PENDING
    assert not Participation.objects.filter(initiative=initiative).exists()

    assert list(selectors.proposal_list(actor=secretariat)) == [proposal]
    assert list(selectors.proposal_list(actor=kenya)) == [proposal]
    assert not selectors.proposal_list(actor=nigeria).exists()
    assert not selectors.proposal_list(actor=UserFactory(role=Role.LEARNER)).exists()
    with pytest.raises(NotFound):
        selectors.proposal_get(actor=nigeria, proposal_id=proposal.pk)

    for outsider in (kenya, nigeria):
        with pytest.raises(NotAllowed):
            services.proposal_accept(actor=outsider, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.PENDING

    services.proposal_accept(actor=secretariat, proposal=proposal, note="Checked the statement.")
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.ACCEPTED
    assert proposal.reviewer == secretariat
    participation = Participation.objects.get(initiative=initiative, participant_id="KEN")
    assert participation.started_on == datetime.date(2024, 5, 1)
    assert selectors.representation(as_of=AS_OF).countries["KEN"] == before + 1
    assert _actions(after=last_entry) == [
        "landscape.proposal.submit",
        "landscape.participation.create",
        "landscape.proposal.accept",
    ]
    accept = LogEntry.objects.get(
        pk__gt=last_entry, additional_data__action="landscape.participation.create"
    )
    assert accept.actor == secretariat

    with pytest.raises(InvalidState):
        services.proposal_accept(actor=secretariat, proposal=proposal)


def test_focal_point_may_not_propose_for_another_country_or_move_a_record():
    initiative = InitiativeFactory()
    kenya = _focal_point("KEN")
    with pytest.raises(NotAllowed):
        services.proposal_submit(
            actor=kenya, subject="participation", data=_participation_values(initiative, "NGA")
        )
    with pytest.raises(NotAllowed):
        services.proposal_submit(
            actor=UserFactory(role=Role.EXPERT), subject="policy", data=_policy_values()
        )
    policy = services.policy_save(actor=system_actor(), data=_policy_values())
    with pytest.raises(NotAllowed):
        services.proposal_submit(
            actor=_focal_point("NGA"),
            subject="policy",
            data=_policy_values(jurisdiction="NGA"),
            target_id=policy.slug,
        )
    assert not ChangeProposal.objects.exists()


def test_bad_proposal_names_the_field_and_records_nothing():
    kenya = _focal_point("KEN")
    with pytest.raises(InvalidInput) as raised:
        services.proposal_submit(
            actor=kenya, subject="policy", data=_policy_values(status="in_force", sdgs="4;99")
        )
    fields = {problem["field"] for problem in raised.value.errors}
    assert fields == {"in_force_on", "sdgs"}
    assert not ChangeProposal.objects.exists()


def test_rejection_needs_a_note_and_changes_nothing():
    kenya, secretariat = _focal_point("KEN"), _secretariat()
    proposal = services.proposal_submit(actor=kenya, subject="policy", data=_policy_values())
    with pytest.raises(InvalidInput):
        services.proposal_reject(actor=secretariat, proposal=proposal, note=" ")
    services.proposal_reject(actor=secretariat, proposal=proposal, note="No source given.")
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.REJECTED
    assert not Policy.objects.filter(slug="ken-test-strategy").exists()
    with pytest.raises(InvalidState):
        services.proposal_withdraw(actor=kenya, proposal=proposal)


def test_accepted_policy_change_updates_the_record_with_its_tags():
    kenya, secretariat = _focal_point("KEN"), _secretariat()
    policy = services.policy_save(actor=secretariat, data=_policy_values())
    proposal = services.proposal_submit(
        actor=kenya,
        subject="policy",
        data=_policy_values(status="in_force", in_force_on="2025-06-01", sdgs="16"),
        target_id=policy.slug,
    )
    assert proposal.action == ChangeProposal.Action.UPDATE
    services.proposal_accept(actor=secretariat, proposal=proposal)
    policy.refresh_from_db()
    assert policy.status == Policy.Status.IN_FORCE
    assert list(policy.sdgs.values_list("number", flat=True)) == [16]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database cannot hold two writers (a file database can)",
)
def test_two_reviewers_accepting_at_once_apply_the_proposal_once():
    # An earlier transactional test may have flushed the reference data: bring back Kenya.
    Country.objects.get_or_create(iso3="KEN", defaults={"names": {"en": "Kenya"}})
    initiative = InitiativeFactory()
    kenya = _focal_point("KEN")
    reviewers = [_secretariat(), _secretariat()]
    proposal = services.proposal_submit(
        actor=kenya, subject="participation", data=_participation_values(initiative)
    )
    outcomes = []

    def review(reviewer):
        try:
            services.proposal_accept(actor=reviewer, proposal=proposal)
            outcomes.append("accepted")
        except (InvalidState, InvalidInput):
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=review, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Participation.objects.filter(initiative=initiative).count() == 1


def test_proposal_pages_and_api_follow_the_same_rules(client):
    initiative = InitiativeFactory()
    kenya, nigeria, secretariat = _focal_point("KEN"), _focal_point("NGA"), _secretariat()
    client.force_login(kenya)
    response = client.post(
        "/en/landscape/proposals/new/",
        {"subject": "participation", **_participation_values(initiative), "rationale": "r"},
    )
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    detail = f"/en/landscape/proposals/{proposal.pk}/"
    assert client.get(detail).status_code == 200
    # The proposer cannot accept it, by page or API.
    client.post(f"{detail}review/", {"decision": "accept"})
    assert (
        client.post(
            f"/api/landscape/proposals/{proposal.pk}/accept", {}, content_type="application/json"
        ).status_code
        == 403
    )
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.PENDING

    client.force_login(nigeria)
    assert client.get(detail).status_code == 404
    assert client.get(f"/api/landscape/proposals/{proposal.pk}").status_code == 404
    assert client.get("/api/landscape/proposals").json()["count"] == 0
    assert detail not in client.get("/en/landscape/proposals/").content.decode()

    client.logout()
    assert client.get("/api/landscape/proposals").status_code == 401
    assert client.get(detail).status_code == 302  # to sign in

    token = token_create(
        actor=secretariat, user=secretariat, name="review", scopes=["read", "write"]
    )
    headers = {"Authorization": f"Bearer {token.raw}"}
    listed = client.get("/api/landscape/proposals?status=pending", headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [proposal.pk]
    accepted = client.post(
        f"/api/landscape/proposals/{proposal.pk}/accept",
        json.dumps({"note": "ok"}),
        content_type="application/json",
        headers=headers,
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Participation.objects.filter(initiative=initiative, participant_id="KEN").exists()


def test_only_the_secretariat_edits_policies_on_pages(client):
    client.force_login(_focal_point("KEN"))
    assert client.get("/en/landscape/policies/new/").status_code == 404
    client.force_login(_secretariat())
    response = client.post("/en/landscape/policies/new/", _policy_values(title="Édition test"))
    assert response.status_code == 302
    page = client.get("/en/landscape/policies/ken-test-strategy/").content.decode()
    assert "Édition test" in page
    bad = client.post("/en/landscape/policies/new/", _policy_values(slug="x", jurisdiction="ZZZ"))
    assert bad.status_code == 400 and "ZZZ" in bad.content.decode()


def test_policy_api_filters_and_search():
    from django.test import Client

    client = Client()
    body = client.get("/api/landscape/policies", {"status": "repealed"}).json()
    assert [item["slug"] for item in body["items"]] == ["usa-eo-14110"]
    assert client.get("/api/landscape/policies", {"status": "nonsense"}).status_code == 422
    assert client.get("/api/landscape/policies/eu-ai-act").json()["jurisdiction"] == "EUU"
    assert client.get("/api/landscape/policies/nothing-here").status_code == 404
    # A list answers {count, items}, as every list of the API does (issue 17, part 7).
    instruments = client.get("/api/landscape/un-instruments").json()
    assert instruments["count"] == UnInstrument.objects.count() == len(instruments["items"])
    assert {i["symbol"] for i in instruments["items"]} >= {"A/RES/78/265", "A/RES/78/311"}


def test_policy_import_validates_every_row_first_then_round_trips():
    actor = system_actor()
    bad = (
        b"slug,jurisdiction,title,kind,status,adopted_on\n"
        b"good-one,KEN,Good,strategy,adopted,2024-01-01\n"
        b"bad-one,KEN,Bad,strategy,adopted,\n"
    )
    report = dataset_import(actor=actor, slug="policies", content=bad, filename="p.csv")
    assert [(e.row, e.field) for e in report.errors] == [(3, "adopted_on")]
    assert not Policy.objects.filter(slug__in=["good-one", "bad-one"]).exists()

    exported = dataset_export(actor=actor, slug="policies", file_format="csv")
    assert b"eu-ai-act" in exported
    report = dataset_import(actor=actor, slug="policies", content=exported, filename="p.csv")
    assert report.created == 0 and report.updated == 0


def test_over_time_counts_initiatives_and_participations_per_half_year():
    early = InitiativeFactory(year=1990, start_on=datetime.date(1990, 3, 1))
    Participation.objects.create(
        initiative=early,
        participant_id="KEN",
        basis="endorser",
        started_on=datetime.date(1990, 3, 1),
    )
    Participation.objects.create(
        initiative=early,
        participant_id="EUU",
        basis="endorser",
        started_on=datetime.date(1990, 8, 1),
    )
    halves = selectors.initiatives_over_time(until=datetime.date(1991, 1, 1))
    assert [h.label for h in halves] == ["1990 H1", "1990 H2", "1991 H1"]
    assert halves[0].new_initiatives == [early]
    assert halves[0].joined == {"African": 1}
    assert halves[1].joined == {"": 1}
    assert halves[2].joined == {} and halves[2].new_initiatives == []


def test_a_busy_half_year_names_ten_initiatives_and_counts_the_rest(client):
    """Forty initiatives that began in one half-year: the table names ten and says "and 30
    more"; the chart draws one dot for them, not forty (the page stays small at any size)."""

    def dots() -> int:
        page = client.get("/en/landscape/over-time/").content.decode()
        return page[page.index("<svg") : page.index("</svg>")].count("<circle")

    before = dots()
    for number in range(40):
        InitiativeFactory(year=1990, start_on=datetime.date(1990, 2, 1), slug=f"busy-{number:02}")
    page = client.get("/en/landscape/over-time/").content.decode()
    table = page[page.index("<table") :]
    assert "and 30 more" in table
    assert sum(f"/landscape/initiatives/busy-{n:02}/" in table for n in range(40)) == 10
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert dots() == before + 1 and "40 new initiatives, among them" in svg


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/{lang}/landscape/policies/", 'href="/{lang}/landscape/policies/eu-ai-act/"'),
        ("/{lang}/landscape/policies/eu-ai-act/", "(Artificial Intelligence Act)"),
        ("/{lang}/landscape/un/", "A/RES/78/311"),
        ("/{lang}/landscape/over-time/", "<svg"),
        ("/{lang}/landscape/representation/?as_of=2024-09-01", "<svg"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ar", "zh-hans"])
def test_public_pages_answer_in_each_language(client, path, shown, lang):
    response = client.get(path.format(lang=lang))
    assert response.status_code == 200
    assert shown.format(lang=lang) in response.content.decode()


def test_api_filter_values_are_the_model_choices():
    from typing import get_args

    from aigov.landscape import api

    assert list(get_args(api.PolicyKindParam)) == Policy.Kind.values
    assert list(get_args(api.PolicyStatusParam)) == Policy.Status.values
    assert list(get_args(api.ProposalSubjectParam)) == ChangeProposal.Subject.values
    assert list(get_args(api.ProposalStatusParam)) == ChangeProposal.Status.values


def test_every_schema_of_the_module_is_documented_as_defined(client):
    from aigov.landscape import api
    from aigov.standards.tests.contract import misdocumented_schemas

    document = client.get("/api/openapi.json").json()
    assert misdocumented_schemas(document, api) == []
    accept = document["paths"]["/api/landscape/proposals/{proposal_id}/accept"]["post"]
    reference = accept["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert set(document["components"]["schemas"][reference.rsplit("/", 1)[-1]]["properties"]) == {
        "note"
    }


def test_over_time_answers_count_and_items(client):
    body = client.get("/api/landscape/over-time", {"until": "2024-12-31"}).json()
    assert body["count"] == len(selectors.initiatives_over_time(until=datetime.date(2024, 12, 31)))
    assert body["items"][-1]["period"] == "2024 H2"


def test_a_summary_over_its_length_is_refused_not_cut_and_nothing_is_written():
    secretariat = _secretariat()
    with pytest.raises(InvalidInput) as refused:
        services.policy_save(actor=secretariat, data=_policy_values(summary="s" * 2001))
    assert [e["field"] for e in refused.value.errors] == ["summary"]
    assert not Policy.objects.filter(slug="ken-test-strategy").exists()
    with pytest.raises(InvalidInput) as refused:
        services.un_project_create(
            actor=secretariat,
            title="Long",
            agency="ITU",
            year=2024,
            sdgs=[],
            countries=[],
            description="d" * 2001,
        )
    assert [(e["field"], e["code"]) for e in refused.value.errors] == [("description", "too_long")]
    assert not UnProject.objects.exists()
