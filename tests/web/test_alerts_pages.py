"""The alert pages: the whole-picture panel, an alert and its decisions, the managers'
dashboard, the partnership's view and a check's settings, a replay, the navigation."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from fullpicture.checks.models import Alert, AlertDecision, AlertStatus, CheckSetting
from fullpicture.core.models import AuditAction, AuditEvent
from tests.factories import EventFactory, PersonRecordFactory
from tests.web.alerts import EXPLANATION, make_alert

TODAY = date(2026, 11, 22)


@pytest.fixture
def injuries(scenario):
    """Three injuries recorded by the hospital, and the LC04 alert resting on them."""
    earlier = [
        EventFactory(
            subject=scenario.hospital_record,
            event_type_id="health.injury",
            occurred_on=day,
            recorded_on=day,
            summary=summary,
        )
        for day, summary in ((date(2024, 1, 12), "Cut to the forehead"), (date(2024, 3, 2), "Burn"))
    ]
    events = [*earlier, scenario.injury]
    return make_alert(scenario.child, events), events


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _text(response):
    return response.content.decode()


def _error_summary(html):
    start = html.index('class="govuk-error-summary"')
    return html[start : html.index("</div>", html.index("govuk-error-summary__body", start))]


# --- the panel on the whole-picture page


def test_the_whole_picture_shows_each_open_alert_with_its_learning_and_evidence(
    client, scenario, injuries
):
    alert, events = injuries
    page = _text(
        _get(client, scenario.users["practitioner"], _whole_picture(scenario)),
    )
    panel = page[page.index('id="alerts-heading"') : page.index("About Kayleigh")]
    assert "Alerts from learning checks: 1 open" in panel
    assert "govuk-tag--yellow" in panel and "Medium" in panel  # the severity tag
    assert "Repeated injuries" in panel and "LC04" in panel
    assert "fell off bike" in panel  # the explanation sentence (escaped quotes aside)
    assert "ADOL" in panel and "13 medical appointments" in panel  # the learning and source
    assert "consider a strategy discussion" in panel  # the suggested action
    for event in events:
        assert reverse("chronology:event_detail", args=[event.pk]) in panel
    assert "12 January 2024: Injury" in panel
    decide = reverse("checks:alert", args=[alert.pk]) + "#decision"
    assert f'href="{decide}">Record a decision' in panel
    # The panel sits at the top, above the person summary.
    assert page.index('id="alerts-heading"') < page.index("About Kayleigh")


def test_the_panel_leaves_out_dismissed_and_no_longer_holding_alerts(client, scenario, injuries):
    alert, events = injuries
    make_alert(scenario.child, events[:1], code="LC09", key="other", active=False)
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    assert "Alerts from learning checks: 1 open" in page
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.DISMISSED)
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    assert "Alerts from learning checks" not in page
    assert "fp-timeline__evidence" not in page


def test_many_open_alerts_show_the_most_severe_in_full_and_the_rest_on_asking(
    client, scenario, injuries
):
    _, events = injuries
    for n in range(11):
        make_alert(scenario.child, events[:1], code="LC02", key=f"report-{n:02}")
    urgent = make_alert(scenario.child, events[1:2], code="LC11", key="x", severity="urgent")
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    panel = page[page.index('id="alerts-heading"') : page.index("About Kayleigh")]
    assert "Alerts from learning checks: 13 open" in panel
    assert panel.count('<h3 class="govuk-summary-card__title"') == 10
    assert panel.index(reverse("checks:alert", args=[urgent.pk])) < panel.index("LC02")
    assert "Show all 13 open alerts" in panel

    page = _text(
        _get(client, scenario.users["practitioner"], _whole_picture(scenario), alerts="all")
    )
    panel = page[page.index('id="alerts-heading"') : page.index("About Kayleigh")]
    assert panel.count('<h3 class="govuk-summary-card__title"') == 13
    assert "Show all" not in panel


def test_alerts_of_one_check_state_its_learning_and_action_once(client, scenario, injuries):
    alert, events = injuries
    second = make_alert(scenario.child, events[1:2], key="another")
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    panel = page[page.index('id="alerts-heading"') : page.index("About Kayleigh")]
    assert panel.count('<h3 class="govuk-summary-card__title"') == 2
    assert panel.count("Learning it comes from") == 1
    assert panel.count("consider a strategy discussion") == 1
    assert panel.count("As for the LC04 alert above.") == 1
    # Each keeps its own decision.
    for each in (alert, second):
        assert reverse("checks:alert", args=[each.pk]) + "#decision" in panel


def test_the_panel_folds_each_alerts_evidence_under_its_count(client, scenario, injuries):
    """The explanation names each event and the timeline rings them: the list is one click away."""
    alert, events = injuries
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    panel = page[page.index('id="alerts-heading"') : page.index("About Kayleigh")]
    folded = re.search(r"<details[^>]*>(.*?)</details>", panel, re.S)
    assert folded is not None
    assert f"{len(events)} events, ringed on the timeline" in folded.group(1)
    for event in events:
        assert reverse("chronology:event_detail", args=[event.pk]) in folded.group(1)
    assert (
        escape(alert.explanation) in panel[: panel.index("<details")]
    )  # what was found stays open


def test_an_alert_resting_on_many_events_lists_the_latest_and_rings_them_all(
    client, scenario, injuries
):
    alert, events = injuries
    more = [
        EventFactory(
            subject=scenario.hospital_record,
            event_type_id="health.injury",
            occurred_on=date(2023, month, 3),
            recorded_on=date(2023, month, 3),
            summary=f"Bruise {month}",
        )
        for month in range(1, 5)
    ]
    alert.evidence.add(*more)  # seven events: four in 2023, three in 2024
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    panel = page[page.index('id="alerts-heading"') : page.index("About Kayleigh")]
    assert "The latest 5 of 7 events" in panel
    listed = [
        e for e in [*more, *events] if reverse("chronology:event_detail", args=[e.pk]) in panel
    ]
    assert listed == [*more[2:], *events]  # the two oldest are left out of the list
    svg = page[
        page.index('<svg class="fp-timeline"') : page.index("</svg>", page.index("fp-timeline"))
    ]
    rings = " ".join(re.findall(r'<circle class="fp-timeline__evidence".*?</circle>', svg))
    assert "3 January 2023" in rings and "3 February 2023" in rings  # ... but ringed


def test_partnership_staff_see_the_panel_but_are_not_offered_a_decision(client, scenario, injuries):
    alert, _ = injuries
    page = _text(_get(client, scenario.users["partnership"], _whole_picture(scenario)))
    assert "Repeated injuries" in page
    assert "Record a decision" not in page
    assert f'href="{reverse("checks:alert", args=[alert.pk])}">View the alert' in page


def test_the_evidence_is_ringed_on_the_timeline_with_text_saying_why(client, scenario, injuries):
    page = _text(_get(client, scenario.users["practitioner"], _whole_picture(scenario)))
    svg = page[
        page.index('<svg class="fp-timeline"') : page.index("</svg>", page.index("fp-timeline"))
    ]
    rings = re.findall(r'<circle class="fp-timeline__evidence".*?</circle>', svg)
    assert rings
    tips = " ".join(rings)
    assert "Evidence of an open alert" in tips
    assert "LC04 Repeated injuries" in tips
    assert "Oxford University Hospitals" in tips
    assert "1 May 2024" in tips
    assert "Marks ringed in red hold evidence of an open alert" in svg  # the description
    assert "ringed: evidence of an open alert" in page  # the legend


def test_a_filter_that_leaves_the_evidence_out_leaves_out_its_ring(client, scenario, injuries):
    page = _text(
        _get(
            client,
            scenario.users["practitioner"],
            _whole_picture(scenario),
            agency=str(scenario.police.pk),
        )
    )
    assert "Alerts from learning checks: 1 open" in page  # the panel stays
    assert "fp-timeline__evidence" not in page


# --- restricted evidence


@pytest.fixture
def restricted_alert(scenario):
    return make_alert(
        scenario.child,
        [scenario.restricted_police, scenario.injury],
        code="LC09",
        key="adult",
        severity="high",
        explanation="Domestic abuse incident at the home address and an injury.",
    )


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("police", True),
        ("social_worker", True),
        ("practitioner", False),
        ("manager", False),
        ("partnership", False),
    ],
)
def test_an_alert_resting_on_a_restricted_event_is_hidden_from_other_agencies(
    client, scenario, restricted_alert, role, sees
):
    user = scenario.users[role]
    page = _text(_get(client, user, _whole_picture(scenario)))
    assert ("Domestic abuse incident at the home address and an injury." in page) is sees
    detail = _get(client, user, reverse("checks:alert", args=[restricted_alert.pk]))
    assert detail.status_code == (200 if sees else 404)


def test_the_dashboard_of_a_manager_leaves_out_alerts_on_restricted_events_of_others(
    client, scenario, restricted_alert, injuries
):
    page = _text(_get(client, scenario.users["manager"], reverse("checks:dashboard")))
    assert reverse("checks:alert", args=[injuries[0].pk]) in page
    assert reverse("checks:alert", args=[restricted_alert.pk]) not in page


# --- the alert page


def _alert_url(alert):
    return reverse("checks:alert", args=[alert.pk])


def _whole_picture(scenario):
    return reverse("chronology:whole_picture", args=[scenario.child.pk])


def test_the_alert_page_shows_everything_the_alert_carries(client, scenario, injuries):
    alert, events = injuries
    CheckSetting.objects.create(
        code="LC04",
        version=1,
        parameters={"injuries": 4, "window_days": 365},
        reason="x",
        changed_by=scenario.users["partnership"],
    )
    Alert.objects.filter(pk=alert.pk).update(
        settings_version=2, parameters={"injuries": 2, "window_days": 365}
    )
    response = _get(client, scenario.users["practitioner"], _alert_url(alert))
    assert response.status_code == 200
    page = _text(response)
    assert "Repeated injuries" in page and "LC04" in page
    assert "definition version 1, settings version 2" in page
    assert "Injuries that make a pattern: 2 (default 3)" in page
    assert "Kayleigh Testchild" in page
    assert reverse("chronology:whole_picture", args=[scenario.child.pk]) in page
    assert EXPLANATION.split(":")[0] in page
    assert "ADOL" in page and "health systems did not collate them" in page
    assert "Share with children&#x27;s social care" in page
    assert "Medium" in page and "inconsistent" in page  # severity and its rule
    assert "Still holding" in page
    for event in events:
        assert reverse("chronology:event_detail", args=[event.pk]) in page
    assert "12 January 2024" in page and "2 March 2024" in page and "1 May 2024" in page
    assert "Oxford University Hospitals" in page
    assert 'id="decision"' in page and 'name="kind"' in page and 'name="action"' in page
    assert "No decisions recorded yet." in page


def test_an_alert_no_longer_holding_says_so(client, scenario, injuries):
    alert, _ = injuries
    Alert.objects.filter(pk=alert.pk).update(active=False)
    page = _text(_get(client, scenario.users["practitioner"], _alert_url(alert)))
    assert "No longer holding" in page


# Role -> status of GET, whether the decision form shows, status of a POST.
ALERT_PAGE = {
    "practitioner": (200, True, 302),
    "manager": (200, True, 302),
    "social_worker": (200, True, 302),
    "partnership": (200, False, 403),
    "uninvolved": (404, False, 404),
    "admin": (404, False, 404),
}


@pytest.mark.parametrize("role", ALERT_PAGE)
def test_who_may_open_an_alert_and_record_a_decision(client, scenario, injuries, role):
    alert, _ = injuries
    get_status, has_form, post_status = ALERT_PAGE[role]
    user = scenario.users[role]
    response = _get(client, user, _alert_url(alert))
    assert response.status_code == get_status
    if get_status == 200:
        assert ('name="kind"' in _text(response)) is has_form
    response = client.post(_alert_url(alert), {"kind": "acknowledged"})
    assert response.status_code == post_status
    assert AlertDecision.objects.filter(alert=alert).count() == (1 if post_status == 302 else 0)


def test_decisions_are_appended_to_the_history_never_overwritten(client, scenario, injuries):
    alert, _ = injuries
    client.force_login(scenario.users["practitioner"])
    url = _alert_url(alert)
    assert client.post(url, {"kind": "acknowledged"}).status_code == 302
    response = client.post(
        url, {"kind": "actioned", "action": "referral", "note": "Referred to the MASH"}
    )
    assert response.status_code == 302 and response["Location"] == url
    client.force_login(scenario.users["manager"])
    client.post(url, {"kind": "dismissed", "note": "Accidents explained by the GP"})
    decisions = list(AlertDecision.objects.filter(alert=alert).order_by("created_at"))
    assert [d.kind for d in decisions] == ["acknowledged", "actioned", "dismissed"]
    assert decisions[1].action == "referral" and decisions[1].note == "Referred to the MASH"
    assert [d.decided_by for d in decisions] == [scenario.users["practitioner"]] * 2 + [
        scenario.users["manager"]
    ]
    alert.refresh_from_db()
    assert alert.status == AlertStatus.DISMISSED
    page = _text(client.get(url))
    history = page[page.index('id="decisions"') : page.index('id="decision"')]
    for text in (
        "Acknowledged",
        "Action taken: Referral made",
        "Referred to the MASH",
        "Dismissed",
        "Accidents explained by the GP",
        "Nurse",
    ):
        assert text in history
    assert (
        history.index("Acknowledged")
        < history.index("Referral made")
        < history.index("Accidents explained")
    )
    writes = AuditEvent.objects.filter(action=AuditAction.CREATE, person=scenario.child)
    assert writes.filter(what="Decision on alert LC04: dismissed").count() == 1
    assert writes.count() == 3


def test_dismissing_without_a_reason_shows_the_error_against_the_field(client, scenario, injuries):
    alert, _ = injuries
    client.force_login(scenario.users["practitioner"])
    response = client.post(_alert_url(alert), {"kind": "dismissed", "note": "   "})
    assert response.status_code == 200
    page = _text(response)
    summary = _error_summary(page)
    assert 'href="#id_note"' in summary
    assert "Details: Say why you are dismissing this alert." in summary
    assert 'id="id_note-error"' in page  # the message next to the field
    assert page.count("govuk-form-group--error") == 1
    assert "<title>Error:" in page
    assert not AlertDecision.objects.exists()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


@pytest.mark.parametrize(
    ("data", "href", "message"),
    [
        ({}, "#id_kind_0", "What have you decided?: Choose acknowledge, action taken or dismiss."),
        (
            {"kind": "actioned", "note": "Rang CSC"},
            "#id_action",
            "What was done: Choose what was done.",
        ),
        ({"kind": "actioned", "action": "visit"}, "#id_note", "Details: Say what was done."),
    ],
)
def test_each_missing_part_of_a_decision_is_named(client, scenario, injuries, data, href, message):
    alert, _ = injuries
    client.force_login(scenario.users["practitioner"])
    page = _text(client.post(_alert_url(alert), data))
    summary = _error_summary(page)
    assert f'href="{href}"' in summary and message in summary
    assert not AlertDecision.objects.exists()


def test_the_alert_page_is_audited_as_a_view_of_the_child(client, scenario, injuries):
    alert, _ = injuries
    _get(client, scenario.users["practitioner"], _alert_url(alert))
    row = AuditEvent.objects.get()
    assert (row.action, row.person, row.actor) == (
        AuditAction.VIEW,
        scenario.child,
        scenario.users["practitioner"],
    )
    assert row.detail["alert"] == str(alert.pk)


# --- the managers' dashboard


ONLY_MANAGERS = {
    "manager": 200,
    "practitioner": 403,
    "partnership": 403,
    "admin": 403,
    "uninvolved": 403,
    "police": 403,
}


@pytest.mark.parametrize("role", ONLY_MANAGERS)
def test_the_dashboard_is_for_managers(client, scenario, role):
    response = _get(client, scenario.users[role], reverse("checks:dashboard"))
    assert response.status_code == ONLY_MANAGERS[role]


@pytest.fixture
def caseload(scenario, injuries):
    """Alerts of children the hospital works with, and one of a child it does not know."""
    alert, _ = injuries
    other = PersonRecordFactory(agency=scenario.hospital, given_name="Ruby", family_name="Other")
    urgent = make_alert(
        other.person, [], code="LC09", severity="urgent", raised_on=date(2025, 9, 1)
    )
    old = make_alert(
        PersonRecordFactory(agency=scenario.hospital, given_name="Ann", family_name="Old").person,
        [],
        code="LC04",
        severity="medium",
        raised_on=date(2023, 2, 1),
    )
    dismissed = make_alert(
        PersonRecordFactory(agency=scenario.hospital).person, [], status="dismissed"
    )
    inactive = make_alert(PersonRecordFactory(agency=scenario.hospital).person, [], active=False)
    unknown = make_alert(PersonRecordFactory(agency=scenario.school).person, [])
    return {
        "alert": alert,
        "urgent": urgent,
        "old": old,
        "dismissed": dismissed,
        "inactive": inactive,
        "unknown": unknown,
    }


def _alert_order(page, alerts):
    positions = {name: page.find(_alert_url(a)) for name, a in alerts.items()}
    return [name for name, at in sorted(positions.items(), key=lambda kv: kv[1]) if at >= 0]


@time_machine.travel(TODAY)
def test_the_dashboard_lists_open_alerts_of_the_agencys_children(client, scenario, caseload):
    page = _text(_get(client, scenario.users["manager"], reverse("checks:dashboard")))
    assert _alert_order(page, caseload) == ["urgent", "old", "alert"]  # by severity, then age
    assert "3 open alerts." in page
    counts = page[page.index('id="counts"') : page.index('id="alerts"')]
    assert re.search(r"LC04 Repeated injuries</a></th>\s*<td[^>]*>2</td>", counts)
    assert re.search(r"All checks</a></th>\s*<td[^>]*><strong>3</strong>", counts)
    assert "Kayleigh Testchild" in page and "2 March 2015 (age 11)" in page
    assert "1390 days old" in page  # raised 1 February 2023


def test_the_dashboard_sorts_by_age_and_filters_by_check(client, scenario, caseload):
    client.force_login(scenario.users["manager"])
    url = reverse("checks:dashboard")
    assert _alert_order(_text(client.get(url, {"sort": "oldest"})), caseload) == [
        "old",
        "alert",
        "urgent",
    ]
    assert _alert_order(_text(client.get(url, {"sort": "newest"})), caseload) == [
        "urgent",
        "alert",
        "old",
    ]
    page = _text(client.get(url, {"check": "LC04", "sort": "oldest"}))
    assert _alert_order(page, caseload) == ["old", "alert"]
    assert "2 open alerts of LC04." in page
    # Something not offered falls back to every check, by severity.
    assert _alert_order(_text(client.get(url, {"check": "LC99", "sort": "x"})), caseload) == [
        "urgent",
        "old",
        "alert",
    ]


def test_the_dashboard_is_paginated_and_audited(client, scenario, caseload, monkeypatch):
    monkeypatch.setattr("fullpicture.checks.views.PAGE_SIZE", 2)
    client.force_login(scenario.users["manager"])
    url = reverse("checks:dashboard")
    first = _text(client.get(url, {"sort": "oldest"}))
    assert "Page 1 of 2" in first and "sort=oldest&amp;page=2" in first
    second = _text(client.get(url, {"sort": "oldest", "page": 2}))
    assert _alert_order(second, caseload) == ["urgent"]
    rows = list(AuditEvent.objects.order_by("id"))
    assert len(rows) == 2
    assert rows[1].what == "Alerts dashboard" and rows[1].action == AuditAction.VIEW
    assert rows[1].detail["alerts"] == [str(caseload["urgent"].pk)]
    assert rows[1].detail["people"] == [str(caseload["urgent"].person_id)]


# --- the partnership's view and a check's settings


ONLY_PARTNERSHIP = {
    "partnership": 200,
    "manager": 403,
    "practitioner": 403,
    "social_worker": 403,
    "admin": 403,
}


@pytest.mark.parametrize("role", ONLY_PARTNERSHIP)
@pytest.mark.parametrize("page", ["partnership", "check"])
def test_the_partnership_pages_are_for_partnership_staff(client, scenario, role, page):
    url = reverse(f"checks:{page}", args=["LC04"] if page == "check" else [])
    assert _get(client, scenario.users[role], url).status_code == ONLY_PARTNERSHIP[role]


@time_machine.travel(TODAY)
def test_the_partnership_counts_alerts_raised_acted_on_and_dismissed(client, scenario, injuries):
    alert, _ = injuries
    Alert.objects.filter(pk=alert.pk).update(raised_on=date(2026, 9, 3))
    second = make_alert(
        PersonRecordFactory(agency=scenario.police).person, [], raised_on=date(2026, 10, 5)
    )
    client.force_login(scenario.users["practitioner"])
    client.post(_alert_url(alert), {"kind": "actioned", "action": "visit", "note": "Home visit"})
    client.force_login(scenario.users["police"])
    client.post(_alert_url(second), {"kind": "dismissed", "note": "Known, already on a plan"})

    page = _text(_get(client, scenario.users["partnership"], reverse("checks:partnership")))

    def row(label):
        match = re.search(re.escape(label) + r"</th>((?:\s*<td[^>]*>\d+</td>)+)", page, flags=re.S)
        assert match, label
        return [int(n) for n in re.findall(r">(\d+)</td>", match.group(1))]

    assert row("LC04 Repeated injuries") == [2, 1, 1, 1]  # raised, acted on, dismissed, open
    assert row("Oxford University Hospitals") == [1, 1, 0, 1]
    assert row("Thames Valley Police") == [2, 1, 1, 1]  # holds records of both children
    assert row("September 2026") == [1, 0, 0]
    assert row("October 2026") == [1, 0, 0]
    assert row("November 2026") == [0, 1, 1]  # the decisions, made today
    assert row("December 2025") == [0, 0, 0]
    assert "January 2025" not in page  # twelve months
    # The same numbers as a bar chart, each bar titled, the table its alternative.
    chart = page[page.index('<svg class="fp-chart"') : page.index("</svg>", page.index("fp-chart"))]
    assert 'role="img"' in chart and "Alerts raised, acted on and dismissed by month" in chart
    assert "2 raised, 1 acted on and 1 dismissed in all" in chart
    assert "<title>November 2026: 1 acted on</title>" in chart
    # The checks, their learning and their parameters in force.
    assert "Injuries that make a pattern: <strong>3</strong>" in page
    assert "Settings version 0 (the defaults)" in page
    assert reverse("checks:check", args=["LC04"]) in page
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()  # counts only


def test_the_counts_narrow_to_one_check(client, scenario, injuries):
    make_alert(PersonRecordFactory(agency=scenario.police).person, [], code="LC09")
    client.force_login(scenario.users["partnership"])
    page = _text(client.get(reverse("checks:partnership"), {"check": "LC09"}))
    assert "LC04 Repeated injuries</th>" not in page
    assert re.search(r"Thames Valley Police</th>\s*<td[^>]*>1</td>", page)


def test_the_partnership_does_not_count_what_rests_on_others_restricted_events(
    client, scenario, restricted_alert
):
    page = _text(_get(client, scenario.users["partnership"], reverse("checks:partnership")))
    counts = page[page.index('id="counts"') : page.index('id="checks"')]
    assert "LC09 Hidden adult</th>" not in counts
    assert "No alerts." in counts
    assert "fp-chart" not in counts  # nothing to draw


def test_a_check_page_shows_its_definition_and_changes_it_as_a_new_version(client, scenario):
    user = scenario.users["partnership"]
    url = reverse("checks:check", args=["LC04"])
    page = _text(_get(client, user, url))
    assert "Repeated injuries" in page and "ADOL" in page
    assert "consider a strategy discussion" in page
    assert "Never changed" in page
    assert re.search(r'name="injuries" type="text" value="3"', page)

    response = client.post(
        url, {"injuries": "4", "window_days": "365", "reason": "Too many alerts in the pilot"}
    )
    assert response.status_code == 302
    setting = CheckSetting.objects.get(code="LC04")
    assert (setting.version, setting.parameters, setting.changed_by) == (
        1,
        {"injuries": 4, "window_days": 365},
        user,
    )
    page = _text(client.get(url))
    assert "LC04 settings saved as version 1" in page
    assert "Injuries that make a pattern: <strong>4</strong> (default 3)" in page
    history = page[page.index('id="history"') :]
    assert "Too many alerts in the pilot" in history and user.display_name in history
    assert "Injuries that make a pattern: 4" in history
    audit = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert audit.what == "Learning check LC04 settings v1"


@pytest.mark.parametrize(
    ("data", "href", "message"),
    [
        (
            {"injuries": "4", "window_days": "365", "reason": ""},
            "#id_reason",
            "Why is the check changing?: Say why the check is changing.",
        ),
        (
            {"injuries": "1", "window_days": "365", "reason": "Lower"},
            "#id_injuries",
            "Injuries that make a pattern: Injuries that make a pattern must be between 2 and 20.",
        ),
        (
            {"injuries": "three", "window_days": "365", "reason": "Lower"},
            "#id_injuries",
            "must be a whole number",
        ),
    ],
)
def test_a_check_change_shows_what_is_wrong_against_the_field(
    client, scenario, data, href, message
):
    client.force_login(scenario.users["partnership"])
    response = client.post(reverse("checks:check", args=["LC04"]), data)
    assert response.status_code == 200
    summary = _error_summary(_text(response))
    assert f'href="{href}"' in summary and message in summary
    assert not CheckSetting.objects.exists()


def test_an_unknown_check_is_not_found_and_a_lower_case_code_is_redirected(client, scenario):
    client.force_login(scenario.users["partnership"])
    assert client.get(reverse("checks:check", args=["LC99"])).status_code == 404
    response = client.get(reverse("checks:check", args=["lc04"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("checks:check", args=["LC04"])


# --- navigation


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("manager", {"Alerts"}),
        ("partnership", {"Learning checks"}),
        ("practitioner", set()),
        ("admin", set()),
    ],
)
def test_the_header_links_to_the_alert_pages_for_the_roles_allowed(client, scenario, role, links):
    page = _text(_get(client, scenario.users[role], reverse("people:search")))
    header = page[: page.index('id="main-content"')]
    shown = {
        label
        for label, url in (
            ("Alerts", reverse("checks:dashboard")),
            ("Learning checks", reverse("checks:partnership")),
        )
        if f'href="{url}"' in header
    }
    assert shown == links


def test_the_dashboard_link_is_marked_as_the_current_page(client, scenario):
    page = _text(_get(client, scenario.users["manager"], reverse("checks:dashboard")))
    assert f'href="{reverse("checks:dashboard")}" aria-current="true">Alerts</a>' in page
