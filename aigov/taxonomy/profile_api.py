"""/api/countries/{iso3}/profile: a country's profile, as its page shows it to the caller."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from aigov.taxonomy import selectors

router = Router(tags=["countries"])


class CountryProfileItemOut(Schema):
    title: str
    url: str = Field(description="The record's page, with the request language's prefix.")
    note: str = Field(description="A short second line: dates, status.")
    language: str = Field(description="The title's language when it is not the request's.")
    is_demo: bool


class CountryProfileSectionOut(Schema):
    module: str
    key: str = Field(description="The section's stable name, e.g. dialogue.incidents.")
    title: str
    count: int = Field(description="How many records of this section the caller may see.")
    items: list[CountryProfileItemOut]
    more_url: str = Field(description="The module's list filtered to the country, if any.")
    note: str = Field(description="Who sees more, when the caller is shown less than others.")


class CountryProfileOut(Schema):
    iso3: str
    name: str
    official_languages: list[str] = Field(description="BCP 47 tags (Unicode CLDR).")
    sections: list[CountryProfileSectionOut]


class CountryProfileQuery(Schema):
    limit: int = Field(
        selectors.PROFILE_ITEMS,
        ge=0,
        le=selectors.MAX_PROFILE_ITEMS,
        description="Records per section (at most 50).",
    )


@router.get(
    "/{iso3}/profile",
    response=CountryProfileOut,
    summary="A country's profile across every module",
    description=(
        "Per module section (initiatives, policies, standards bodies, capacity, incidents, "
        "statements, panel experts …): how many records the caller may see and the first few, "
        "each with its page. ISO alpha-3 or alpha-2 code; an unknown code answers 404."
    ),
    operation_id="country_profile",
)
def country_profile(request: HttpRequest, iso3: str, query: Query[CountryProfileQuery]) -> Any:
    return selectors.country_profile(actor=request.user, code=iso3, limit=query.limit)
