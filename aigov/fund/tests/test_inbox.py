"""The fund's inbox queues: an application waits for the experts' review and the secretariat's
decision (then its grant), shown to them and to nobody else, and leaves once acted on."""

from decimal import Decimal

from aigov.accounts.tests.factories import UserFactory
from aigov.core import inbox
from aigov.fund import services
from aigov.fund.tests import factories


def _application(secretariat, fund, applicant):
    call = services.call_open(
        actor=secretariat,
        fund=fund,
        title="AI skills",
        opens_on=factories.DAY,
        closes_on=factories.DAY,
    )
    return services.application_submit(
        actor=applicant,
        call=call,
        organisation_name="A university",
        country="NER",
        title="Applied AI master's",
        summary="Two cohorts.",
        requested_amount=Decimal("100"),
        currency="USD",
    )


def _queues(actor):
    return {item.queue for item in inbox.inbox_page(actor=actor).items}


def test_only_who_reviews_or_decides_sees_the_application(client, secretariat, fund):
    applicant, expert, donor = UserFactory(), UserFactory(role="expert"), factories.donor()
    own = UserFactory(role="expert")
    application = _application(secretariat, fund, applicant)
    _application(secretariat, fund, own)  # an expert's own application waits for others only
    assert _queues(secretariat) == {"fund.decisions"}
    assert inbox.inbox_page(actor=secretariat, queue="fund.decisions").count == 2
    assert inbox.inbox_page(actor=expert, queue="fund.reviews").count == 2
    assert inbox.inbox_page(actor=own, queue="fund.reviews").count == 1
    for outsider in (applicant, donor):
        assert inbox.waiting_count(actor=outsider) == 0
    client.force_login(expert)
    page = client.get("/en/inbox/").content.decode()
    assert f'href="/en/fund/applications/{application.pk}/"' in page
    client.force_login(applicant)
    assert "Applied AI master" not in client.get("/en/inbox/").content.decode()

    services.review_submit(actor=expert, application=application, has_conflict=False, score=5)
    assert inbox.inbox_page(actor=expert, queue="fund.reviews").count == 1
    services.application_decide(actor=secretariat, application=application, approve=True)
    # Approved: it now waits for its grant, with a link to the grant form.
    items = inbox.inbox_page(actor=secretariat, queue="fund.decisions").items
    assert any(f"?application={application.pk}" in item.url for item in items)
    contributor = factories.contributor_for(secretariat, donor)
    factories.give(secretariat, fund, contributor, "100")
    factories.grant(secretariat, fund, "100", application=application)
    assert inbox.inbox_page(actor=secretariat, queue="fund.decisions").count == 1
