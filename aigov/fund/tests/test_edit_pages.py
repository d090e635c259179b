"""The pages that write: each works for who may use it, keeps what was typed and says what is
wrong on bad input, and is refused (and not linked) for everyone else."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from aigov.accounts.tests.factories import UserFactory
from aigov.fund import services
from aigov.fund.models import Application, Call, Contribution, Disbursement, Grant, Pledge
from aigov.fund.tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _money(secretariat, fund, amount="100000"):
    donor = factories.donor()
    contributor = factories.contributor_for(secretariat, donor, name="Donorland")
    factories.give(secretariat, fund, contributor, amount)
    return donor, contributor


def test_a_donor_records_money_and_goods_in_kind_with_evidence(client, secretariat, fund):
    donor, contributor = _money(secretariat, fund)
    client.force_login(donor)
    assert "Record a contribution" in client.get("/en/fund/").content.decode()
    assert client.get("/en/fund/contributions/new/").status_code == 200
    response = client.post(
        "/en/fund/contributions/new/",
        {
            "contributor": contributor.pk,
            "kind": "in_kind",
            "amount": "3600",
            "currency": "usd",
            "value_date": "2026-03-05",
            "description": "GPU hours on the national cluster",
            "in_kind_type": "compute_hours",
            "quantity": "1200",
            "unit": "GPU hour",
            "valuation_method": "market_rate",
            "unit_value": "3",
            "evidence_links": "https://example.org/compute/allocations/7",
            "is_public": "on",
            "file": SimpleUploadedFile("delivery.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    given = Contribution.objects.get(kind="in_kind")
    assert (given.amount, given.currency, given.unit) == (Decimal("3600"), "USD", "GPU hour")
    assert given.documents.get().original_name == "delivery.pdf"
    assert given.transaction is not None


def test_bad_input_keeps_what_was_typed_and_writes_nothing(client, secretariat, fund):
    donor, contributor = _money(secretariat, fund)
    client.force_login(donor)
    before = Contribution.objects.count()
    response = client.post(
        "/en/fund/contributions/new/",
        {
            "contributor": contributor.pk,
            "kind": "in_kind",
            "amount": "3601",
            "currency": "USD",
            "value_date": "2026-03-05",
            "description": "Unbalanced valuation typed by hand",
            "quantity": "1200",
            "unit": "GPU hour",
            "valuation_method": "market_rate",
            "unit_value": "3",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not the amount" in page
    assert 'value="Unbalanced valuation typed by hand"' in page
    assert Contribution.objects.count() == before
    # A file that is not what its name says is refused, and the contribution with it.
    response = client.post(
        "/en/fund/contributions/new/",
        {
            "contributor": contributor.pk,
            "kind": "financial",
            "amount": "10",
            "currency": "USD",
            "value_date": "2026-03-05",
            "description": "With a fake PDF",
            "file": SimpleUploadedFile("fake.pdf", b"not a pdf at all", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert Contribution.objects.count() == before
    # The Arabic page says the same, right to left.
    response = client.post("/ar/fund/pledges/new/", {"contributor": contributor.pk})
    assert response.status_code == 400 and 'dir="rtl"' in response.content.decode()


def test_pledge_page(client, secretariat, fund):
    donor, contributor = _money(secretariat, fund)
    client.force_login(donor)
    response = client.post(
        "/en/fund/pledges/new/",
        {
            "contributor": contributor.pk,
            "amount": "50000",
            "currency": "EUR",
            "pledged_on": "2026-04-01",
            "restricted_sdgs": ["4"],
        },
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.is_restricted and pledge.currency == "EUR" and not pledge.is_public


def test_who_may_not_record_gets_403_and_no_link(client, secretariat, fund):
    _money(secretariat, fund)
    stranger = UserFactory()
    client.force_login(stranger)
    assert "Record a contribution" not in client.get("/en/fund/").content.decode()
    for page in ("/en/fund/contributions/new/", "/en/fund/pledges/new/"):
        assert client.get(page).status_code == 403
    # A donor cannot record for another donor's contributor.
    other = factories.contributor_for(secretariat, factories.donor(), name="Otherland")
    donor, _own = _money(secretariat, fund)
    client.force_login(donor)
    response = client.post(
        "/en/fund/pledges/new/",
        {"contributor": other.pk, "amount": "1", "currency": "USD", "pledged_on": "2026-04-01"},
    )
    assert response.status_code == 400 and not Pledge.objects.exists()
    assert client.get("/api/fund/contributions").status_code == 200
    client.logout()
    assert client.get("/en/fund/contributions/new/").status_code == 302  # sign in first


def test_call_application_decision_grant_and_disbursement_pages(client, secretariat, fund):
    _money(secretariat, fund)
    client.force_login(secretariat)
    assert "Open a call for proposals" in client.get("/en/fund/calls/").content.decode()
    response = client.post(
        "/en/fund/calls/new/",
        {
            "title": "AI skills",
            "currency": "USD",
            "opens_on": "2026-05-01",
            "closes_on": "2026-04-01",
            "sdg_targets": "4.4",
        },
    )
    assert response.status_code == 400 and "A call closes after it opens." in (
        response.content.decode()
    )
    response = client.post(
        "/en/fund/calls/new/",
        {
            "title": "AI skills",
            "currency": "USD",
            "opens_on": "2026-03-01",
            "closes_on": "2026-06-01",
            "sdg_targets": "4.4, 9.b",
        },
    )
    assert response.status_code == 302
    call = Call.objects.get()
    assert sorted(t.code for t in call.sdg_targets.all()) == ["4.4", "9.b"]

    applicant = UserFactory()
    client.force_login(applicant)
    listing = client.get("/en/fund/calls/").content.decode()
    assert "Open a call for proposals" not in listing and "Apply to AI skills" in listing
    assert client.get("/en/fund/calls/new/").status_code == 403
    form = {
        "organisation_name": "A university",
        "country": "NER",
        "title": "Applied AI master's",
        "summary": "Two cohorts.",
        "requested_amount": "60000",
        "currency": "USD",
    }
    response = client.post(f"/en/fund/calls/{call.pk}/apply/", {**form, "country": ""})
    assert response.status_code == 400 and not Application.objects.exists()
    response = client.post(f"/en/fund/calls/{call.pk}/apply/", form)
    application = Application.objects.get()
    assert response.status_code == 302 and application.applicant == applicant
    assert client.get("/en/fund/grants/new/").status_code == 403
    assert client.get(f"/en/fund/applications/{application.pk}/").status_code == 200

    expert = UserFactory(role="expert")
    services.review_submit(actor=expert, application=application, has_conflict=False, score=4)
    client.force_login(secretariat)
    client.post(f"/en/fund/applications/{application.pk}/decide/", {"approve": "yes"})
    page = client.get(f"/en/fund/applications/{application.pk}/").content.decode()
    assert "Commit a grant for this application" in page
    form_page = client.get(f"/en/fund/grants/new/?application={application.pk}").content.decode()
    assert 'value="Applied AI master&#x27;s"' in form_page
    grant_form = {
        "title": "Applied AI master's",
        "recipient_country": "NER",
        "amount": "60000",
        "currency": "USD",
        "application": application.pk,
        "tranches": "30000 2026-06-01\n30000 2026-12-01",
        "sdgs": ["4"],
    }
    response = client.post("/en/fund/grants/new/", {**grant_form, "tranches": "30000 soon"})
    assert response.status_code == 400 and not Grant.objects.exists()
    response = client.post(
        "/en/fund/grants/new/", {**grant_form, "amount": "999999", "tranches": ""}
    )
    assert response.status_code == 400 and "uncommitted" in response.content.decode()
    response = client.post("/en/fund/grants/new/", grant_form)
    grant = Grant.objects.get()
    assert response.status_code == 302 and grant.application == application
    assert grant.tranches.count() == 2

    detail = client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
    assert "Record a disbursement" in detail
    url = f"/en/fund/grants/{grant.pk}/disburse/"
    response = client.post(url, {"amount": "70000", "value_date": "2026-06-02"})
    assert response.status_code == 400 and "remains" in response.content.decode()
    response = client.post(url, {"amount": "30000", "value_date": "2026-06-02", "tranche": "1"})
    assert response.status_code == 302
    assert Disbursement.objects.get().tranche.number == 1

    client.force_login(applicant)
    assert (
        "Record a disbursement" not in client.get(f"/en/fund/grants/{grant.pk}/").content.decode()
    )
    assert client.get(url).status_code == 403
    assert client.post(url, {"amount": "1", "value_date": "2026-06-02"}).status_code == 403
    assert Disbursement.objects.count() == 1
