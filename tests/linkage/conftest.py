"""Agency records of the same people, as different agencies hold them."""

from __future__ import annotations

from datetime import date

import pytest

from fullpicture.core.audit import Auditor
from fullpicture.core.models import AgencyKind, Role
from fullpicture.linkage import services
from tests.factories import (
    AgencyFactory,
    ChildrensSocialCareFactory,
    HospitalFactory,
    PersonRecordFactory,
    PoliceFactory,
    SchoolFactory,
    UserFactory,
)


@pytest.fixture
def auditor(db):
    return Auditor(process="linkage-tests")


@pytest.fixture
def model(db, auditor):
    return services.model_current(auditor=auditor)


@pytest.fixture
def reviewer(db):
    return UserFactory(
        username="dq-reviewer", agency=ChildrensSocialCareFactory(), role=Role.DATA_QUALITY
    )


def record(agency, **fields):
    """An agency's record of someone, as a person of its own (no identifiers unless given)."""
    values = {
        "given_name": "Kayleigh",
        "family_name": "Marsh",
        "birth_date": date(2015, 3, 2),
        "sex": "F",
        "nhs_number": "",
        "upn": "",
        "postcode": "OX4 1AB",
        "address": "12 Cowley Road, Oxford",
    }
    values.update(fields)
    return PersonRecordFactory(agency=agency, **values)


@pytest.fixture
def agencies(db):
    return {
        "csc": ChildrensSocialCareFactory(),
        "health": HospitalFactory(),
        "police": PoliceFactory(),
        "school": SchoolFactory(),
        "housing": AgencyFactory(code="OHHA", name="Oxford Homes", kind=AgencyKind.HOUSING),
    }


def queued_pair(csc, police, *, auditor: Auditor, prefix: str = ""):
    """A child known to children's social care and to the police, alike enough to score
    between the model's thresholds: (the pending pair, the csc record, the police record)."""
    from fullpicture.linkage.models import CandidatePair, PairStatus

    a = record(csc, local_id=f"{prefix}A", given_name="Jayden", family_name="Okafor")
    b = record(
        police,
        local_id=f"{prefix}B",
        given_name="Jayden",
        family_name="Okafor",
        birth_date=date(2015, 4, 2),
        postcode="OX3 9DU",
        address="4 Mill Lane, Oxford",
    )
    summary = services.link_new_records([b.pk], auditor=auditor)
    pair = CandidatePair.objects.get(status=PairStatus.PENDING, record_b__in=[a, b])
    return pair, a, b, summary
