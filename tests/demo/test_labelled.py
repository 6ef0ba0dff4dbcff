"""The labelled population: deterministic, valid extracts, truth written, and the checks find it."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from fullpicture.checks import engine
from fullpicture.checks.registry import checks
from fullpicture.checks.snapshot import snapshot_load
from fullpicture.demo.builder import Population
from fullpicture.demo.labelled import CHECK_CODES, LabelledPlan, labelled_add, labels_read
from fullpicture.demo.population import labelled_population_build, population_build
from fullpicture.demo.services import demo_extracts_write, demo_load
from fullpicture.ingest.extract import extract_read
from fullpicture.ingest.services import event_type_codes
from fullpicture.people.models import PersonRecord

AS_OF = date(2026, 11, 1)


def _small() -> Population:
    pop = Population(seed=5, as_of=AS_OF)
    pop.labels = labelled_add(pop, LabelledPlan(per_check=2, near_per_check=2, quiet=20), seed=5)
    pop.finish()
    return pop


def test_one_labelled_pattern_per_check_with_its_onset():
    pop = _small()
    assert sorted({label.check for label in pop.labels}) == list(CHECK_CODES)
    assert len(pop.labels) == 2 * len(CHECK_CODES)
    for label in pop.labels:
        child = pop.humans[label.child_key]
        assert child.age_on(label.onset) < 18
        assert pop.window_start < label.onset <= AS_OF - timedelta(days=14), label


def test_same_seed_same_labels_and_extracts(tmp_path):
    one, two = _small(), _small()
    assert one.labels == two.labels
    demo_extracts_write(one, tmp_path / "one")
    demo_extracts_write(two, tmp_path / "two")
    for path in (tmp_path / "one").rglob("*.csv"):
        assert (
            path.read_bytes()
            == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()
        )
    assert labels_read(tmp_path / "one" / "labels.csv") == sorted(
        one.labels, key=lambda x: (x.check, x.household)
    )


@pytest.mark.django_db
def test_every_labelled_extract_is_valid(tmp_path):
    folders = demo_extracts_write(_small(), tmp_path)
    types = event_type_codes()
    for code, folder in folders.items():
        extract = extract_read(folder, today=AS_OF, event_types=types)
        assert [str(p) for p in extract.problems] == [], code


def test_the_default_demo_holds_one_labelled_household_per_check():
    pop = population_build(as_of=AS_OF)
    assert sorted(label.check for label in pop.labels) == list(CHECK_CODES)
    assert len(pop.households) == 220
    assert not population_build(households=30, as_of=AS_OF).labels


def test_generate_extract_writes_a_labelled_population(tmp_path):
    out = io.StringIO()
    call_command("generate_extract", str(tmp_path), labelled=True, children=600,
                 as_of=AS_OF, stdout=out)  # fmt: skip
    labels = labels_read(tmp_path / "labels.csv")
    assert {label.check for label in labels} == set(CHECK_CODES)
    assert (tmp_path / "OCC-CSC" / "events.csv").exists()
    assert "labels" in out.getvalue()
    assert labels == sorted(
        labelled_population_build(children=600, as_of=AS_OF).labels,
        key=lambda x: (x.check, x.household),
    )


@pytest.mark.django_db
def test_each_written_check_finds_its_labels_and_nothing_else(tmp_path):
    """Imported like the demo: every label found within 14 days of its onset, and no
    check holds for any other child on any 28th day of the last year."""
    pop = _small()
    demo_load(as_of=AS_OF, households=0, seed=5, out=tmp_path, pop=pop)
    nhs = {h.nhs_number: h.key for h in pop.humans.values()}
    key_of = {
        person.hex: nhs[number]
        for number, person in PersonRecord.objects.values_list("nhs_number", "person_id")
        if number in nhs
    }
    person_of = {key: person for person, key in key_of.items()}
    registry = checks()
    children = [p for p, key in key_of.items() if pop.humans[key].age_on(AS_OF) < 18]
    pairs = {(p, AS_OF - timedelta(days=28 * n)) for p in children for n in range(14)}
    for label in pop.labels:
        pairs |= {(person_of[label.child_key], label.onset + timedelta(days=n)) for n in range(15)}
    fired: dict[tuple[str, str], set[date]] = {}
    snapshot = snapshot_load(None)
    try:
        ordered = sorted({day for _, day in pairs})
        for first in range(0, len(ordered), 60):
            block = set(ordered[first : first + 60])
            rows = sorted((p, d) for p, d in pairs if d in block)
            snapshot.con.execute("DELETE FROM eval")
            snapshot.con.executemany("INSERT INTO eval VALUES (?, ?)", rows)
            for match in engine.run_checks(snapshot, {}):
                fired.setdefault((key_of.get(match.person_id, "?"), match.code), set()).add(
                    match.day
                )
    finally:
        snapshot.close()
    labelled = {(label.child_key, label.check) for label in pop.labels}
    missing = [code for code in CHECK_CODES if code not in registry]
    for label in pop.labels:
        if label.check in missing:
            continue
        held = fired.get((label.child_key, label.check), set())
        assert any(0 <= (d - label.onset).days <= 14 for d in held), label
    wrong = sorted(k for k in fired if k not in labelled and k[1] not in missing)
    assert wrong == []
    if missing:
        pytest.skip(f"not written yet, so not measured: {', '.join(missing)}")
