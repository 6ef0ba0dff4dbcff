"""The same linkage on Spark (Splink's Spark backend), for a region or a nation.

Install the optional extra (`pip install -e '.[spark]'`, Java 17). Records are
prepared with the same SQL as on DuckDB, the model's trained m and u
probabilities are carried over to the same comparisons rendered for Spark,
pairs are scored by Spark, and the same rules and grouping
(`engine.links_in_order`) decide the links, so DuckDB and Spark give the same
persons (`tests/linkage/test_spark.py`).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from fullpicture.linkage import engine


def spark_session(*, cores: int = 2, app: str = "fullpicture-linkage") -> Any:
    """A local Spark session with Splink's similarity functions; nothing is downloaded."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app)
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.default.parallelism", str(cores))
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def parameters_for(dialect: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The trained model with its comparisons written in `dialect`'s SQL.

    Splink stores each level's SQL in the dialect it was trained in; the
    comparisons are rebuilt from `engine.comparisons()` for the other dialect
    and given the trained probabilities, level by level.
    """
    fresh = engine.settings().get_settings(dialect).as_dict()
    out = copy.deepcopy(dict(parameters))
    out["sql_dialect"] = dialect
    out["blocking_rules_to_generate_predictions"] = fresh["blocking_rules_to_generate_predictions"]
    trained = {c["output_column_name"]: c for c in parameters["comparisons"]}
    comparisons = []
    for comparison in fresh["comparisons"]:
        levels = trained[comparison["output_column_name"]]["comparison_levels"]
        rebuilt = copy.deepcopy(comparison)
        for level, learnt in zip(rebuilt["comparison_levels"], levels, strict=True):
            for key in ("m_probability", "u_probability"):
                if key in learnt:
                    level[key] = learnt[key]
        comparisons.append(rebuilt)
    out["comparisons"] = comparisons
    return out


def link_records_spark(
    spark: Any,
    records: pa.Table,
    parameters: Mapping[str, Any],
    *,
    trained_on: int | None = None,
    upper: float = engine.UPPER,
    lower: float = engine.LOWER,
) -> engine.LinkResult:
    """Link `records` (engine.RECORD_COLUMNS) on Spark: score there, rule and group as on DuckDB."""
    from splink import Linker
    from splink.backends.spark import SparkAPI

    _db, con = engine.duckdb_api()
    try:
        con.register("__fp_spark_input", records)
        engine.records_prepare(con, "__fp_spark_input", "__fp_spark_prepared")
        prepared = con.execute("select * from __fp_spark_prepared").df()
    finally:
        con.close()
    frame = spark.createDataFrame(_for_spark(prepared))
    db_api = SparkAPI(
        spark_session=spark, break_lineage_method="persist", num_partitions_on_repartition=2
    )
    model = engine.parameters_for_population(
        parameters_for("spark", parameters), trained_on=trained_on, records=len(prepared)
    )
    linker = Linker(db_api.register(frame), model, log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=lower, warning_mode="never")
    pairs = predictions.as_pandas_dataframe()
    pairs["ruled_out"] = engine.pairs_rule_out(pairs)
    partition = engine.Partition(prepared)
    linked = [(a, b, p) for a, b, p, _k, _l in engine.links_in_order(partition, pairs, upper=upper)]
    return engine.LinkResult(prepared, pairs, partition, linked)


def _for_spark(prepared: pd.DataFrame) -> pd.DataFrame:
    frame = prepared.copy()
    for column in ("given_names", "family_names"):
        frame[column] = frame[column].map(lambda v: [] if v is None else list(v))
    frame["dob_year"] = frame["dob_year"].astype("Int64")
    frame["dob_date"] = pd.to_datetime(frame["dob_date"]).dt.date
    return frame.astype(object).where(frame.notna(), None)
