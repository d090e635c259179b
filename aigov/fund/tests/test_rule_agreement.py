"""Agreement of the fund's rules: for every actor of the cast, the predicate (`access.has`) and
the queryset scope (`access.scope`, what pages, API, exports and counts start from) give the
same answer about each record, in each state that changes who may read it."""

import datetime
from decimal import Decimal

import pytest

from aigov.accounts.tests.agreement import assert_agrees, make_cast
from aigov.fund import services
from aigov.fund.models import Call, Pledge
from aigov.fund.tests import factories

pytestmark = pytest.mark.django_db

RULES = {
    "fund.view_contributor_statement",
    "fund.view_contribution",
    "fund.view_pledge",
    "fund.view_call",
    "fund.view_application",
    "fund.view_review",
    "fund.view_grant",
    "fund.report_grant",
}


def test_predicates_and_scopes_agree():
    cast = make_cast()
    secretariat = factories.secretariat()
    fund = factories.open_fund(secretariat)
    donor_member = cast.actors["donor"]
    own = factories.contributor_for(secretariat, donor_member, name="Own")
    other = factories.contributor_for(secretariat, factories.donor(), name="Other")
    for contributor in (own, other):
        assert_agrees("fund.view_contributor_statement", contributor, cast)
        for is_public in (True, False):
            gift = factories.give(secretariat, fund, contributor, "10", is_public=is_public)
            assert_agrees("fund.view_contribution", gift, cast, state=is_public)
            pledge = Pledge.objects.create(
                fund=fund,
                contributor=contributor,
                amount=Decimal("5"),
                currency="USD",
                pledged_on=factories.DAY,
                is_public=is_public,
            )
            assert_agrees("fund.view_pledge", pledge, cast, state=is_public)
    call = services.call_open(
        actor=secretariat,
        fund=fund,
        title="Call",
        opens_on=factories.DAY,
        closes_on=factories.DAY + datetime.timedelta(days=30),
    )
    assert_agrees("fund.view_call", call, cast, state="open")
    draft = Call.objects.create(
        fund=fund, title="Draft", opens_on=factories.DAY, closes_on=factories.DAY
    )
    assert_agrees("fund.view_call", draft, cast, state="draft")
    for applicant in (cast.actors["member"], cast.actors["learner"]):
        application = services.application_submit(
            actor=applicant,
            call=call,
            organisation_name="Org",
            country="NER",
            title="T",
            summary="S",
            requested_amount=Decimal("10"),
            currency="USD",
        )
        assert_agrees("fund.view_application", application, cast)
        review = services.review_submit(
            actor=cast.actors["expert"], application=application, has_conflict=False, score=3
        )
        assert_agrees("fund.view_review", review, cast)
    grant = factories.grant(secretariat, fund, "10")
    assert_agrees("fund.view_grant", grant, cast)


def test_who_reports_on_a_grant_agrees():
    cast = make_cast()
    secretariat = factories.secretariat()
    fund = factories.open_fund(secretariat)
    contributor = factories.contributor_for(secretariat, factories.donor(), name="Donor")
    factories.give(secretariat, fund, contributor, "100")
    call = services.call_open(
        actor=secretariat,
        fund=fund,
        title="Call",
        opens_on=factories.DAY,
        closes_on=factories.DAY + datetime.timedelta(days=30),
    )
    application = services.application_submit(
        actor=cast.actors["member"],
        call=call,
        organisation_name="Org",
        country="NER",
        title="T",
        summary="S",
        requested_amount=Decimal("10"),
        currency="USD",
    )
    services.review_submit(
        actor=cast.actors["expert"], application=application, has_conflict=False, score=3
    )
    services.application_decide(actor=secretariat, application=application, approve=True)
    on_application = factories.grant(secretariat, fund, "10", application=application)
    assert_agrees("fund.report_grant", on_application, cast, state="granted on an application")
    direct = factories.grant(secretariat, fund, "10")
    assert_agrees("fund.report_grant", direct, cast, state="granted directly")
