"""The linkage model: Splink comparisons, blocking, training, prediction and clustering.

Pure of Django: records come in as an Arrow table (or anything DuckDB reads) with
the columns in `RECORD_COLUMNS`, and pairs go out as pandas data frames. The
Django side (`linkage.services`) reads records from the database, calls this
module and writes decisions. `bench/linkage.py` calls it directly on the
synthetic population and on FEBRL4, and `linkage.spark` runs the same model on
Spark.

How two records are compared (each a Splink comparison, its levels learnt by
expectation maximisation):

- given name: exact; the same by nickname (Bill, William); close spelling
  (Jaro-Winkler >= 0.9, then >= 0.75); given and family name swapped;
- family name: exact; swapped; sharing a part or a previous name (hyphenated
  names, a name changed on marriage, `other_names`); close spelling;
- date of birth: exact; day and month swapped; one character different;
  within a month; within a year;
- sex; NHS number; permanent UPN; postcode (full, sector, district); the
  address without its town (exact, close).

Some pairs are never the same person whatever the score (`RULES_OUT`): two
different NHS numbers or permanent UPNs, dates of birth more than ten years
apart (a parent and a child of the same name), and an identical date of birth
with unrelated given names (twins).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import jellyfish
import pandas as pd
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.exceptions import EMTrainingException

from fullpicture.core.memory import gc_paused
from fullpicture.linkage.names import nickname_rows

SPLINK_VERSION = splink.__version__
DUCKDB_VERSION = duckdb.__version__

RECORD_COLUMNS = (
    "unique_id",
    "source",
    "given_name",
    "family_name",
    "other_names",
    "birth_date",
    "sex",
    "nhs_number",
    "upn",
    "postcode",
    "address",
)

DEFAULT_MODEL = Path(__file__).resolve().parent / "fixtures" / "default_model.json"
TRAINING_TEXT = (
    "Unsupervised (no labels). u probabilities from {u_pairs:,.0f} random pairs; the prior "
    "from pairs sharing an NHS number, a UPN or name and date of birth (recall 0.85); m "
    "probabilities by expectation maximisation, blocking on the NHS number, then on the "
    "given name (nickname-folded) and family name. {records:,} records."
)

# Match probabilities: at or above UPPER a pair is linked without a person;
# from LOWER up to UPPER it goes to the review queue; below LOWER nothing happens.
UPPER = 0.85
LOWER = 0.50

PREPARED_SQL = """
with named as (
    select
        cast(unique_id as varchar) as unique_id,
        cast(source as varchar) as source,
        nullif(regexp_replace(lower(split_part(trim(coalesce(given_name, '')), ' ', 1)), '[^a-z]', '', 'g'), '') as given,
        nullif(regexp_replace(lower(coalesce(family_name, '')), '[^a-z]', '', 'g'), '') as family,
        list_filter(
            list_transform(
                string_split_regex(lower(coalesce(family_name, '')), '[- ]+'),
                lambda x: regexp_replace(x, '[^a-z]', '', 'g')
            ),
            lambda x: length(x) > 1
        ) as family_parts,
        list_filter(
            list_transform(
                string_split(coalesce(other_names, ''), ';'),
                lambda x: regexp_replace(lower(regexp_extract(trim(x), '([^ ]+)$', 1)), '[^a-z]', '', 'g')
            ),
            lambda x: length(x) > 1
        ) as other_families,
        try_cast(birth_date as date) as dob_date,
        nullif(upper(trim(coalesce(sex, ''))), '') as sex_raw,
        nullif(trim(coalesce(nhs_number, '')), '') as nhs,
        case when regexp_full_match(upper(trim(coalesce(upn, ''))), '[A-Z][0-9]{12}')
             then upper(trim(upn)) end as upn,
        nullif(upper(replace(coalesce(postcode, ''), ' ', '')), '') as pc,
        nullif(lower(trim(regexp_replace(coalesce(address, ''), ',[^,]*$', ''))), '') as address_key
    from {source}
)
select
    n.unique_id,
    n.source,
    n.given,
    coalesce(
        (select list(distinct k.full_name order by k.full_name) from __fp_nicknames k where k.short_name = n.given),
        []
    ) || case when n.given is null then [] else [n.given] end as given_names,
    coalesce(
        (select min(k.full_name) from __fp_nicknames k where k.short_name = n.given), n.given
    ) as given_canon,
    n.family,
    list_distinct(
        n.family_parts || n.other_families || case when n.family is null then [] else [n.family] end
    ) as family_names,
    substr(n.family, 1, 3) as family3,
    strftime(n.dob_date, '%Y-%m-%d') as dob,
    strftime(n.dob_date, '%Y-%d-%m') as dob_dm,
    year(n.dob_date) as dob_year,
    n.dob_date,
    case when n.sex_raw in ('F', 'M') then n.sex_raw end as sex,
    n.nhs,
    n.upn,
    n.pc as postcode,
    case when n.pc is not null then substr(n.pc, 1, length(n.pc) - 2) end as postcode_sector,
    case when n.pc is not null then substr(n.pc, 1, length(n.pc) - 3) end as postcode_district,
    n.address_key
from named n
"""

PREPARED_COLUMNS = (
    "unique_id",
    "source",
    "given",
    "given_names",
    "given_canon",
    "family",
    "family_names",
    "family3",
    "dob",
    "dob_dm",
    "dob_year",
    "dob_date",
    "sex",
    "nhs",
    "upn",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address_key",
)


def records_prepare(con: duckdb.DuckDBPyConnection, source: str, into: str) -> None:
    """Create table `into` of prepared records from the relation or table named `source`."""
    con.execute("create table if not exists __fp_nicknames (short_name varchar, full_name varchar)")
    if not con.execute("select count(*) from __fp_nicknames").fetchall()[0][0]:
        con.executemany("insert into __fp_nicknames values (?, ?)", nickname_rows())
    con.execute(f"create or replace table {into} as {PREPARED_SQL.replace('{source}', source)}")


CANDIDATES_SQL = """
with new as (select * from {new})
select k.* from {known} k
where nullif(trim(coalesce(k.nhs_number, '')), '') in (select nhs from new)
   or upper(trim(coalesce(k.upn, ''))) in (select upn from new)
   or try_cast(k.birth_date as date) in (select dob_date from new)
   or nullif(upper(replace(coalesce(k.postcode, ''), ' ', '')), '') in (select postcode from new)
   or nullif(lower(trim(regexp_replace(coalesce(k.address, ''), ',[^,]*$', ''))), '')
      in (select address_key from new)
   or cast(year(try_cast(k.birth_date as date)) as varchar)
      || substr(regexp_replace(lower(coalesce(k.family_name, '')), '[^a-z]', '', 'g'), 1, 3)
      in (select cast(dob_year as varchar) || family3 from new)
   or regexp_replace(lower(coalesce(k.family_name, '')), '[^a-z]', '', 'g') in (select given from new)
"""


def known_candidates_prepare(
    con: duckdb.DuckDBPyConnection, new_prepared: str, known: str, into: str
) -> None:
    """Prepare only the known records that share a blocking key's raw value with a new record.

    Every blocking rule needs an equal NHS number, UPN, date of birth, postcode,
    address, year of birth with family-name prefix, or a family name equal to a
    given name (swapped): a known record sharing none of these with any new
    record can form no pair, so it need not be prepared at all.
    """
    con.execute(
        "create or replace table __fp_candidates_raw as "
        + CANDIDATES_SQL.replace("{new}", new_prepared).replace("{known}", known)
    )
    records_prepare(con, "__fp_candidates_raw", into)


# --- the model


def comparisons() -> list:
    return [
        cl.CustomComparison(
            output_column_name="given_name",
            comparison_description="Given name",
            comparison_levels=[
                cll.NullLevel("given"),
                cll.ExactMatchLevel("given"),
                cll.ArrayIntersectLevel("given_names", 1).configure(
                    label_for_charts="Same name by nickname"
                ),
                cll.JaroWinklerLevel("given", 0.9),
                cll.CustomLevel(
                    "given_l = family_r and family_l = given_r", "Given and family name swapped"
                ),
                cll.JaroWinklerLevel("given", 0.75),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="family_name",
            comparison_description="Family name",
            comparison_levels=[
                cll.NullLevel("family"),
                cll.ExactMatchLevel("family"),
                cll.CustomLevel(
                    "given_l = family_r and family_l = given_r", "Given and family name swapped"
                ),
                cll.ArrayIntersectLevel("family_names", 1).configure(
                    label_for_charts="Shares a part or a previous family name"
                ),
                cll.JaroWinklerLevel("family", 0.92),
                cll.JaroWinklerLevel("family", 0.8),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="birth_date",
            comparison_description="Date of birth",
            comparison_levels=[
                cll.NullLevel("dob"),
                cll.ExactMatchLevel("dob"),
                cll.CustomLevel("dob_l = dob_dm_r", "Day and month swapped"),
                cll.DamerauLevenshteinLevel("dob", 1),
                cll.AbsoluteDateDifferenceLevel(
                    "dob_date", input_is_string=False, threshold=31, metric="day"
                ),
                cll.AbsoluteDateDifferenceLevel(
                    "dob_date", input_is_string=False, threshold=1, metric="year"
                ),
                cll.ElseLevel(),
            ],
        ),
        cl.ExactMatch("sex").configure(term_frequency_adjustments=False),
        cl.ExactMatch("nhs"),
        cl.ExactMatch("upn"),
        cl.CustomComparison(
            # One comparison for postcode and address together: a household's
            # members share both, so two comparisons would count one fact twice.
            output_column_name="address",
            comparison_description="Address and postcode",
            comparison_levels=[
                cll.And(cll.NullLevel("postcode"), cll.NullLevel("address_key")),
                cll.And(
                    cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("address_key")
                ).configure(label_for_charts="Same address and postcode"),
                cll.ExactMatchLevel("postcode").configure(label_for_charts="Same postcode"),
                cll.Or(
                    cll.ExactMatchLevel("address_key"), cll.JaroWinklerLevel("address_key", 0.92)
                ).configure(label_for_charts="Same or similar address, postcode not both known"),
                cll.ExactMatchLevel("postcode_sector").configure(
                    label_for_charts="Same postcode sector"
                ),
                cll.ExactMatchLevel("postcode_district").configure(
                    label_for_charts="Same postcode district"
                ),
                cll.ElseLevel(),
            ],
        ),
    ]


# Which pairs are compared at all. Each rule is an equi-join, so that a million
# records are compared in seconds; together they catch a pair that differs in
# any one or two of name, date of birth and address.
BLOCKING_RULES = [
    block_on("nhs"),
    block_on("upn"),
    block_on("dob", "given_canon"),
    block_on("dob", "family3"),
    block_on("postcode", "given_canon"),
    block_on("postcode", "dob"),
    # The address alone, where a postcode is missing on one side.
    "l.address_key = r.address_key and l.given_canon = r.given_canon"
    " and (l.postcode is null or r.postcode is null)",
    block_on("family3", "given_canon", "dob_year"),
    "l.given = r.family and l.family = r.given",
]


def settings(*, link_type: str = "dedupe_only") -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        probability_two_random_records_match=1 / 50_000,
    )


@dataclass
class TrainedModel:
    """A model's parameters as Splink saves them, with how it was trained."""

    parameters: dict[str, Any]
    records: int
    notes: list[str] = field(default_factory=list)


def model_train(db_api: Any, records: Any, *, seed: int = 42, u_pairs: float = 2e6) -> TrainedModel:
    """Train the model on `records` (a registered Splink table) without labels.

    u (how often non-matches agree) from random pairs; the prior from pairs
    that share an NHS number; m (how often matches agree) by expectation
    maximisation over two blockings, each training the fields it does not fix.
    """
    linker = Linker(records, settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nhs"), block_on("upn"), block_on("given", "family", "dob")], recall=0.85
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    trained = 0
    for rule in (
        block_on("nhs"),
        block_on("given_canon", "family"),
        block_on("dob"),
        block_on("postcode"),
    ):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, record_sample_proportion=1.0
            )
        except EMTrainingException:
            continue  # no pairs share this (no NHS numbers in the data, say): try the next
        trained += 1
        if trained == 2:
            break
    count = linker.misc.query_sql(
        f"select count(*) as n from {records.physical_name}", output_type="pandas"
    )["n"][0]
    return TrainedModel(parameters=linker.misc.save_model_to_json(), records=int(count))


def linker_for(records: Any, parameters: Mapping[str, Any]) -> Linker:
    return Linker(records, dict(parameters), log_level=logging.WARNING)


def pairs_predict(
    db_api: Any,
    records: Any,
    parameters: Mapping[str, Any],
    *,
    threshold: float = LOWER,
    trained_on: int | None = None,
    population: int = 0,
) -> pd.DataFrame:
    """Every blocked pair of `records` at or above `threshold`, scored."""
    linker = linker_for(
        records, parameters_for_population(parameters, trained_on=trained_on, records=population)
    )
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    frame = predictions.as_pandas_dataframe()
    predictions.drop_table_from_database_and_remove_from_cache()
    return frame


def pairs_predict_between(
    con: duckdb.DuckDBPyConnection,
    db_api: Any,
    new: Any,
    known: Any,
    parameters: Mapping[str, Any],
    *,
    threshold: float = LOWER,
    trained_on: int | None = None,
    population: int = 0,
    slim: bool = False,
) -> pd.DataFrame:
    """Pairs of a new record with a known one, and of two new records (never two known ones),
    scored, with `ruled_out`."""
    linker = linker_for(
        new, parameters_for_population(parameters, trained_on=trained_on, records=population)
    )
    frames = []
    for predictions in (
        linker.inference.predict_between(
            new, known, threshold_match_probability=threshold, warning_mode="never"
        ),
        linker.inference.predict_within(
            new, threshold_match_probability=threshold, warning_mode="never"
        ),
    ):
        frames.append(pairs_ruled_out(con, predictions.physical_name, slim=slim))
        predictions.drop_table_from_database_and_remove_from_cache()
    return pd.concat(frames, ignore_index=True)


RULED_OUT_SQL = """
case
    when nhs_l is not null and nhs_r is not null and nhs_l <> nhs_r
        then 'different NHS numbers'
    when upn_l is not null and upn_r is not null and upn_l <> upn_r
        then 'different UPNs'
    when dob_date_l is not null and dob_date_r is not null
         and abs(date_diff('day', cast(dob_date_l as date), cast(dob_date_r as date))) > 3652
        then 'dates of birth more than ten years apart'
    when gamma_birth_date = 5 and (
        gamma_given_name = 0
        or (gamma_given_name = 1 and damerau_levenshtein(given_l, given_r) > 1)
    )
        then 'same date of birth, unrelated given names (twins?)'
    else ''
end
"""
# The rules, in words: two different NHS numbers or permanent UPNs; dates of
# birth more than ten years apart (a parent and a child of the same name); the
# same date of birth with given names that are not the same, nicknames, swapped
# with the family name or one slip apart (twins: Jade and Jodie). Even the same
# NHS number does not join twins: a twin's number typed on the other's record
# is a known error. A ruled-out pair is never linked by the model; a strong one is
# kept (status "ruled out", with the reason) so the decision can be explained.

SLIM_COLUMNS = (
    "unique_id_l, unique_id_r, match_probability, match_weight, dob_l, dob_r, "
    "nhs_l, nhs_r, upn_l, upn_r"
)


def pairs_ruled_out(
    con: duckdb.DuckDBPyConnection, table: str, *, slim: bool = False
) -> pd.DataFrame:
    """The scored pairs in `table` with `ruled_out`: why they can never be one person ('' if they can)."""
    columns = SLIM_COLUMNS if slim else "*"
    pairs = con.execute(
        f"select {columns}, {RULED_OUT_SQL} as ruled_out from {table} order by {PAIR_ORDER}"
    ).df()
    pairs.attrs["in_link_order"] = True
    return pairs


# The order pairs are merged in: both dates of birth known first, strongest first,
# ties by the record ids, so that every backend merges in the same order.
PAIR_ORDER = (
    "(dob_l is not null and dob_r is not null) desc, round(match_weight, 9) desc, "
    "unique_id_l, unique_id_r"
)


def pairs_rule_out(pairs: pd.DataFrame) -> pd.Series:
    """`ruled_out` for scored pairs held in pandas (from Spark, say): the same SQL, on DuckDB."""
    if not len(pairs):
        return pd.Series([], dtype=object)
    con = duckdb.connect()
    try:
        con.register("__fp_pairs", pairs)
        found = con.execute(f"select {RULED_OUT_SQL} as ruled_out from __fp_pairs").df()
    finally:
        con.close()
    return pd.Series(found["ruled_out"].to_numpy(), index=pairs.index, dtype=object)


def parameters_for_population(
    parameters: Mapping[str, Any], *, trained_on: int | None, records: int
) -> dict[str, Any]:
    """The model with its prior scaled to this many records.

    The prior (two random records being one person) falls as the population
    grows: each person has a few records whatever the population, while the
    number of pairs grows with its square. A model trained on 80,000 records
    and used on a million must expect matches twelve times more rarely.
    """
    out = dict(parameters)
    if trained_on and records > trained_on > 1:
        # Only ever scaled down: on fewer records than it was trained on, a model
        # is not made more eager to link.
        out["probability_two_random_records_match"] = parameters[
            "probability_two_random_records_match"
        ] * ((trained_on - 1) / (records - 1))
    return out


def level_labels(parameters: Mapping[str, Any]) -> dict[str, dict[int, tuple[str, float]]]:
    """For each comparison, gamma value -> (the level's label, its match weight)."""
    out: dict[str, dict[int, tuple[str, float]]] = {}
    for comparison in parameters["comparisons"]:
        name = comparison["output_column_name"]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        table: dict[int, tuple[str, float]] = {-1: ("not recorded on both", 0.0)}
        count = len(levels)
        for position, level in enumerate(levels):
            gamma = count - 1 - position
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else 0.0
            table[gamma] = (level.get("label_for_charts", ""), weight)
        out[name] = table
    return out


FIELD_LABELS = {
    "given_name": "Given name",
    "family_name": "Family name",
    "birth_date": "Date of birth",
    "sex": "Sex",
    "nhs": "NHS number",
    "upn": "UPN",
    "address": "Address and postcode",
}


def evidence(
    row: Mapping[str, Any], labels: Mapping[str, Mapping[int, tuple[str, float]]]
) -> list[dict[str, Any]]:
    """What agreed and what did not, field by field, with each field's weight (log2 Bayes factor)."""
    shown = []
    for name, table in labels.items():
        gamma = int(row.get(f"gamma_{name}", -1))
        label, weight = table.get(gamma, ("", 0.0))
        mw = row.get(f"mw_{name}")
        if mw is not None and not (isinstance(mw, float) and math.isnan(mw)):
            weight = float(mw)
        if gamma == -1:
            verdict = "missing"
        elif gamma == max(table):
            verdict = "agrees"
        elif gamma == 0:
            verdict = "disagrees"
        else:
            verdict = "partly"
        shown.append(
            {
                "field": name,
                "label": FIELD_LABELS.get(name, name),
                "level": label,
                "verdict": verdict,
                "weight": round(weight, 2),
            }
        )
    return shown


# --- clustering


@dataclass
class _Group:
    members: list[str]
    nhs: set[str]
    upn: set[str]
    # date of birth -> (given names with nicknames, given, family) of each record holding it
    dobs: dict[str, list[tuple[Any, str, str]]]


def names_compatible(a: tuple[Any, str, str], b: tuple[Any, str, str]) -> bool:
    """Could two records' given names be one person's: the same, by nickname, a slip, swapped?"""
    names_a, given_a, family_a = a
    names_b, given_b, family_b = b
    if not given_a or not given_b or given_a == given_b:
        return True
    if given_a == family_b or given_b == family_a:
        return True
    if set(names_a).intersection(names_b):
        return True
    if jellyfish.jaro_winkler_similarity(given_a, given_b) >= 0.9:
        return True
    return jellyfish.damerau_levenshtein_distance(given_a, given_b) <= 1


class Partition:
    """Records grouped into persons, merged pair by pair unless a rule forbids it.

    Starts from `initial` (record id -> group key, e.g. the current persons) and
    merges groups for each accepted pair, best first. A merge is refused when
    the two groups would hold two different NHS numbers or permanent UPNs,
    dates of birth more than ten years apart, or the same date of birth under
    unrelated given names (twins), or a pair a person decided is not a link.
    """

    def __init__(
        self,
        records: pd.DataFrame,
        initial: Mapping[str, Any] | None = None,
        never: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.parent: dict[str, str] = {}
        self.groups: dict[str, _Group] = {}
        self.never: dict[str, set[str]] = {}
        columns = ("unique_id", "nhs", "upn", "dob", "given_names", "given", "family")
        rows = zip(*(records[c].tolist() for c in columns), strict=True)
        initial = initial or {}
        lead: dict[Any, str] = {}
        for uid, nhs, upn, dob, given_names, given, family in rows:
            key = initial.get(uid)
            root = lead.get(key) if key is not None else None
            if root is None:
                self.parent[uid] = uid
                self.groups[uid] = _Group([uid], set(), set(), {})
                root = uid
                if key is not None:
                    lead[key] = uid
            else:
                self.parent[uid] = root
                self.groups[root].members.append(uid)
            group = self.groups[root]
            if isinstance(nhs, str):
                group.nhs.add(nhs)
            if isinstance(upn, str):
                group.upn.add(upn)
            if isinstance(dob, str):
                names = (
                    given_names if given_names is not None else (),
                    given if isinstance(given, str) else "",
                    family if isinstance(family, str) else "",
                )
                group.dobs.setdefault(dob, []).append(names)
        for a, b in never:
            self.never.setdefault(a, set()).add(b)
            self.never.setdefault(b, set()).add(a)

    def find(self, uid: str) -> str:
        root = uid
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[uid] != root:
            self.parent[uid], uid = root, self.parent[uid]
        return root

    def conflict(self, a: str, b: str) -> str:
        """Why groups with roots a and b must stay apart ('' when they may merge)."""
        ga, gb = self.groups[a], self.groups[b]
        if ga.nhs and gb.nhs and ga.nhs != gb.nhs:
            return "different NHS numbers"
        if ga.upn and gb.upn and ga.upn != gb.upn:
            return "different UPNs"
        for dob_a, names_a in ga.dobs.items():
            for dob_b, names_b in gb.dobs.items():
                if dob_a == dob_b:
                    if not any(
                        names_compatible(one, other) for one in names_a for other in names_b
                    ):
                        return "same date of birth, unrelated given names (twins?)"
                elif abs(int(dob_a[:4]) - int(dob_b[:4])) > 10:
                    return "dates of birth more than ten years apart"
        if self.never:
            small, large = (ga, gb) if len(ga.members) <= len(gb.members) else (gb, ga)
            large_members = set(large.members)
            for uid in small.members:
                if self.never.get(uid, set()) & large_members:
                    return "decided not a link"
        return ""

    def merge(self, uid_a: str, uid_b: str) -> tuple[bool, str]:
        a, b = self.find(uid_a), self.find(uid_b)
        if a == b:
            return False, "already one person"
        why = self.conflict(a, b)
        if why:
            return False, why
        ga, gb = self.groups[a], self.groups[b]
        if len(ga.members) < len(gb.members):
            a, b, ga, gb = b, a, gb, ga
        self.parent[b] = a
        ga.members.extend(gb.members)
        ga.nhs |= gb.nhs
        ga.upn |= gb.upn
        for dob, names in gb.dobs.items():
            ga.dobs.setdefault(dob, []).extend(names)
        del self.groups[b]
        return True, ""

    def clusters(self) -> list[list[str]]:
        return [group.members for group in self.groups.values()]


def accepted_pairs(
    pairs: pd.DataFrame, *, upper: float = UPPER
) -> Sequence[tuple[str, str, float]]:
    """Pairs to link without review, best first: at or above `upper` and not ruled out.

    Pairs where both records have a date of birth go first, so that a record
    without one (which no date rule can hold apart) joins a group only after
    the groups its date-bearing records form.
    """
    chosen = pairs[(pairs["match_probability"] >= upper) & (pairs["ruled_out"] == "")]
    if pairs.attrs.get("in_link_order"):  # sorted by PAIR_ORDER in SQL already
        return list(
            zip(
                chosen["unique_id_l"].tolist(),
                chosen["unique_id_r"].tolist(),
                chosen["match_probability"].tolist(),
                strict=True,
            )
        )
    chosen = chosen.copy()
    chosen["_both_dates"] = chosen["dob_l"].notna() & chosen["dob_r"].notna()

    # Ties broken by the record ids, so every backend merges in the same order.
    chosen["_match_weight"] = chosen["match_weight"].round(9)
    chosen = chosen.sort_values(
        ["_both_dates", "_match_weight", "unique_id_l", "unique_id_r"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    return list(
        zip(
            chosen["unique_id_l"].tolist(),
            chosen["unique_id_r"].tolist(),
            chosen["match_probability"].tolist(),
            strict=True,
        )
    )


def links_in_order(
    partition: Partition, pairs: pd.DataFrame, *, upper: float = UPPER
) -> Iterator[tuple[str, str, float, str, str]]:
    """Merge the accepted pairs, best first; yield (a, b, probability, kept root, lost root).

    A record without a date of birth is not joined while the groups it could
    join disagree with one another (a father and his son of the same name at
    one address, say): no date rule can tell which it is, so a person decides.
    """
    partners: dict[str, set[str]] = {}
    today = date.today()
    adult_before = today.replace(year=today.year - 18, day=min(today.day, 28)).isoformat()
    usable = pairs[pairs["ruled_out"] == ""]
    for column, other, dob in (
        ("unique_id_l", "unique_id_r", "dob_l"),
        ("unique_id_r", "unique_id_l", "dob_r"),
    ):
        dateless = usable[usable[dob].isna()]
        for uid, partner in zip(dateless[column], dateless[other], strict=True):
            partners.setdefault(uid, set()).add(partner)
    for a, b, probability in accepted_pairs(pairs, upper=upper):
        root_a, root_b = partition.find(a), partition.find(b)
        if root_a == root_b:
            continue
        if _ambiguous(partition, a, partners) or _ambiguous(partition, b, partners):
            continue
        if _undated_into_adults(partition, root_a, root_b, adult_before):
            continue
        merged, _why = partition.merge(a, b)
        if merged:
            kept = partition.find(a)
            yield a, b, probability, kept, root_b if kept == root_a else root_a


def _undated_into_adults(partition: Partition, root_a: str, root_b: str, adult_before: str) -> bool:
    """A person with no date of birth at all joining adults, with no NHS number or UPN shared.

    "Omar Atkinson at 5 High Street" without a date may be the father or the son
    named after him, and the son may have no other record to tell them apart:
    such a join waits for a person.
    """
    ga, gb = partition.groups[root_a], partition.groups[root_b]
    for undated, other in ((ga, gb), (gb, ga)):
        if undated.dobs or not other.dobs:
            continue
        if all(dob < adult_before for dob in other.dobs) and not (
            undated.nhs & other.nhs or undated.upn & other.upn
        ):
            return True
    return False


def _ambiguous(partition: Partition, uid: str, partners: Mapping[str, set[str]]) -> bool:
    if uid not in partners:
        return False
    own = partition.find(uid)
    groups = sorted({partition.find(p) for p in partners[uid]} - {own})
    for i, one in enumerate(groups):
        for other in groups[i + 1 :]:
            if partition.conflict(one, other):
                return True
    return False


@dataclass
class LinkResult:
    records: pd.DataFrame  # prepared
    pairs: pd.DataFrame  # scored pairs at or above the lower threshold, with `ruled_out`
    partition: Partition
    linked: list[tuple[str, str, float]]  # the pairs that merged two groups, in order
    seconds: dict[str, float] = field(default_factory=dict)


def duckdb_api(
    con: duckdb.DuckDBPyConnection | None = None,
) -> tuple[Any, duckdb.DuckDBPyConnection]:
    from splink import DuckDBAPI

    con = con or duckdb.connect()
    # Never fetch an extension or anything else from the network.
    con.execute("set autoinstall_known_extensions = false")
    con.execute("set autoload_known_extensions = false")
    return DuckDBAPI(connection=con), con


def link_records(
    con: duckdb.DuckDBPyConnection,
    db_api: Any,
    source: str,
    parameters: Mapping[str, Any],
    *,
    trained_on: int | None = None,
    initial: Mapping[str, Any] | None = None,
    never: Iterable[tuple[str, str]] = (),
    upper: float = UPPER,
    lower: float = LOWER,
) -> LinkResult:
    """Prepare the records of relation `source`, score every blocked pair, and group them.

    Only records that are in a scored pair take part in grouping: a record no
    pair names stays a person of its own.
    """
    import time

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    records_prepare(con, source, "__fp_prepared")
    registered = db_api.register("__fp_prepared")
    count = con.execute("select count(*) from __fp_prepared").fetchall()[0][0]
    seconds["prepare"] = time.perf_counter() - started
    started = time.perf_counter()
    model = parameters_for_population(parameters, trained_on=trained_on, records=count)
    linker = linker_for(registered, model)
    predictions = linker.inference.predict(threshold_match_probability=lower, warning_mode="never")
    seconds["predict"] = time.perf_counter() - started
    started = time.perf_counter()
    pairs = pairs_ruled_out(con, predictions.physical_name, slim=True)
    predictions.drop_table_from_database_and_remove_from_cache()
    records = con.execute(
        "select unique_id, nhs, upn, dob, dob_date, given_names, given, family "
        "from __fp_prepared where unique_id in "
        "(select unique_id_l from pairs union select unique_id_r from pairs)"
    ).df()
    with gc_paused():
        partition = Partition(records, initial, never)
        linked = [
            (a, b, probability)
            for a, b, probability, _kept, _lost in links_in_order(partition, pairs, upper=upper)
        ]
    seconds["cluster"] = time.perf_counter() - started
    return LinkResult(records, pairs, partition, linked, seconds)
