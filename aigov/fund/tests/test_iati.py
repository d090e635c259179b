"""IATI 2.03 files validate against the XSDs, and every code they use from the codelists in
the schema folder is in its codelist; the project's copy equals ../shared/schemas."""

import filecmp
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from aigov.core.errors import InvalidState
from aigov.fund import iati, services
from aigov.fund.tests import factories

# (element, attribute) -> codelist, for every coded attribute the files write whose codelist
# the schema folder holds.
CODED = {
    ("participating-org", "role"): "OrganisationRole",
    ("activity-status", "code"): "ActivityStatus",
    ("activity-date", "type"): "ActivityDateType",
    ("budget", "type"): "BudgetType",
    ("budget", "status"): "BudgetStatus",
    ("recipient-country-budget", "status"): "BudgetStatus",
    ("transaction-type", "code"): "TransactionType",
}


def _world(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor(), name="Donor & Co <1>")
    factories.give(secretariat, fund, contributor, "5000")
    grant = factories.grant(
        secretariat, fund, "2000", sdgs=[4, 9, 10], ends_on=factories.DAY.replace(year=2027)
    )
    factories.disburse(secretariat, grant, "500")
    services.grant_report_submit(
        actor=secretariat,
        grant=grant,
        period_start=factories.DAY,
        period_end=factories.DAY.replace(month=9),
        narrative="First cohort enrolled.",
        results=[
            {
                "indicator": "Students enrolled",
                "baseline": "0",
                "target": "40",
                "actual": "38",
                "measured_on": "2026-09-01",
            }
        ],
        expenditures=[{"amount": "300", "spent_on": "2026-08-15", "description": "Tuition"}],
    )


def test_files_validate_and_use_known_codes(client, secretariat, fund):
    _world(secretariat, fund)
    for path, name in (
        ("/api/fund/iati/activities.xml", "activities"),
        ("/api/fund/iati/organisation.xml", "organisations"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        document = etree.fromstring(response.content)
        schema = iati.schema(name)
        assert schema.validate(document), schema.error_log
        for (element, attribute), codelist in CODED.items():
            for node in document.iter(element):
                assert node.get(attribute) in iati.codelist(codelist), (element, attribute)
    activities = etree.fromstring(client.get("/api/fund/iati/activities.xml").content)
    grant = activities.find("iati-activity[@hierarchy='2']")
    percentages = [Decimal(s.get("percentage")) for s in grant.iter("sector")]
    assert sum(percentages) == 100
    assert [t.get("code") for t in grant.iter("tag")] == ["4", "9", "10"]
    assert grant.find("result/indicator/period/actual").get("value") == "38"
    spent = [t for t in grant.iter("transaction") if t.find("transaction-type").get("code") == "4"]
    assert [t.find("value").text for t in spent] == ["300.00"]


def test_a_grantee_spends_no_more_than_was_disbursed(secretariat, fund):
    from aigov.core.errors import InvalidInput

    _world(secretariat, fund)
    grant = fund.grants.get()
    with pytest.raises(InvalidInput) as refused:
        services.grant_report_submit(
            actor=secretariat,
            grant=grant,
            period_start=factories.DAY,
            period_end=factories.DAY,
            narrative="More.",
            expenditures=[{"amount": "201", "spent_on": "2026-09-02"}],
        )
    assert refused.value.errors[0]["code"] == "more_than_disbursed"
    assert grant.expenditures.count() == 1


def test_a_broken_file_fails_the_schema(secretariat, fund):
    _world(secretariat, fund)
    document = etree.fromstring(iati.activities_xml(fund=fund))
    document.find("iati-activity/reporting-org").getparent().remove(
        document.find("iati-activity/reporting-org")
    )
    assert not iati.schema("activities").validate(document)


def test_no_identifier_no_file(secretariat, fund):
    fund.iati_organisation_identifier = ""
    with pytest.raises(InvalidState):
        iati.activities_xml(fund=fund)


def test_the_projects_copy_of_the_schemas_is_current():
    shared = Path(settings.BASE_DIR).parent / "shared" / "schemas" / "iati-2.03"
    if not shared.is_dir():
        pytest.skip("../shared/schemas is not beside this checkout")
    comparison = filecmp.dircmp(shared, iati.SCHEMA_DIR)
    assert not (comparison.left_only or comparison.right_only or comparison.diff_files)
