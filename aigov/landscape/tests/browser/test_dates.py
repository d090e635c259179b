"""Dates in the reader's language (issue 18, item 6): a date picker shows the date it holds on a
page in any language, and pages write dates in the reader's format, with no YYYY-MM-DD hint."""

import pytest
from playwright.sync_api import Page, expect

from aigov.core.tests.browser.plugin import LiveServer
from aigov.core.tests.browser.signin import sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["fr", "ru", "zh-hans"])
def test_an_edit_page_shows_the_dates_the_record_holds(
    page: Page, aigov_server: LiveServer, language: str
) -> None:
    # Chromium takes a date input's value only as YYYY-MM-DD: the localised value Django wrote
    # ("13/06/2024" in French) left the picker empty, and saving cleared the date.
    sign_in_as(page, aigov_server, role="secretariat")
    page.goto(f"/{language}/landscape/policies/eu-ai-act/edit/")
    expect(page.locator("input[name=adopted_on]")).to_have_value("2024-06-13")
    expect(page.locator("input[name=in_force_on]")).to_have_value("2024-08-01")
    expect(page.locator("main")).not_to_contain_text("YYYY")


@pytest.mark.parametrize(
    ("language", "summary"),
    [("fr", "Synthèse au 1 juin 2019"), ("ru", "1 июня 2019"), ("ar", "1 يونيو، 2019")],
)
def test_the_representation_page_writes_its_date_in_the_readers_format(
    page: Page, language: str, summary: str
) -> None:
    page.goto(f"/{language}/landscape/representation/?as_of=2019-06-01")
    expect(page.locator("input[name=as_of]")).to_have_value("2019-06-01")
    expect(page.locator("main")).to_contain_text(summary)
    expect(page.locator("main")).not_to_contain_text("YYYY")
