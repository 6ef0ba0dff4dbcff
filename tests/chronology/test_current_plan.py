"""The current (not superseded) entries are found by index however SQLite's statistics read.

After ANALYZE, SQLite counts the NULLs of `supersedes_id` (almost every row) as
one value and would scan every event for each of a child's events if asked with
a LEFT JOIN; `current()` asks so that only the index can answer.
"""

import pytest
from django.db import connection

from fullpicture.chronology.models import Event
from tests.factories import EventFactory, PersonRecordFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and statistics")
def test_current_entries_use_the_supersedes_index_after_analyze():
    record = PersonRecordFactory()
    EventFactory.create_batch(60, subject=record)
    other = PersonRecordFactory()
    EventFactory.create_batch(60, subject=other)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        sql, params = Event.objects.current().filter(subject=record).query.sql_with_params()
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert Event.objects.current().filter(subject=record).count() == 60
