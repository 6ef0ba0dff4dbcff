import pytest

from tests.checks.world import World


@pytest.fixture
def world():
    return World()
