"""LC18: placement plan incomplete. CHILD-R-SCR: placement plans must set staffing levels,
day and night checks and what 'waking night cover' means.

One alert per placement (key: the `csc.placement_started` event): each placement
needs its own plan with its provider, so a move to a new placement is a new decision.

The current placement is the child's latest `csc.placement_started` (as of the day
evaluated) that no `csc.placement_ended` dated after it has ended, and that started
during the open looked-after involvement. "(7) days after it": the plan may be
dated on the day the placement started or in the 7 days after; the check waits for
that window to pass and fires on the 8th day.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural

PLACEMENT_TYPES = ("csc.placement_started", "csc.placement_ended", "csc.placement_plan")
LAC_TYPES = ("csc.looked_after_started", "csc.looked_after_ended", "csc.case_closed")
REQUIRED = ("staffing_levels", "night_checks", "waking_night_cover")
WORDS = {
    "staffing_levels": "staffing levels",
    "night_checks": "night checks",
    "waking_night_cover": "waking night cover",
}


def _in(codes) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def sql(p):
    grace = int(p["plan_days"])
    required = "[" + ", ".join(f"'{item}'" for item in REQUIRED) + "]"
    return f"""
    WITH mine AS MATERIALIZED (
        -- One pass over the child's events for every type this check reads. (An event in
        -- which the child is both subject and involved comes twice; nothing below minds.)
        SELECT of_person AS person_id, day, event_id, type, occurred_on, recorded_on,
               placement_type, out_of_area, plan_covers
        FROM child_events
        WHERE type IN {_in(PLACEMENT_TYPES + LAC_TYPES)}
    ),
    current_placement AS (
        SELECT person_id, day, event_id, occurred_on AS placed_on, placement_type, out_of_area
        FROM mine
        WHERE type = 'csc.placement_started'
        QUALIFY row_number() OVER (
            PARTITION BY person_id, day
            ORDER BY occurred_on DESC, recorded_on DESC, event_id DESC) = 1
    ),
    looked_after AS (
        -- Open looked-after involvements (as `open_involvements` of kind 'lac', from the
        -- events already read: open from the start to the day before an end or closure).
        SELECT s.person_id, s.day, s.event_id, s.occurred_on AS started_on
        FROM mine s
        WHERE s.type = 'csc.looked_after_started'
          AND NOT EXISTS (
              SELECT 1 FROM mine x
              WHERE x.person_id = s.person_id AND x.day = s.day
                AND x.type IN {_in(LAC_TYPES[1:])} AND x.occurred_on >= s.occurred_on)
    ),
    placements AS (
        -- The current placement, if it is residential or out of area, started during the
        -- open looked-after involvement, has not ended, and is past its window for a plan.
        SELECT c.person_id, c.day, c.event_id, c.placed_on, c.placement_type, c.out_of_area,
               arg_max(l.event_id, (l.started_on, l.event_id)) AS lac_id,
               max(l.started_on) AS lac_on
        FROM current_placement c
        JOIN looked_after l
          ON l.person_id = c.person_id AND l.day = c.day AND l.started_on <= c.placed_on
        WHERE (c.placement_type = 'residential' OR c.out_of_area)
          AND c.day - c.placed_on > {grace}
          AND NOT EXISTS (
              SELECT 1 FROM mine x
              WHERE x.person_id = c.person_id AND x.day = c.day
                AND x.type = 'csc.placement_ended' AND x.occurred_on > c.placed_on)
        GROUP BY c.person_id, c.day, c.event_id, c.placed_on, c.placement_type, c.out_of_area
    ),
    plans AS (
        SELECT person_id, day, event_id, occurred_on,
               list_filter({required}, lambda item: NOT list_contains(plan_covers, item)) AS missing
        FROM mine
        WHERE type = 'csc.placement_plan'
    ),
    last_plan AS (
        SELECT c.person_id, c.day, c.event_id AS placement_id,
               arg_max(x.event_id, (x.occurred_on, x.event_id)) AS plan_id,
               arg_max(x.occurred_on, (x.occurred_on, x.event_id)) AS plan_on,
               arg_max(x.missing, (x.occurred_on, x.event_id)) AS plan_missing,
               bool_or(len(x.missing) = 0) AS complete
        FROM placements c JOIN plans x
          ON x.person_id = c.person_id AND x.day = c.day AND x.occurred_on >= c.placed_on
        GROUP BY c.person_id, c.day, c.event_id
    )
    SELECT c.person_id, c.day, c.event_id AS key,
           list_concat([c.event_id, c.lac_id],
                       CASE WHEN lp.plan_id IS NULL THEN [] ELSE [lp.plan_id] END) AS evidence,
           false AS raised,
           json_object('placed_on', c.placed_on, 'placement_type', c.placement_type,
                       'out_of_area', c.out_of_area, 'looked_after_on', c.lac_on,
                       'plan_on', lp.plan_on, 'plan_missing', lp.plan_missing,
                       'plan_days', {grace}) AS facts
    FROM placements c
    LEFT JOIN last_plan lp
      ON lp.person_id = c.person_id AND lp.day = c.day AND lp.placement_id = c.event_id
    WHERE NOT coalesce(lp.complete, false)
    """


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


def explain(facts, evidence, p):
    kind = (facts.get("placement_type") or "").replace("_", " ")
    article = "an" if kind[:1] in ("a", "e", "i", "o", "u") else "a"
    where = [f"{article} {kind} placement" if kind else "a placement"]
    if facts.get("out_of_area"):
        where.append("out of area")
    sentence = (
        f"The child, looked after since {_day(facts['looked_after_on'])}, started "
        f"{' '.join(where)} on {_day(facts['placed_on'])}"
    )
    if facts.get("plan_on"):
        words = [WORDS.get(m, m) for m in facts.get("plan_missing") or []]
        missing = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)
        return f"{sentence}; the placement plan of {_day(facts['plan_on'])} does not set {missing}."
    return (
        f"{sentence}, and no placement plan setting staffing levels, night checks and "
        f"waking night cover has been recorded since, more than "
        f"{plural(facts.get('plan_days', 7), 'day')} on."
    )


CHECK = Check(
    code="LC18",
    version=1,
    title="Placement plan incomplete",
    learning=(
        Learning(
            "CHILD-R-SCR",
            "Placement plans must set staffing levels, day and night checks and what "
            "'waking night cover' means.",
        ),
    ),
    suggested_action="Complete the placement plan with the provider.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter(
            "plan_days", 7, "Days after the placement starts by which the plan is due", 0, 90
        ),
    ),
    sql=sql,
    explain=explain,
)
