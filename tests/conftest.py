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


@pytest.fixture(autouse=True)
def _no_linkage_on_import(request, settings):
    # Record linkage pays seconds of Splink start-up per import; tests of other things
    # import many extracts. Tests marked `linkage_on_import` keep it on.
    if request.node.get_closest_marker("linkage_on_import") is None:
        settings.FULLPICTURE_LINK_ON_IMPORT = False
