"""Read and validate an agency extract (format v1, `shared/domain/agency-extract-v1.md`).

Pure functions: nothing here touches the database. `extract_read` reads a
folder or zip, checks every row and returns the valid rows and every problem,
each as `file:line: column: problem (value)`. Writing is `ingest.services`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from fullpicture.core.identifiers import nhs_number_normalise, postcode_normalise, upn_normalise

PEOPLE, RELATIONSHIPS, EVENTS = "people.csv", "relationships.csv", "events.csv"
FILES = (PEOPLE, RELATIONSHIPS, EVENTS)

PEOPLE_COLUMNS = {
    "local_id": True,
    "given_name": True,
    "family_name": True,
    "other_names": False,
    "birth_date": False,
    "birth_date_approximate": False,
    "sex": False,
    "nhs_number": False,
    "upn": False,
    "postcode": False,
    "address": False,
    "address_from": False,
    "deceased_on": False,
    "recorded_on": False,
}
RELATIONSHIP_COLUMNS = {
    "from_local_id": True,
    "relationship": True,
    "to_local_id": True,
    "from_date": False,
    "to_date": False,
    "parental_responsibility": False,
    "recorded_on": False,
}
EVENT_COLUMNS = {
    "source_ref": True,
    "occurred_on": True,
    "occurred_time": False,
    "recorded_on": False,
    "event_type": True,
    "subject_local_id": True,
    "involved": False,
    "summary": True,
    "detail": False,
    "explanation": False,
    "explanation_consistent": False,
    "child_seen": False,
    "child_voice": False,
    "action": False,
    "referred_to": False,
    "outcome": False,
    "category": False,
    "attendance_percent": False,
    "period_from": False,
    "placement_type": False,
    "out_of_area": False,
    "plan_covers": False,
    "review_by": False,
    "stage": False,
    "significance": False,
    "sensitivity": False,
    "recorded_by": False,
}
COLUMNS = {PEOPLE: PEOPLE_COLUMNS, RELATIONSHIPS: RELATIONSHIP_COLUMNS, EVENTS: EVENT_COLUMNS}

RELATIONSHIP_KINDS = frozenset(
    [
        "parent",
        "step_parent",
        "partner",
        "sibling",
        "half_sibling",
        "grandparent",
        "godparent",
        "carer",
        "household_member",
        "ex_partner",
        "other_relative",
        "friend",
    ]
)
SYMMETRIC_KINDS = frozenset(
    [
        "partner",
        "ex_partner",
        "sibling",
        "half_sibling",
        "household_member",
        "other_relative",
        "friend",
    ]
)
INVOLVED_ROLES = frozenset(
    [
        "parent",
        "carer",
        "alleged_perpetrator",
        "victim",
        "witness",
        "present",
        "reporter",
        "sibling",
    ]
)
CHILD_SEEN = frozenset({"seen_alone", "seen", "not_seen", "not_applicable"})
REFERRED_TO = frozenset(
    ["childrens_social_care", "police", "health", "education", "early_help", "adult_social_care"]
)
_DECISION_OUTCOMES = frozenset(
    {"nfa", "early_help", "cin_plan", "section_47", "cp_conference", "looked_after"}
)
OUTCOMES = {
    "csc.contact": _DECISION_OUTCOMES,
    "csc.referral": _DECISION_OUTCOMES,
    "csc.assessment_completed": _DECISION_OUTCOMES,
    "csc.section_47_completed": _DECISION_OUTCOMES,
    "early_help.assessment_completed": _DECISION_OUTCOMES,
    "csc.cp_review": frozenset({"risk_reduced", "risk_unchanged", "risk_increased"}),
}
CATEGORIES = frozenset(
    ["neglect", "physical", "sexual", "emotional", "multiple", "exploitation", "other"]
)
PLACEMENT_TYPES = frozenset(
    ["foster", "kinship", "residential", "secure", "supported", "parent_and_child", "other"]
)
PLAN_COVERS = frozenset(
    [
        "staffing_levels",
        "night_checks",
        "waking_night_cover",
        "emotional_risks",
        "behavioural_risks",
        "situational_risks",
        "ligature_risks",
        "named_roles",
        "contingency",
    ]
)
SIGNIFICANCE = frozenset({"significant", "routine"})
SENSITIVITY = frozenset({"normal", "restricted"})
# [0-9], not \d: \d also matches other scripts' digits (Arabic-Indic, full-width).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    problem: str
    value: str = ""

    def __str__(self) -> str:
        shown = f" ({self.value})" if self.value else ""
        return f"{self.file}:{self.line}: {self.column}: {self.problem}{shown}"


@dataclass
class PersonRow:
    line: int
    local_id: str
    given_name: str
    family_name: str
    other_names: str
    birth_date: date | None
    birth_date_approximate: bool
    sex: str
    nhs_number: str
    upn: str
    upn_temporary: bool
    postcode: str
    address: str
    address_from: date | None
    deceased_on: date | None
    recorded_on: date
    row_hash: str


@dataclass
class RelationshipRow:
    line: int
    from_local_id: str
    kind: str
    to_local_id: str
    from_date: date | None
    to_date: date | None
    parental_responsibility: bool | None
    recorded_on: date
    key: str
    row_hash: str


@dataclass
class EventRow:
    line: int
    source_ref: str
    occurred_on: date
    occurred_time: time | None
    recorded_on: date
    event_type: str
    subject_local_id: str
    involved: list[tuple[str, str]]
    summary: str
    detail: str
    explanation: str
    explanation_consistent: bool | None
    child_seen: str
    child_voice: str
    action: str
    referred_to: list[str]
    outcome: str
    category: str
    attendance_percent: Decimal | None
    period_from: date | None
    placement_type: str
    out_of_area: bool | None
    plan_covers: list[str]
    review_by: date | None
    stage: int | None
    significance: str
    sensitivity: str
    recorded_by: str
    row_hash: str


# The EventRow fields that are chronology.Event fields of the same name and meaning.
EVENT_ROW_FIELDS = (
    "source_ref",
    "occurred_on",
    "occurred_time",
    "recorded_on",
    "summary",
    "detail",
    "explanation",
    "explanation_consistent",
    "child_seen",
    "child_voice",
    "action",
    "referred_to",
    "outcome",
    "category",
    "attendance_percent",
    "period_from",
    "placement_type",
    "out_of_area",
    "plan_covers",
    "review_by",
    "stage",
    "significance",
    "sensitivity",
    "recorded_by",
    "row_hash",
)


@dataclass
class Extract:
    """A validated extract: the good rows, and every problem found."""

    source_name: str
    people: list[PersonRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def rejected_rows(self) -> int:
        return len({(p.file, p.line) for p in self.problems})


class ExtractUnreadable(Exception):
    """The extract as a whole cannot be read (not a folder or zip, not UTF-8, ...)."""


class _RowError(Exception):
    def __init__(self, column: str, problem: str, value: str = "") -> None:
        super().__init__(problem)
        self.column, self.problem, self.value = column, problem, value


# --- cell parsers: each takes the stripped cell and returns a value or raises ValueError


def _date(text: str, today: date, *, may_be_future: bool = False) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError("not a date in the form YYYY-MM-DD")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValueError("not a real date") from None
    if not may_be_future and value > today:
        raise ValueError("is in the future")
    return value


def _yes_no(text: str) -> bool:
    if text in ("yes", "no"):
        return text == "yes"
    raise ValueError("must be yes or no")


def _one_of(text: str, allowed: Iterable[str], what: str) -> str:
    if text not in allowed:
        raise ValueError(f"not a known {what}")
    return text


def _list_of(text: str, allowed: frozenset[str], what: str) -> list[str]:
    items = [item.strip() for item in text.split(";") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise ValueError(f"not a known {what}: {', '.join(unknown)}")
    return items


def _row_hash(row: dict[str, str]) -> str:
    """Hash of the cells as sent (not of defaults), so re-importing on another day is a no-op."""
    # Sorting "key=value" strings orders them as sorting the keys would ("=" sorts
    # before any letter or "_"), and sorts only the cells that are filled in.
    text = "\x1f".join(sorted([f"{key}={value}" for key, value in row.items() if value]))
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


# --- reading files


def _open_sources(path: Path) -> dict[str, str]:
    """The text of each of the three files, from a folder or a zip."""
    texts: dict[str, str] = {}
    try:
        if path.is_dir():
            for name in FILES:
                candidate = path / name
                if candidate.is_file():
                    texts[name] = candidate.read_bytes().decode("utf-8-sig")
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                by_base = {Path(n).name: n for n in archive.namelist() if not n.endswith("/")}
                for name in FILES:
                    if name in by_base:
                        texts[name] = archive.read(by_base[name]).decode("utf-8-sig")
        elif path.exists():
            raise ExtractUnreadable(f"{path}: an extract is a folder or a .zip of three CSV files")
        else:
            raise ExtractUnreadable(f"{path}: no such folder or file")
    except UnicodeDecodeError as error:
        raise ExtractUnreadable(f"{path}: a file is not UTF-8 text ({error.reason})") from None
    return texts


def _rows(name: str, text: str, problems: list[Problem]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number where the record starts, {column: stripped cell})."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(name, 1, "(header)", "the file is empty; it needs a header row"))
        return
    except csv.Error as error:
        problems.append(Problem(name, 1, "(header)", f"not valid CSV: {error}"))
        return
    columns = [c.strip() for c in header]
    expected = COLUMNS[name]
    bad_header = False
    for column in columns:
        if column not in expected:
            problems.append(Problem(name, 1, column or "(empty)", "unknown column"))
            bad_header = True
    for column, required in expected.items():
        if required and column not in columns:
            problems.append(Problem(name, 1, column, "required column is missing"))
            bad_header = True
    if len(set(columns)) != len(columns):
        problems.append(Problem(name, 1, "(header)", "a column is named twice"))
        bad_header = True
    if bad_header:
        return
    width = len(columns)
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(name, line, "(row)", f"not valid CSV: {error}"))
            return
        start, line = line, reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line
        if len(cells) != width:
            problems.append(
                Problem(name, start, "(row)", f"has {len(cells)} cells; the header has {width}")
            )
            continue
        yield start, dict(zip(columns, map(str.strip, cells), strict=True))


class _RowErrors(Exception):
    def __init__(self, errors: list[_RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def _optional(
    row: dict[str, str], column: str, parse: Callable[[str], object], errors: list[_RowError]
) -> object:
    """Parse an optional cell; a bad value is noted in `errors` and read as not known."""
    text = row.get(column, "")
    if not text:
        return None
    try:
        return parse(text)
    except ValueError as error:
        errors.append(_RowError(column, str(error), text))
        return None


# --- the three files
# Each row function notes every problem in the row (a bad optional cell is read
# as "not known" so the other cells are still checked) and raises _RowErrors at
# the end if there were any.


def _person(line: int, row: dict[str, str], today: date) -> PersonRow:
    errors: list[_RowError] = []
    if not row["local_id"]:
        errors.append(_RowError("local_id", "is required"))
    if not row["given_name"] and not row["family_name"]:
        errors.append(_RowError("given_name", "given_name and family_name cannot both be empty"))
    birth_date = _optional(row, "birth_date", lambda t: _date(t, today), errors)
    deceased_on = _optional(row, "deceased_on", lambda t: _date(t, today), errors)
    if birth_date and deceased_on and deceased_on < birth_date:
        errors.append(_RowError("deceased_on", "is before the date of birth", row["deceased_on"]))
    upn_parsed = _optional(row, "upn", upn_normalise, errors)
    upn, upn_temporary = upn_parsed if upn_parsed else ("", False)
    person = PersonRow(
        line=line,
        local_id=row["local_id"],
        given_name=row["given_name"],
        family_name=row["family_name"],
        other_names=row.get("other_names", ""),
        birth_date=birth_date,
        birth_date_approximate=bool(_optional(row, "birth_date_approximate", _yes_no, errors)),
        sex=_optional(row, "sex", lambda t: _one_of(t, ("F", "M", "U"), "sex (F, M or U)"), errors)
        or "",
        nhs_number=_optional(row, "nhs_number", nhs_number_normalise, errors) or "",
        upn=upn,
        upn_temporary=upn_temporary,
        postcode=_optional(row, "postcode", postcode_normalise, errors) or "",
        address=row.get("address", ""),
        address_from=_optional(row, "address_from", lambda t: _date(t, today), errors),
        deceased_on=deceased_on,
        recorded_on=_optional(row, "recorded_on", lambda t: _date(t, today), errors) or today,
        row_hash=_row_hash(row),
    )
    if errors:
        raise _RowErrors(errors)
    return person


def _relationship(line: int, row: dict[str, str], today: date, people: set[str]) -> RelationshipRow:
    errors: list[_RowError] = []
    for column in ("from_local_id", "relationship", "to_local_id"):
        if not row[column]:
            errors.append(_RowError(column, "is required"))
    kind = _optional(
        row, "relationship", lambda t: _one_of(t, RELATIONSHIP_KINDS, "relationship"), errors
    )
    for column in ("from_local_id", "to_local_id"):
        if row[column] and row[column] not in people:
            errors.append(
                _RowError(column, "no person with this local_id in people.csv", row[column])
            )
    if row["from_local_id"] and row["from_local_id"] == row["to_local_id"]:
        errors.append(
            _RowError("to_local_id", "a person cannot be related to themselves", row["to_local_id"])
        )
    from_date = _optional(row, "from_date", lambda t: _date(t, today), errors)
    to_date = _optional(row, "to_date", lambda t: _date(t, today), errors)
    if from_date and to_date and to_date < from_date:
        errors.append(_RowError("to_date", "is before from_date", row["to_date"]))
    responsibility = _optional(row, "parental_responsibility", _yes_no, errors)
    if responsibility is not None and kind not in ("parent", "step_parent"):
        errors.append(
            _RowError(
                "parental_responsibility",
                "only for parent and step_parent",
                row["parental_responsibility"],
            )
        )
    recorded_on = _optional(row, "recorded_on", lambda t: _date(t, today), errors) or today
    if errors:
        raise _RowErrors(errors)
    a, b = row["from_local_id"], row["to_local_id"]
    if kind in SYMMETRIC_KINDS and b < a:
        a, b = b, a
    return RelationshipRow(
        line=line,
        from_local_id=row["from_local_id"],
        kind=kind,
        to_local_id=row["to_local_id"],
        from_date=from_date,
        to_date=to_date,
        parental_responsibility=responsibility,
        recorded_on=recorded_on,
        key=f"{a}|{kind}|{b}|{from_date or ''}",
        row_hash=_row_hash(row),
    )


def _is_disagreement(t: str) -> bool:
    return t.endswith(".professional_disagreement")


# Columns that belong to particular event types only: (which types, in words).
_TYPE_ONLY_COLUMNS: dict[str, tuple[Callable[[str], bool], str]] = {
    "category": (
        lambda t: t == "csc.cp_plan_started" or t.endswith((".disclosure", ".concern_raised")),
        "csc.cp_plan_started, *.disclosure and *.concern_raised",
    ),
    "attendance_percent": (
        lambda t: t == "education.attendance_report",
        "education.attendance_report",
    ),
    "period_from": (lambda t: t == "education.attendance_report", "education.attendance_report"),
    "placement_type": (lambda t: t == "csc.placement_started", "csc.placement_started"),
    "out_of_area": (lambda t: t == "csc.placement_started", "csc.placement_started"),
    "plan_covers": (
        lambda t: t in ("csc.placement_plan", "csc.suicide_prevention_plan"),
        "csc.placement_plan and csc.suicide_prevention_plan",
    ),
    "stage": (_is_disagreement, "*.professional_disagreement"),
}


def _involved(text: str, people: set[str]) -> list[tuple[str, str]]:
    involved = []
    for item in (part.strip() for part in text.split(";")):
        if not item:
            continue
        local_id, sep, role = item.rpartition(":")
        if not sep or not local_id:
            raise ValueError(f"'{item}' is not local_id:role")
        if role not in INVOLVED_ROLES:
            raise ValueError(f"'{role}' is not a known role")
        if local_id not in people:
            raise ValueError(f"no person with local_id '{local_id}' in people.csv")
        involved.append((local_id, role))
    return involved


def _event_parsers(today: date, people: set[str]) -> dict[str, Callable[[str], object]]:
    """How to read each optional events.csv cell that is not plain text. Built once per
    extract: making these per cell was a third of the time spent validating."""

    def past_date(text: str) -> date:
        return _date(text, today)

    return {
        "occurred_on": past_date,
        "recorded_on": past_date,
        "period_from": past_date,
        "review_by": lambda t: _date(t, today, may_be_future=True),
        "occurred_time": _time,
        "involved": lambda t: _involved(t, people),
        "explanation_consistent": _yes_no,
        "out_of_area": _yes_no,
        "child_seen": lambda t: _one_of(t, CHILD_SEEN, "child_seen value"),
        "referred_to": lambda t: _list_of(t, REFERRED_TO, "agency kind"),
        "category": lambda t: _one_of(t, CATEGORIES, "category"),
        "attendance_percent": _percent,
        "placement_type": lambda t: _one_of(t, PLACEMENT_TYPES, "placement type"),
        "plan_covers": lambda t: _list_of(t, PLAN_COVERS, "plan item"),
        "stage": _stage,
        "significance": lambda t: _one_of(t, SIGNIFICANCE, "significance"),
        "sensitivity": lambda t: _one_of(t, SENSITIVITY, "sensitivity"),
    }


def _parse_cells(
    row: dict[str, str], parsers: dict[str, Callable[[str], object]], errors: list[_RowError]
) -> dict[str, object]:
    """Parse the non-empty cells that have a parser; a bad value is noted in `errors` and
    read as not known, so the rest of the row is still checked."""
    values: dict[str, object] = {}
    for column, text in row.items():
        if text and (parse := parsers.get(column)) is not None:
            try:
                values[column] = parse(text)
            except ValueError as error:
                errors.append(_RowError(column, str(error), text))
    return values


def _event(
    line: int,
    row: dict[str, str],
    today: date,
    people: set[str],
    event_types: frozenset[str],
    parsers: dict[str, Callable[[str], object]] | None = None,
) -> EventRow:
    errors: list[_RowError] = []
    for column in ("source_ref", "occurred_on", "event_type", "subject_local_id", "summary"):
        if not row[column]:
            errors.append(_RowError(column, "is required"))
    event_type = row["event_type"]
    if event_type and event_type not in event_types:
        errors.append(_RowError("event_type", "not a known event type", event_type))
    if row["subject_local_id"] and row["subject_local_id"] not in people:
        errors.append(
            _RowError(
                "subject_local_id",
                "no person with this local_id in people.csv",
                row["subject_local_id"],
            )
        )
    value = _parse_cells(row, parsers or _event_parsers(today, people), errors).get
    occurred_on = value("occurred_on")
    recorded_on = value("recorded_on") or today
    if occurred_on and recorded_on < occurred_on:
        errors.append(_RowError("recorded_on", "is before occurred_on", row.get("recorded_on", "")))

    outcome_allowed = OUTCOMES.get(event_type)
    if row.get("outcome"):
        if outcome_allowed is None:
            errors.append(_RowError("outcome", f"{event_type} takes no outcome", row["outcome"]))
        elif row["outcome"] not in outcome_allowed:
            errors.append(
                _RowError("outcome", f"not a known outcome of {event_type}", row["outcome"])
            )
    for column, (allowed, which) in _TYPE_ONLY_COLUMNS.items():
        if row.get(column) and event_type in event_types and not allowed(event_type):
            errors.append(_RowError(column, f"only for {which}", row[column]))

    period_from = value("period_from")
    if period_from and occurred_on and period_from > occurred_on:
        errors.append(_RowError("period_from", "is after occurred_on", row["period_from"]))
    if errors:
        raise _RowErrors(errors)
    return EventRow(
        line=line,
        source_ref=row["source_ref"],
        occurred_on=occurred_on,
        occurred_time=value("occurred_time"),
        recorded_on=recorded_on,
        event_type=event_type,
        subject_local_id=row["subject_local_id"],
        involved=value("involved") or [],
        summary=row["summary"],
        detail=row.get("detail", ""),
        explanation=row.get("explanation", ""),
        explanation_consistent=value("explanation_consistent"),
        child_seen=value("child_seen") or "",
        child_voice=row.get("child_voice", ""),
        action=row.get("action", ""),
        referred_to=value("referred_to") or [],
        outcome=row.get("outcome", ""),
        category=value("category") or "",
        attendance_percent=value("attendance_percent"),
        period_from=period_from,
        placement_type=value("placement_type") or "",
        out_of_area=value("out_of_area"),
        plan_covers=value("plan_covers") or [],
        review_by=value("review_by"),
        stage=value("stage"),
        significance=value("significance") or "significant",
        sensitivity=value("sensitivity") or "normal",
        recorded_by=row.get("recorded_by", ""),
        row_hash=_row_hash(row),
    )


def _time(text: str) -> time:
    if not _TIME.fullmatch(text):
        raise ValueError("not a time in the form HH:MM (24-hour)")
    return time(int(text[:2]), int(text[3:]))


def _percent(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError("must be from 0 to 100")
    return value.quantize(Decimal("0.01"))


def _stage(text: str) -> int:
    if text not in ("1", "2", "3", "4"):
        raise ValueError("must be 1, 2, 3 or 4")
    return int(text)


def extract_validate(
    texts: dict[str, str], *, source_name: str, today: date, event_types: frozenset[str]
) -> Extract:
    """Validate the text of the three files. Every problem is collected; none stops the reading."""
    extract = Extract(source_name=source_name)
    problems = extract.problems
    for name in FILES:
        if name not in texts:
            problems.append(Problem(name, 0, "(file)", "the extract has no such file"))

    people_ids: set[str] = set()
    bad_people: set[str] = set()
    for line, row in _rows(
        PEOPLE, texts.get(PEOPLE, "local_id,given_name,family_name\n"), problems
    ):
        extract.rows_read += 1
        local_id = row["local_id"]
        if local_id in people_ids:
            problems.append(
                Problem(PEOPLE, line, "local_id", "appears twice in the file", local_id)
            )
            continue
        if local_id:
            people_ids.add(local_id)
        try:
            extract.people.append(_person(line, row, today))
        except _RowErrors as bad:
            problems.extend(Problem(PEOPLE, line, e.column, e.problem, e.value) for e in bad.errors)
            bad_people.add(local_id)

    link_keys: set[str] = set()
    for line, row in _rows(RELATIONSHIPS, texts.get(RELATIONSHIPS, ""), problems):
        extract.rows_read += 1
        try:
            relationship = _relationship(line, row, today, people_ids)
        except _RowErrors as bad:
            problems.extend(
                Problem(RELATIONSHIPS, line, e.column, e.problem, e.value) for e in bad.errors
            )
            continue
        # A link is identified by who, what and from when; stated twice, one row
        # would silently overwrite the other on every import.
        if relationship.key in link_keys:
            problems.append(
                Problem(
                    RELATIONSHIPS,
                    line,
                    "relationship",
                    "the same link appears twice in the file",
                    f"{relationship.from_local_id} {relationship.kind} {relationship.to_local_id}",
                )
            )
            continue
        link_keys.add(relationship.key)
        for column, local_id in (
            ("from_local_id", relationship.from_local_id),
            ("to_local_id", relationship.to_local_id),
        ):
            if local_id in bad_people:
                problems.append(
                    Problem(
                        RELATIONSHIPS,
                        line,
                        column,
                        "refers to a person row that was rejected",
                        local_id,
                    )
                )
                break
        else:
            extract.relationships.append(relationship)

    source_refs: set[str] = set()
    event_parsers = _event_parsers(today, people_ids)
    for line, row in _rows(EVENTS, texts.get(EVENTS, ""), problems):
        extract.rows_read += 1
        source_ref = row["source_ref"]
        if source_ref in source_refs:
            problems.append(
                Problem(EVENTS, line, "source_ref", "appears twice in the file", source_ref)
            )
            continue
        source_refs.add(source_ref)
        try:
            event = _event(line, row, today, people_ids, event_types, event_parsers)
        except _RowErrors as bad:
            problems.extend(Problem(EVENTS, line, e.column, e.problem, e.value) for e in bad.errors)
            continue
        rejected = [event.subject_local_id] if event.subject_local_id in bad_people else []
        rejected += [local_id for local_id, _ in event.involved if local_id in bad_people]
        if rejected:
            problems.append(
                Problem(
                    EVENTS,
                    line,
                    "subject_local_id" if rejected[0] == event.subject_local_id else "involved",
                    "refers to a person row that was rejected",
                    rejected[0],
                )
            )
            continue
        extract.events.append(event)
    problems.sort(key=lambda p: (FILES.index(p.file), p.line))
    return extract


def extract_read(path: Path, *, today: date, event_types: frozenset[str]) -> Extract:
    """Read and validate the extract at `path` (a folder or a zip)."""
    texts = _open_sources(path)
    return extract_validate(texts, source_name=path.name, today=today, event_types=event_types)


class RowInvalid(ValueError):
    """One events.csv row failed validation: `problems` lists (column, problem, value)."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        super().__init__("; ".join(f"{c}: {p}" for c, p, _ in problems))
        self.problems = problems


def event_row_validate(
    row: dict[str, str], *, today: date, people: set[str], event_types: frozenset[str]
) -> EventRow:
    """Validate one events.csv row entered outside an extract (a page form), exactly as an
    import would. `row` maps column to cell text; missing columns read as empty."""
    cells = {column: (row.get(column) or "").strip() for column in EVENT_COLUMNS}
    try:
        return _event(0, cells, today, people, event_types)
    except _RowErrors as bad:
        raise RowInvalid([(e.column, e.problem, e.value) for e in bad.errors]) from None
