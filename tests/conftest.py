import pytest

from tests.factories import ChildrensSocialCareFactory, HospitalFactory, PoliceFactory


@pytest.fixture
def hospital(db):
    return HospitalFactory()


@pytest.fixture
def police(db):
    return PoliceFactory()


@pytest.fixture
def csc(db):
    return ChildrensSocialCareFactory()
