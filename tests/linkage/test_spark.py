"""The same linkage on Spark (local mode) gives the same persons as on DuckDB."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from fullpicture.demo.linkage_population import linkage_population, record_id
from fullpicture.linkage import engine

pyspark = pytest.importorskip("pyspark", reason="the optional extra: pip install -e '.[spark]'")

PARAMETERS = json.loads(engine.DEFAULT_MODEL.read_text(encoding="utf-8"))["parameters"]


@pytest.fixture(scope="module")
def spark():
    from fullpicture.linkage.spark import spark_session

    session = spark_session(cores=2)
    yield session
    session.stop()


def _table():
    population = linkage_population(people=150, seed=33)
    return pa.Table.from_pylist(
        [
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
    )


def test_spark_links_the_same_records_as_duckdb(spark):
    from fullpicture.linkage.spark import link_records_spark

    table = _table()
    db_api, con = engine.duckdb_api()
    con.register("records", table)
    on_duckdb = engine.link_records(con, db_api, "records", PARAMETERS)
    con.close()
    on_spark = link_records_spark(spark, table, PARAMETERS)

    def persons(result):
        return {frozenset(c) for c in result.partition.clusters() if len(c) > 1}

    assert len(on_duckdb.linked) > 100
    assert persons(on_spark) == persons(on_duckdb)
    scored = on_duckdb.pairs.set_index(["unique_id_l", "unique_id_r"])["match_probability"]
    scored_spark = on_spark.pairs.set_index(["unique_id_l", "unique_id_r"])["match_probability"]
    assert set(scored.index) == set(scored_spark.index)
    assert (scored.sort_index() - scored_spark.sort_index()).abs().max() < 1e-6
