"""Alerts: raised once per evidence, updated by new evidence, decided on, reopened, audited."""

import dataclasses
import json
from datetime import date, timedelta

import duckdb
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction

from fullpicture.checks.engine import _matches
from fullpicture.checks.models import Alert, AlertDecision, AlertStatus, CheckSetting
from fullpicture.checks.registry import check
from fullpicture.checks.services import alert_decide, check_setting_change, checks_evaluate
from fullpicture.core.audit import Auditor
from fullpicture.core.models import AuditEvent, Role
from tests.checks.world import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def evaluate(day=DAY, people=None):
    with transaction.atomic():
        return checks_evaluate(day=day, person_ids=people, auditor=Auditor(process="test"))


@pytest.fixture
def injured():
    w = World()
    child = w.person("Tyler", born=date(2014, 2, 1))
    w.event(child, "health.injury", date(2025, 1, 12), explanation="fell off bike")
    w.event(child, "health.injury", date(2025, 3, 2), explanation="walked into a door")
    w.event(child, "health.injury", date(2025, 6, 1), explanation="fell off bike")
    return w, child


def test_an_alert_carries_its_check_evidence_and_explanation(injured):
    _, child = injured
    summary = evaluate()
    assert summary.raised == 1
    alert = Alert.objects.get(person=child, code="LC04")
    assert alert.evidence.count() == 3
    assert alert.check_version == 1 and alert.settings_version == 0
    assert alert.parameters == {"injuries": 3, "window_days": 365}
    assert alert.severity == "medium"
    assert alert.explanation.startswith("3 injury-related health events in 5 months: 12 Jan 2025")
    assert "'walked into a door'" in alert.explanation
    assert AuditEvent.objects.filter(person=child, what="Alert raised: LC04").count() == 1


def test_evaluating_again_does_not_raise_it_twice(injured):
    evaluate()
    summary = evaluate()
    assert summary.raised == 0 and summary.updated == 0
    assert Alert.objects.count() == 1


def test_new_evidence_updates_the_alert_and_reopens_a_dismissed_one(injured):
    w, child = injured
    evaluate()
    alert = Alert.objects.get()
    manager = UserFactory(role=Role.MANAGER, agency=w.agency("OUH"))
    alert_decide(alert=alert, by=manager, kind="dismissed", note="Known accidents, seen by GP")
    evaluate()
    assert Alert.objects.get().status == AlertStatus.DISMISSED  # nothing new: stays dismissed

    new = w.event(child, "health.injury", date(2025, 6, 20), explanation_consistent=False)
    summary = evaluate()
    alert = Alert.objects.get()
    assert summary.reopened == 1
    assert alert.status == AlertStatus.OPEN
    assert alert.severity == "high"
    assert alert.evidence.count() == 4
    kinds = list(alert.decisions.values_list("kind", flat=True))
    assert kinds == ["dismissed", "reopened"]
    assert alert.decisions.get(kind="reopened").note == f"New evidence: {new.id.hex}"


def test_an_alert_still_holding_records_the_last_day_it_held(injured):
    evaluate()
    assert Alert.objects.get().last_held_on == DAY
    later = DAY + timedelta(days=10)
    summary = evaluate(day=later)
    assert summary.raised == 0 and summary.updated == 0
    assert Alert.objects.get().last_held_on == later


def test_an_alert_that_no_longer_holds_becomes_inactive_and_keeps_its_history(injured):
    evaluate()
    evaluate(day=date(2026, 3, 1))  # the first two injuries are out of the window
    alert = Alert.objects.get()
    assert alert.active is False
    assert alert.evidence.count() == 3


def test_decisions_need_reasons_and_are_appended(injured):
    w, _ = injured
    evaluate()
    alert = Alert.objects.get()
    practitioner = UserFactory(role=Role.PRACTITIONER, agency=w.agency("OUH"))
    with pytest.raises(ValidationError) as error:
        alert_decide(alert=alert, by=practitioner, kind="dismissed", note="  ")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        alert_decide(alert=alert, by=practitioner, kind="actioned", note="Rang CSC")
    assert "action" in error.value.message_dict
    alert_decide(alert=alert, by=practitioner, kind="acknowledged")
    alert_decide(
        alert=alert, by=practitioner, kind="actioned", action="referral", note="Referred to MASH"
    )
    assert list(alert.decisions.values_list("kind", flat=True)) == ["acknowledged", "actioned"]
    assert Alert.objects.get().status == AlertStatus.ACTIONED
    assert AlertDecision.objects.filter(alert=alert, decided_by=practitioner).count() == 2


def test_an_agency_not_involved_cannot_decide(injured):
    w, _ = injured
    evaluate()
    outsider = UserFactory(role=Role.MANAGER, agency=w.agency("TVP"))
    with pytest.raises(PermissionDenied):
        alert_decide(alert=Alert.objects.get(), by=outsider, kind="acknowledged")


def test_a_parameter_change_is_versioned_and_attributed(injured):
    w, child = injured
    partnership = UserFactory(role=Role.PARTNERSHIP, agency=w.agency("VOL"))
    with pytest.raises(ValidationError):
        check_setting_change(code="LC04", parameters={"injuries": 1}, by=partnership, reason="x")
    with pytest.raises(ValidationError):
        check_setting_change(code="LC04", parameters={"injuries": 4}, by=partnership, reason="")
    with pytest.raises(PermissionDenied):
        check_setting_change(
            code="LC04",
            parameters={"injuries": 2},
            by=UserFactory(role=Role.MANAGER),
            reason="Lower",
        )
    setting = check_setting_change(
        code="LC04", parameters={"injuries": 4}, by=partnership, reason="Too many alerts"
    )
    assert (setting.version, setting.changed_by) == (1, partnership)
    assert evaluate().matches == 0  # three injuries no longer make the pattern
    check_setting_change(code="LC04", parameters={"injuries": 2}, by=partnership, reason="Back")
    evaluate()
    alert = Alert.objects.get(person=child)
    assert (alert.settings_version, alert.parameters["injuries"]) == (2, 2)
    assert CheckSetting.objects.filter(code="LC04").count() == 2


def test_recording_an_event_re_evaluates_the_child(injured, client):
    from fullpicture.chronology.services import event_record
    from fullpicture.ingest.extract import event_row_validate

    w, child = injured
    child.records.update(local_id="T1")
    user = UserFactory(role=Role.PRACTITIONER, agency=w.agency("OUH"))
    assert not Alert.objects.exists()
    row = event_row_validate(
        {
            "source_ref": "FP-NEW",
            "subject_local_id": "T1",
            "event_type": "health.ed_attendance",
            "occurred_on": "2025-06-02",
            "summary": "Seen in ED",
        },
        today=DAY,
        people={"T1"},
        event_types=frozenset({"health.ed_attendance"}),
    )
    with time_machine.travel(DAY), transaction.atomic():
        event_record(person=child, by=user, row=row)
    assert Alert.objects.filter(person=child, code="LC04", active=True).exists()


def test_the_commands_run_replay_and_list(injured, capsys):
    _, child = injured
    call_command("checks", "run", "--day", "2025-06-30")
    assert "1 alerts raised" in capsys.readouterr().out
    call_command(
        "checks",
        "replay",
        "--person",
        str(child.pk),
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--format",
        "json",
    )
    replay = json.loads(capsys.readouterr().out)
    assert [(r["check"], r["first_date"], len(r["evidence"])) for r in replay] == [
        ("LC04", "2025-06-01", 3)
    ]
    call_command("alerts", "list", "--format", "json")
    listed = json.loads(capsys.readouterr().out)
    assert [(a["check"], a["person"]) for a in listed] == [("LC04", str(child.pk))]


def test_an_alert_resting_on_a_parents_event_is_seen_only_by_who_may_see_that_parent():
    from fullpicture.checks.models import AlertEvidence
    from fullpicture.checks.selectors import alerts_visible_to

    w = World()
    child = w.person("Lily-Mae", born=date(2016, 4, 1))
    mum = w.person("Sarah", born=date(1990, 1, 1))
    w.record(child, "SCH")
    w.record(child, "GP")
    w.relate(mum, "parent", child)
    mums_event = w.event(mum, "health.parent_mental_health", date(2025, 1, 1), agency="GP")
    alert = Alert.objects.create(
        code="LC10",
        person=child,
        key="",
        check_version=1,
        settings_version=0,
        parameters={},
        severity="medium",
        explanation="x",
        raised_on=DAY,
        evidence_changed_on=DAY,
        last_held_on=DAY,
    )
    AlertEvidence.objects.create(alert=alert, event=mums_event)
    school = UserFactory(role=Role.PRACTITIONER, agency=w.agency("SCH"))
    gp = UserFactory(role=Role.PRACTITIONER, agency=w.agency("GP"))
    assert not alerts_visible_to(school).exists()  # the school holds no record of the mother
    assert list(alerts_visible_to(gp)) == [alert]


def test_a_check_returning_the_same_alert_twice_makes_one_alert():
    twice = dataclasses.replace(
        check("LC18"),
        sql=lambda p: (
            f"""
            SELECT * FROM (VALUES
                ('p', DATE '{DAY}', 'k', ['e2', 'e1'], false, json_object('n', 2)),
                ('p', DATE '{DAY}', 'k', ['e3'], true, json_object('n', 1)),
                ('p', DATE '{DAY}', 'other', [], false, NULL)
            ) t(person_id, day, key, evidence, raised, facts)"""
        ),
    )
    merged, other = sorted(_matches(duckdb.connect(), twice, {}), key=lambda m: m.key)
    assert (merged.key, merged.evidence, merged.raised) == ("k", ("e1", "e2", "e3"), True)
    assert merged.facts == {"n": 1}  # the first in text order, whichever row came first
    assert (other.key, other.evidence, other.raised, other.facts) == ("other", (), False, {})
