"""The linkage model on small, hand-made records: what it links, and what it never links."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from fullpicture.demo.linkage_population import linkage_population, record_id
from fullpicture.linkage import engine
from fullpicture.linkage.evaluation import pairwise_scores, share_whole

PARAMETERS = json.loads(engine.DEFAULT_MODEL.read_text(encoding="utf-8"))["parameters"]


def _row(uid, source="A", **fields):
    row = {
        "unique_id": uid,
        "source": source,
        "given_name": "William",
        "family_name": "Hargreaves",
        "other_names": "",
        "birth_date": "2015-03-02",
        "sex": "M",
        "nhs_number": None,
        "upn": None,
        "postcode": "OX4 1AB",
        "address": "12 Cowley Road, Oxford",
    }
    row.update(fields)
    return row


def _link(rows):
    table = pa.Table.from_pylist(rows)
    db_api, con = engine.duckdb_api()
    con.register("records", table)
    result = engine.link_records(con, db_api, "records", PARAMETERS)
    groups = {frozenset(c) for c in result.partition.clusters()}
    con.close()
    return result, groups


def _together(groups, a, b):
    return any(a in g and b in g for g in groups)


@pytest.mark.parametrize(
    ("variant", "why"),
    [
        ({"given_name": "Bill"}, "a nickname"),
        ({"given_name": "Wiliam"}, "a typo in the given name"),
        ({"birth_date": "2015-02-03"}, "day and month transposed"),
        ({"given_name": "Hargreaves", "family_name": "William"}, "given and family swapped"),
        ({"family_name": "Hargreaves-Okafor"}, "a double-barrelled family name"),
        ({"family_name": "Okafor", "other_names": "William Hargreaves"}, "a changed family name"),
        (
            {"postcode": "OX3 9DU", "address": "4 Mill Lane, Oxford", "nhs_number": "9990000018"},
            "moved, NHS number shared",
        ),
    ],
)
def test_links_the_same_child_known_differently(variant, why):
    rows = [
        _row("csc-1", "CSC", nhs_number="9990000018"),
        _row("health-1", "OUH", **variant),
    ]
    result, groups = _link(rows)
    assert _together(groups, "csc-1", "health-1"), f"not linked despite only {why}"


def test_twins_are_never_linked():
    # Same family name, date of birth and address, and an NHS number each: only the given names differ.
    rows = [
        _row("a-1", "CSC", given_name="Olivia", sex="F"),
        _row("b-1", "OUH", given_name="Olivia", sex="F"),
        _row("a-2", "CSC", given_name="Amelia", sex="F"),
        _row("b-2", "OUH", given_name="Amelia", sex=""),
        _row("c-2", "SCH", given_name="Amelia", sex="F", address="", postcode=""),
    ]
    result, groups = _link(rows)
    assert _together(groups, "a-1", "b-1")
    assert _together(groups, "a-2", "c-2")
    for twin_1 in ("a-1", "b-1"):
        for twin_2 in ("a-2", "b-2", "c-2"):
            assert not _together(groups, twin_1, twin_2)
    assert (result.pairs["ruled_out"].str.contains("twins")).any()


def test_a_parent_and_child_with_the_same_name_are_never_linked():
    # "Junior": the father's name given to his son, at the same address; the son's
    # school record has no date of birth, which no date rule can hold apart alone.
    rows = [
        _row("dad-1", "TVP", birth_date="1988-06-11"),
        _row("dad-2", "OUH", birth_date="1988-06-11"),
        _row("son-1", "CSC", birth_date="2016-01-20"),
        _row("son-2", "OUH", birth_date="2016-01-20"),
        _row("son-3", "SCH", birth_date=None),
    ]
    result, groups = _link(rows)
    assert _together(groups, "dad-1", "dad-2")
    assert _together(groups, "son-1", "son-2")
    for dad in ("dad-1", "dad-2"):
        for son in ("son-1", "son-2", "son-3"):
            assert not _together(groups, dad, son)


def test_two_different_nhs_numbers_are_decisive():
    rows = [
        _row("a", "CSC", nhs_number="9990000018"),
        _row("b", "OUH", nhs_number="9990000026"),
    ]
    result, groups = _link(rows)
    assert not _together(groups, "a", "b")
    assert set(result.pairs["ruled_out"]) == {"different NHS numbers"}


def test_evidence_says_what_agreed_and_what_did_not():
    rows = [
        _row("a", "CSC"),
        _row("b", "OUH", given_name="Bill", postcode="OX3 9DU", address="4 Mill Lane, Oxford"),
    ]
    db_api, con = engine.duckdb_api()
    con.register("records", pa.Table.from_pylist(rows))
    engine.records_prepare(con, "records", "prepared")
    pairs = engine.pairs_predict(db_api, db_api.register("prepared"), PARAMETERS, threshold=0.0)
    labels = engine.level_labels(PARAMETERS)
    shown = {e["field"]: e for e in engine.evidence(pairs.iloc[0].to_dict(), labels)}
    assert shown["given_name"]["verdict"] == "partly"
    assert shown["given_name"]["level"] == "Same name by nickname"
    assert shown["birth_date"]["verdict"] == "agrees"
    assert shown["nhs"]["verdict"] == "missing"
    assert shown["address"]["weight"] < 0 < shown["birth_date"]["weight"]


def test_accuracy_on_a_small_synthetic_population():
    population = linkage_population(people=1_500, seed=21)
    rows = [
        {
            "unique_id": record_id(r),
            "source": r.agency,
            "given_name": r.given_name,
            "family_name": r.family_name,
            "other_names": r.other_names,
            "birth_date": r.birth_date.isoformat() if r.birth_date else None,
            "sex": r.sex,
            "nhs_number": r.nhs_number or None,
            "upn": r.upn or None,
            "postcode": r.postcode,
            "address": r.address,
        }
        for r in population.records
    ]
    result, groups = _link(rows)
    truth = {record_id(r): r.person_key for r in population.records}
    scores = pairwise_scores(groups, truth)
    children = {r.person_key for r in population.records if r.is_child}
    assert scores.precision >= 0.99
    assert scores.f1 >= 0.96
    assert share_whole(groups, truth, children) >= 0.93
    key_of = truth
    for group in groups:
        keys = {key_of[u] for u in group}
        for a, b in population.twins + population.juniors:
            assert not {a, b} <= keys


def test_pairwise_scores_and_whole_share():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = [["a", "b"], ["c", "d"]]
    scores = pairwise_scores(predicted, truth)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 1, 2)
    assert share_whole(predicted, truth, [1, 2]) == 0.0
    assert share_whole([["a", "b", "c"], ["d"]], truth, [1, 2]) == 1.0


def test_an_import_scores_the_same_pairs_from_the_known_records_it_prepares():
    population = linkage_population(people=600, seed=8)
    rows = [
        {
            "unique_id": record_id(r),
            "source": r.agency,
            "given_name": r.given_name,
            "family_name": r.family_name,
            "other_names": r.other_names,
            "birth_date": r.birth_date.isoformat() if r.birth_date else None,
            "sex": r.sex,
            "nhs_number": r.nhs_number or None,
            "upn": r.upn or None,
            "postcode": r.postcode,
            "address": r.address,
        }
        for r in population.records
    ]
    db_api, con = engine.duckdb_api()
    con.register("known_in", pa.Table.from_pylist(rows[100:]))
    con.register("new_in", pa.Table.from_pylist(rows[:100]))
    engine.records_prepare(con, "new_in", "new")
    engine.records_prepare(con, "known_in", "known_all")
    engine.known_candidates_prepare(con, "new", "known_in", "known_some")
    assert 0 < con.execute("select count(*) from known_some").fetchall()[0][0] < len(rows) - 100

    def scored(known):
        pairs = engine.pairs_predict_between(
            con, db_api, db_api.register("new"), db_api.register(known), PARAMETERS, slim=True
        )
        return set(zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs["ruled_out"], strict=True))

    everything = scored("known_all")
    assert len(everything) > 50
    assert scored("known_some") == everything
    con.close()


def test_a_son_known_once_without_a_date_of_birth_is_not_joined_to_his_father():
    # Nothing but a date could tell "Omar Atkinson at 5 High Street" the father from
    # the son named after him, and the son's only record has none: a person decides.
    rows = [
        _row("dad-1", "ASC", given_name="Omar", family_name="Atkinson", birth_date="1988-10-07"),
        _row("dad-2", "SCH", given_name="Omar", family_name="Atkinson", birth_date="1988-10-07"),
        _row("son", "OUH", given_name="Omar", family_name="Atkinson", birth_date=None),
        _row(
            "dad-3",
            "TVP",
            given_name="Omar",
            family_name="Atkinson",
            birth_date=None,
            nhs_number="9990000018",
        ),
        _row(
            "dad-4",
            "OUH",
            given_name="Omar",
            family_name="Atkinson",
            birth_date="1988-10-07",
            nhs_number="9990000018",
        ),
    ]
    result, groups = _link(rows)
    assert _together(groups, "dad-1", "dad-2")
    assert not _together(groups, "dad-1", "son")
    # An undated record that shares an NHS number with the adults is theirs.
    assert _together(groups, "dad-3", "dad-4")
    unlinked = result.pairs[
        (result.pairs["unique_id_l"].isin(["son"]) | result.pairs["unique_id_r"].isin(["son"]))
    ]
    assert (unlinked["match_probability"] >= engine.UPPER).any()  # strong, yet held back
