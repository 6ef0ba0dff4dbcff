import io
from datetime import date

import pytest
from django.core.management import call_command

# A fixed day in the past: the demo is a function of its seed and this day.
AS_OF = date(2025, 6, 1)
SMALL = 30


@pytest.fixture
def small_demo(db, tmp_path):
    """A small demo (the nine stories and 21 ordinary households), loaded as `make run` does."""
    out = tmp_path / "extracts"
    call_command("demo", households=SMALL, as_of=AS_OF, out=out, stdout=io.StringIO())
    return out
