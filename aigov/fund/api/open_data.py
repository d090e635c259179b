"""/api/fund/iati/: the fund and its grants as IATI 2.03 files."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from aigov.fund import iati, selectors

router = Router()


def _xml(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@router.get(
    "/iati/activities.xml",
    summary="The fund and its grants as an IATI 2.03 activity file",
    operation_id="fund_iati_activities",
)
def iati_activities(request: HttpRequest) -> HttpResponse:
    fund = selectors.fund_default()
    return _xml(iati.activities_xml(fund=fund), "activities.xml")


@router.get(
    "/iati/organisation.xml",
    summary="The fund as an IATI 2.03 organisation file",
    operation_id="fund_iati_organisation",
)
def iati_organisation(request: HttpRequest) -> HttpResponse:
    fund = selectors.fund_default()
    return _xml(iati.organisation_xml(fund=fund), "organisation.xml")
