"""The pages each kind of user works in pass axe, with data on them and with errors showing.

axe-core comes bundled with axe-playwright-python (never fetched at run time). The GOV.UK
back link sits before `<main>`, as the design system places it; axe's best-practice
"region" rule would flag it, and the design system has decided to keep it there
(alphagov/govuk-frontend#6460), so the back link alone is left out of the check.
"""

import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from fullpicture.checks.models import Alert
from fullpicture.chronology.event_types import event_types_load
from fullpicture.chronology.models import EventType
from fullpicture.core.audit import Auditor
from fullpicture.core.models import Agency, AgencyKind
from fullpicture.demo.services import demo_load
from tests.linkage.conftest import queued_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "axe-password"


@pytest.fixture
def demo(tmp_path):
    event_types_load(EventType)
    return demo_load(as_of=date.today(), households=10, seed=7, out=tmp_path, password=PASSWORD)


def _log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/$"))


def _passes_axe(page, path: str) -> None:
    page.goto(path)
    assert page.get_by_role("heading", level=1).count() == 1, path
    results = Axe().run(page, context={"exclude": [[".govuk-back-link"]]})
    assert results.violations_count == 0, f"{path}\n{results.generate_report()}"


def test_a_social_workers_pages_pass_axe(page, demo):
    alert = (
        Alert.objects.filter(
            active=True,
            restricted=False,
            person__records__agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
        )
        .select_related("person")
        .first()
    )
    assert alert is not None, "the demo raises alerts about children social care knows"
    child = alert.person
    _log_in(page, "occ-csc-manager")
    today = date.today()
    for path in (
        f"/?q={child.family_name}",
        f"/people/{child.pk}/",
        f"/people/{child.pk}/?alerts=all",
        f"/people/{child.pk}/print/",
        f"/people/{child.pk}/events/add/",
        f"/people/{child.pk}/replay/?from={today - timedelta(days=60)}&to={today}",
        f"/alerts/{alert.pk}/",
        "/alerts/",
    ):
        _passes_axe(page, path)

    # With errors showing: the event form sent empty
    page.goto(f"/people/{child.pk}/events/add/")
    page.get_by_role("button", name=re.compile("Save|Record", re.I)).first.click()
    assert page.locator(".govuk-error-summary").count() == 1
    results = Axe().run(page, context={"exclude": [[".govuk-back-link"]]})
    assert results.violations_count == 0, results.generate_report()


def test_partnership_and_data_quality_pages_pass_axe(page, demo, browser, live_server):
    _log_in(page, "partnership")
    for path in ("/checks/", "/checks/LC04/"):
        _passes_axe(page, path)

    # A second browser context: the data-quality reviewer, closed before the live server
    # stops (an open one keeps connections that the server's threads close too late).
    context = browser.new_context(base_url=live_server.url)
    try:
        reviewer = context.new_page()
        _log_in(reviewer, "data-quality")
        _passes_axe(reviewer, "/linkage/review/")
        pair, _, _, _ = queued_pair(
            Agency.objects.get(code="OCC-CSC"),
            Agency.objects.get(code="TVP"),
            auditor=Auditor(process="tests"),
            prefix="AXE-",
        )
        _passes_axe(reviewer, f"/linkage/review/{pair.pk}/")
    finally:
        context.close()
