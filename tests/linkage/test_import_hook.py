"""The import links each extract's new records against everyone known, in its transaction.

On extracts the demo's noisy population writes, one agency after another.
"""

from __future__ import annotations

from datetime import date

import pytest

from fullpicture.demo.linkage_population import linkage_population, population_extract_write
from fullpicture.ingest.services import extract_import_path
from fullpicture.linkage import services
from fullpicture.linkage.evaluation import pairwise_scores
from fullpicture.people.models import Person, PersonRecord
from fullpicture.people.services import people_refresh_summary
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.linkage_on_import]


def _summaries() -> dict:
    return {
        pk: values
        for pk, *values in Person.objects.values_list(
            "pk", "given_name", "family_name", "birth_date"
        )
    }


def test_each_import_links_its_new_records_against_everyone_known(tmp_path):
    population = linkage_population(people=80, seed=5, as_of=date(2025, 6, 1))
    kinds = {"OCC-CSC": "childrens_social_care", "OUH": "health", "SCH": "education"}
    summaries = []
    for code, kind in kinds.items():
        agency = AgencyFactory(code=code, name=code, kind=kind)
        population_extract_write(tmp_path / code, population, agency=code)
        result = extract_import_path(agency=agency, path=tmp_path / code, today=date(2025, 6, 2))
        assert result.linked is not None
        summaries.append(result.linked)
    assert summaries[0].linked_automatically == 0  # nobody known yet but children's social care
    assert sum(s.linked_automatically for s in summaries[1:]) > 30
    truth = {
        f"{r.agency}:{r.local_id}": r.person_key for r in population.records if r.agency in kinds
    }
    persons: dict = {}
    for code, local_id, person_id in PersonRecord.objects.values_list(
        "agency__code", "local_id", "person_id"
    ):
        persons.setdefault(person_id, []).append(f"{code}:{local_id}")
    scores = pairwise_scores(persons.values(), truth)
    assert scores.precision >= 0.98 and scores.recall >= 0.9
    # Every person's name and date of birth are those of their best record after linking.
    shown = _summaries()
    people_refresh_summary(person_ids=shown)
    assert _summaries() == shown
    # Importing the same extract again links nothing more.
    again = extract_import_path(
        agency=AgencyFactory(code="OUH"), path=tmp_path / "OUH", today=date(2025, 6, 2)
    )
    assert services.new_record_ids_of_batch(again.batch) == []
    assert again.linked.records == 0


def test_with_linkage_on_import_off_the_import_only_joins_exact_identifiers(tmp_path, settings):
    settings.FULLPICTURE_LINK_ON_IMPORT = False
    population = linkage_population(people=30, seed=5, as_of=date(2025, 6, 1))
    for code, kind in {"OCC-CSC": "childrens_social_care", "OUH": "health"}.items():
        population_extract_write(tmp_path / code, population, agency=code)
        result = extract_import_path(
            agency=AgencyFactory(code=code, name=code, kind=kind),
            path=tmp_path / code,
            today=date(2025, 6, 2),
        )
        assert result.linked is None
