import time
import uuid

import pytest

from fullpicture.core import ids
from fullpicture.core.ids import uuid7


def test_uuid7_has_the_right_version_and_variant():
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_uuid7_carries_the_time_in_its_first_48_bits():
    before = time.time_ns() // 1_000_000
    value = uuid7()
    after = time.time_ns() // 1_000_000
    assert before <= value.int >> 80 <= after


def test_uuid7_from_one_process_strictly_increase_even_within_a_millisecond(monkeypatch):
    monkeypatch.setattr(ids.time, "time_ns", lambda: 1_790_000_000_000 * 1_000_000)
    values = [uuid7() for _ in range(10_000)]
    assert all(a < b for a, b in zip(values, values[1:], strict=False))
    assert len(set(values)) == len(values)


def test_uuid7_keeps_increasing_if_the_clock_steps_back(monkeypatch):
    now = [1_790_000_000_500 * 1_000_000]
    monkeypatch.setattr(ids.time, "time_ns", lambda: now[0])
    first = uuid7()
    now[0] -= 400 * 1_000_000  # the clock is corrected backwards
    assert uuid7() > first


@pytest.mark.django_db
def test_models_get_time_ordered_ids():
    from tests.factories import HospitalFactory

    assert HospitalFactory().pk.version == 7
