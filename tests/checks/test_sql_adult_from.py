"""`people.adult_from` says the same as the interval arithmetic the checks used per event."""

from datetime import date

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from fullpicture.checks.sql import adult_from

_con = duckdb.connect()
_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def _adult_on(birth: date, day: date) -> tuple[bool, bool]:
    """(by adult_from, by subtracting 18 years from the day) for one birth date and day."""
    return _con.execute(
        f"SELECT {adult_from('$birth')} <= $day, $birth <= $day - INTERVAL 18 YEAR",
        {"birth": birth, "day": day},
    ).fetchone()


@settings(max_examples=300, deadline=None)
@given(birth=_days, offset=st.integers(min_value=-3, max_value=3))
def test_adult_from_agrees_with_subtracting_eighteen_years_around_the_birthday(birth, offset):
    day = date(min(birth.year + 18, 9999), birth.month, 28 if birth.month == 2 else birth.day)
    day = date.fromordinal(day.toordinal() + offset)
    by_column, by_interval = _adult_on(birth, day)
    assert by_column == by_interval


@settings(max_examples=200, deadline=None)
@given(birth=_days, day=_days)
def test_adult_from_agrees_with_subtracting_eighteen_years_on_any_day(birth, day):
    by_column, by_interval = _adult_on(birth, day)
    assert by_column == by_interval


def test_born_on_29_february_is_18_on_1_march_of_a_common_year():
    birth = date(2008, 2, 29)
    assert _adult_on(birth, date(2026, 2, 28)) == (False, False)
    assert _adult_on(birth, date(2026, 3, 1)) == (True, True)
    assert _con.execute(f"SELECT {adult_from('$b')}", {"b": birth}).fetchone()[0] == date(
        2026, 3, 1
    )
