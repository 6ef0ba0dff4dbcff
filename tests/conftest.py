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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
