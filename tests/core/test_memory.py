import gc

import pytest

from fullpicture.core.memory import gc_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_in_the_block_and_resumes_after():
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_resumes_after_an_error():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_an_inner_pause_leaves_the_outer_one_in_force():
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()
