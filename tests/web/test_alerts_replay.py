"""The learning review page: when each alert would first have fired, as things stood then."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from fullpicture.checks.definitions import lc04_repeated_injuries
from fullpicture.core.models import AuditAction, AuditEvent
from tests.factories import EventFactory, RestrictedEventFactory


@pytest.fixture(autouse=True)
def _only_lc04(monkeypatch):
    # The page is under test, not the catalogue: replay with LC04 alone, so that a check
    # being written elsewhere cannot change what these tests see.
    monkeypatch.setattr(
        "fullpicture.checks.engine.checks", lambda: {"LC04": lc04_repeated_injuries.CHECK}
    )


@pytest.fixture
def injured(scenario):
    """Two more injuries before the scenario's one of 1 May 2024 (recorded 2 May)."""
    for day, summary in ((date(2024, 1, 12), "Cut to the forehead"), (date(2024, 3, 2), "Burn")):
        EventFactory(
            subject=scenario.hospital_record,
            event_type_id="health.injury",
            occurred_on=day,
            recorded_on=day,
            summary=summary,
            explanation="fell off bike",
        )
    return scenario


def _url(scenario, **params):
    url = reverse("checks:replay", args=[scenario.child.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


# Role -> status: partnership staff and managers of an involved agency run learning reviews.
REPLAY = {
    "partnership": 200,
    "manager": 200,
    "practitioner": 403,
    "police": 403,
    "uninvolved": 404,
    "admin": 404,
}


@pytest.mark.parametrize("role", REPLAY)
def test_who_may_replay_the_checks(client, scenario, role):
    client.force_login(scenario.users[role])
    assert client.get(_url(scenario)).status_code == REPLAY[role]


@time_machine.travel(date(2026, 11, 22))
def test_the_replay_shows_the_day_each_alert_would_first_have_fired(client, injured):
    scenario = injured
    client.force_login(scenario.users["partnership"])
    page = client.get(_url(scenario, **{"from": "2024-01-01", "to": "2024-06-30"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 alert would have fired from 1 January 2024 to 30 June 2024" in html
    rows = html[html.index('id="results"') :]
    # The third injury was recorded on 2 May 2024: the first day all three were known.
    assert re.search(r"<td[^>]*>2 May 2024</td>\s*<td[^>]*><strong>LC04 Repeated injuries", rows)
    assert "3 injury-related health events in 4 months" in rows
    assert rows.count(reverse("chronology:event_detail", args=[scenario.injury.pk])) == 1
    assert "12 January 2024: Injury" in rows
    row = AuditEvent.objects.get()
    assert (row.action, row.person, row.actor) == (
        AuditAction.VIEW,
        scenario.child,
        scenario.users["partnership"],
    )
    assert row.what == "Learning checks replayed 2024-01-01 to 2024-06-30"
    assert row.detail["alerts"] == 1


@time_machine.travel(date(2026, 11, 22))
def test_the_dates_can_be_typed_in_the_govuk_date_boxes(client, injured):
    client.force_login(injured.users["manager"])
    params = {
        "from_day": "1",
        "from_month": "1",
        "from_year": "2024",
        "to_day": "1",
        "to_month": "5",
        "to_year": "2024",
    }
    html = client.get(_url(injured), params).content.decode()
    # On 1 May the third injury was not yet recorded: nothing would have fired.
    assert "No alert would have fired from 1 January 2024 to 1 May 2024" in html


@time_machine.travel(date(2026, 11, 22))
def test_an_alert_resting_on_an_event_the_user_may_not_read_is_left_out(client, scenario):
    for day in (date(2024, 1, 12), date(2024, 3, 2)):
        RestrictedEventFactory(
            subject=scenario.hospital_record, event_type_id="health.injury", occurred_on=day
        )
    query = {"from": "2024-01-01", "to": "2024-06-30"}
    client.force_login(scenario.users["partnership"])
    assert "No alert would have fired" in client.get(_url(scenario, **query)).content.decode()
    client.force_login(scenario.users["manager"])  # the hospital's: it recorded them
    assert "1 alert would have fired" in client.get(_url(scenario, **query)).content.decode()


@time_machine.travel(date(2026, 11, 22))
@pytest.mark.parametrize(
    ("query", "href", "message"),
    [
        ({"from": "", "to": "2024-06-30"}, "#id_from_day", "Start of the period: enter the first"),
        ({"from": "2024-01-01", "to": ""}, "#id_to_day", "End of the period: enter the last"),
        ({"from": "2024-02-30", "to": "2024-06-30"}, "#id_from_day", "must be a real date"),
        ({"from": "next week", "to": "2024-06-30"}, "#id_from_day", "must be a real date"),
        (
            {"from": "2024-06-30", "to": "2024-01-01"},
            "#id_to_day",
            "End of the period: must be the same as or after the start of the period",
        ),
        (
            {"from": "2026-01-01", "to": "2026-11-23"},
            "#id_to_day",
            "End of the period: must be today or in the past",
        ),
        (
            {"from": "2015-01-01", "to": "2024-06-30"},
            "#id_to_day",
            "must be at most 5 years after the start of the period",
        ),
    ],
)
def test_the_dates_are_checked_with_clear_messages(client, scenario, query, href, message):
    client.force_login(scenario.users["partnership"])
    response = client.get(_url(scenario, **query))
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index('class="govuk-error-summary"') : html.index('id="main-content"') + 5000
    ]
    assert f'href="{href}"' in summary and message in summary
    assert 'id="results"' not in html
    assert AuditEvent.objects.get().what == "Learning checks replay form"


def test_the_form_alone_is_audited_as_a_view_of_the_child(client, scenario):
    client.force_login(scenario.users["manager"])
    html = client.get(_url(scenario)).content.decode()
    assert "govuk-error-summary" not in html
    row = AuditEvent.objects.get()
    assert (row.action, row.person, row.what) == (
        AuditAction.VIEW,
        scenario.child,
        "Learning checks replay form",
    )


def test_the_whole_picture_links_to_the_replay_for_those_who_may_run_it(client, scenario):
    link = reverse("checks:replay", args=[scenario.child.pk])
    whole_picture = reverse("chronology:whole_picture", args=[scenario.child.pk])
    for role, shown in (("manager", True), ("partnership", True), ("practitioner", False)):
        client.force_login(scenario.users[role])
        assert (link in client.get(whole_picture).content.decode()) is shown, role
