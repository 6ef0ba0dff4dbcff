"""Linking and unlinking change what a child's checks see, so they are evaluated again.

The reason for linkage is that the pieces agencies hold make a pattern together.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fullpicture.checks.models import Alert
from fullpicture.checks.services import checks_evaluate_after_write
from fullpicture.core.audit import Auditor
from fullpicture.core.models import AgencyKind
from fullpicture.ingest.services import extract_import_path
from fullpicture.linkage import selectors, services
from fullpicture.linkage.models import DecisionKind
from fullpicture.people.models import PersonRecord
from tests.factories import AgencyFactory, EventFactory
from tests.ingest.conftest import texts, write_folder
from tests.linkage.conftest import queued_pair, record

pytestmark = pytest.mark.django_db


def _injuries(subject, *days_ago: int) -> None:
    today = timezone.localdate()
    for n, ago in enumerate(days_ago):
        EventFactory(
            subject=subject,
            source_ref=f"{subject.local_id}-{n}",
            event_type_id="health.injury",
            occurred_on=today - timedelta(days=ago),
            recorded_on=today - timedelta(days=ago),
        )


def _active(code: str) -> dict:
    """Person id -> number of evidence events, of the active alerts of one check."""
    return {
        alert.person_id: alert.evidence.count()
        for alert in Alert.objects.filter(code=code, active=True)
    }


def test_a_link_raises_what_two_records_show_together_and_its_undo_takes_it_away(
    agencies, reviewer
):
    gp = AgencyFactory(code="GP-1", name="Cowley Surgery", kind=AgencyKind.HEALTH)
    hospital = record(agencies["health"], local_id="H-1")
    surgery = record(gp, local_id="G-1", postcode="OX4 2XY", address="3 Temple Road, Oxford")
    _injuries(hospital, 20, 90)
    _injuries(surgery, 150)
    auditor = Auditor(reviewer)
    checks_evaluate_after_write({hospital.person_id, surgery.person_id}, auditor=auditor)
    assert _active("LC04") == {}  # 2 and 1 injuries: neither record alone reaches 3

    decision = services.persons_link(
        keep=hospital.person,
        merge=surgery.person,
        kind=DecisionKind.REVIEWED,
        auditor=auditor,
        by=reviewer,
        reason="Same address and GP",
    )
    assert _active("LC04") == {hospital.person_id: 3}

    services.link_undo(decision=decision, by=reviewer, reason="Different child", auditor=auditor)
    assert _active("LC04") == {}
    cleared = Alert.objects.get(code="LC04")
    assert cleared.person_id == hospital.person_id and not cleared.active


def test_the_alerts_of_a_person_merged_away_become_inactive(agencies, reviewer):
    csc = record(agencies["csc"], local_id="C-1")
    hospital = record(agencies["health"], local_id="H-1")
    _injuries(hospital, 10, 40, 70)
    auditor = Auditor(reviewer)
    checks_evaluate_after_write({hospital.person_id}, auditor=auditor)
    assert _active("LC04") == {hospital.person_id: 3}
    merged_away = hospital.person_id

    services.persons_link(
        keep=csc.person,
        merge=hospital.person,
        kind=DecisionKind.REVIEWED,
        auditor=auditor,
        by=reviewer,
        reason="Same NHS number on the referral",
    )
    # The pattern now shows on the person kept; the old alert stays, inactive, with its history.
    assert _active("LC04") == {csc.person_id: 3}
    assert not Alert.objects.get(code="LC04", person_id=merged_away).active


def test_the_queue_leaves_out_a_pair_another_link_has_made_one_person(agencies, reviewer, auditor):
    pair, a, b, _ = queued_pair(agencies["csc"], agencies["police"], auditor=auditor)
    assert list(selectors.pairs_pending()) == [pair] and selectors.pairs_pending_count() == 1

    # Another reviewer links the two persons from a person's page, not from this pair.
    decision = services.persons_link(
        keep=a.person, merge=b.person, kind=DecisionKind.REVIEWED, auditor=auditor, by=reviewer
    )
    assert list(selectors.pairs_pending()) == [] and selectors.pairs_pending_count() == 0

    services.link_undo(decision=decision, by=reviewer, reason="Not the same", auditor=auditor)
    assert list(selectors.pairs_pending()) == [pair]


@pytest.mark.linkage_on_import
def test_an_import_that_links_a_record_leaves_one_active_alert_on_the_person_kept(
    agencies, tmp_path
):
    hospital = record(agencies["health"], local_id="H-1")
    _injuries(hospital, 10, 40, 70)
    checks_evaluate_after_write({hospital.person_id}, auditor=Auditor(process="tests"))
    today = timezone.localdate()
    extract = write_folder(
        tmp_path / "csc",
        texts(
            people="local_id,given_name,family_name,birth_date,sex,postcode,address\n"
            'C-1,Kayleigh,Marsh,2015-03-02,F,OX4 1AB,"12 Cowley Road, Oxford"\n',
            relationships="from_local_id,relationship,to_local_id\n",
            events="source_ref,occurred_on,event_type,subject_local_id,summary\n"
            f"V1,{today - timedelta(days=5)},csc.home_visit,C-1,Home visit\n",
        ),
    )
    result = extract_import_path(agency=agencies["csc"], path=extract, today=today)
    assert result.linked.linked_automatically == 1
    hospital.refresh_from_db()
    csc = PersonRecord.objects.get(agency=agencies["csc"], local_id="C-1")
    assert csc.person_id == hospital.person_id
    assert _active("LC04") == {hospital.person_id: 3}
