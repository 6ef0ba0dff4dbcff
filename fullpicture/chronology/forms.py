"""Forms of the chronology pages.

The event form checks only what a browser can get wrong (a date typed in three boxes);
every rule about an event is the import's own, applied by `event_row_validate`, and each
problem it finds is shown against the field of the same name.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django import forms

from fullpicture.chronology.models import ChildSeen, Event, Sensitivity, Significance
from fullpicture.chronology.presenters import DOMAIN_LABELS, event_as_row
from fullpicture.chronology.selectors import ChronologyFilters, event_types_by_domain
from fullpicture.core.models import Agency, User
from fullpicture.ingest.extract import (
    CATEGORIES,
    OUTCOMES,
    PLACEMENT_TYPES,
    PLAN_COVERS,
    REFERRED_TO,
    EventRow,
    RowInvalid,
    event_row_validate,
)
from fullpicture.people.forms import DateInputField, LabelledErrorsMixin


def _words(code: str) -> str:
    return code.replace("_", " ").capitalize()


def _choices(codes: Sequence[str] | frozenset[str], empty: str = "") -> list[tuple[str, str]]:
    ordered = sorted(codes)
    return ([("", empty)] if empty else []) + [(code, _words(code)) for code in ordered]


def _event_type_choices(empty: str) -> list:
    return [("", empty)] + [
        (DOMAIN_LABELS.get(domain, domain), items)
        for domain, items in event_types_by_domain().items()
    ]


class RadioSelect(forms.RadioSelect):
    govuk_inline = False


class InlineRadioSelect(forms.RadioSelect):
    govuk_inline = True


_YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not known")]
_REFERRED_TO_LABELS = {
    "childrens_social_care": "Children's social care",
    "police": "Police",
    "health": "Health",
    "education": "Education",
    "early_help": "Early help",
    "adult_social_care": "Adult social care",
}
_OUTCOME_CHOICES = [
    ("", "None"),
    ("Decision (contact, referral, assessment, section 47)", _choices(OUTCOMES["csc.contact"])),
    ("Child protection review", _choices(OUTCOMES["csc.cp_review"])),
]
# Columns of events.csv that the page fills itself rather than asking for.
_FIXED_COLUMNS = ("source_ref", "subject_local_id", "recorded_on", "involved")


class EventForm(LabelledErrorsMixin, forms.Form):
    """An event as a practitioner records it; field names are the events.csv columns."""

    event_type = forms.ChoiceField(label="Event type", required=False)
    occurred_on = DateInputField(
        label="Occurred on",
        required=False,
        help_text="The day it happened, not the day you record it. For example, 27 3 2025",
    )
    occurred_time = forms.CharField(
        label="Time", required=False, help_text="24-hour clock, for example 14:30, if known"
    )
    summary = forms.CharField(label="Summary", required=False, help_text="One factual line")
    detail = forms.CharField(label="Detail", required=False, widget=forms.Textarea)
    explanation = forms.CharField(
        label="Explanation given",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For injuries and incidents: the explanation the child or family gave",
    )
    explanation_consistent = forms.ChoiceField(
        label="Was the explanation consistent with what was seen?",
        choices=_YES_NO_UNKNOWN,
        required=False,
        widget=InlineRadioSelect,
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen?",
        choices=[(c.value, c.label) for c in ChildSeen],
        required=False,
        widget=RadioSelect,
    )
    child_voice = forms.CharField(
        label="The child's voice",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their words, wishes and feelings, or what was observed of them",
    )
    action = forms.CharField(
        label="Action taken",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or why nothing was",
    )
    referred_to = forms.MultipleChoiceField(
        label="Referred to",
        choices=[(k, _REFERRED_TO_LABELS[k]) for k in sorted(REFERRED_TO)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ChoiceField(label="Outcome", choices=_OUTCOME_CHOICES, required=False)
    category = forms.ChoiceField(
        label="Category of harm", choices=_choices(CATEGORIES, "None"), required=False
    )
    attendance_percent = forms.CharField(
        label="Attendance (%)", required=False, help_text="For an attendance report: 0 to 100"
    )
    period_from = DateInputField(
        label="Period from", required=False, help_text="First day the report covers"
    )
    placement_type = forms.ChoiceField(
        label="Placement type", choices=_choices(PLACEMENT_TYPES, "None"), required=False
    )
    out_of_area = forms.ChoiceField(
        label="Placement out of area?",
        choices=_YES_NO_UNKNOWN,
        required=False,
        widget=InlineRadioSelect,
    )
    plan_covers = forms.MultipleChoiceField(
        label="Plan covers",
        choices=_choices(PLAN_COVERS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_by = DateInputField(label="Review by", required=False, help_text="For plans")
    stage = forms.ChoiceField(
        label="Disagreement stage",
        choices=[("", "None")] + [(str(n), str(n)) for n in range(1, 5)],
        required=False,
    )
    significance = forms.ChoiceField(
        label="Significance",
        choices=[(c.value, c.label) for c in Significance],
        required=False,
        initial=Significance.SIGNIFICANT,
        widget=InlineRadioSelect,
    )
    sensitivity = forms.ChoiceField(
        label="Sensitivity",
        choices=[
            (Sensitivity.NORMAL, "Normal: every agency involved sees it"),
            (
                Sensitivity.RESTRICTED,
                "Restricted: only your agency and children's social care see it",
            ),
        ],
        required=False,
        initial=Sensitivity.NORMAL,
        widget=RadioSelect,
    )
    recorded_by = forms.CharField(
        label="Recorded by", required=False, help_text="Name and role of the professional"
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_type"].choices = _event_type_choices("Choose an event type")
        if not self.initial.get("recorded_by"):
            title = f", {user.job_title}" if user.job_title else ""
            self.initial["recorded_by"] = f"{user.display_name}{title}"

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, object]:
        """The form's starting values: what the entry says now."""
        row = event_as_row(event)
        initial: dict[str, object] = {k: v for k, v in row.items() if k not in _FIXED_COLUMNS}
        for name in ("referred_to", "plan_covers"):
            initial[name] = [v for v in row[name].split(";") if v]
        return initial

    def _row(self, subject_local_id: str) -> dict[str, str]:
        row: dict[str, str] = {"source_ref": "FP-NEW", "subject_local_id": subject_local_id}
        for name, value in self.cleaned_data.items():
            if isinstance(value, date):
                row[name] = value.isoformat()
            elif isinstance(value, list):
                row[name] = ";".join(value)
            elif name in self.fields:
                row[name] = value or ""
        return row

    def validated_row(
        self, *, subject_local_id: str, today: date, event_types: frozenset[str]
    ) -> EventRow | None:
        """The row as the import would accept it, or None with each problem on its field."""
        if not self.is_valid():
            return None
        try:
            return event_row_validate(
                self._row(subject_local_id),
                today=today,
                people={subject_local_id},
                event_types=event_types,
            )
        except RowInvalid as invalid:
            for column, problem, _value in invalid.problems:
                field = column if column in self.fields else None
                label = self.fields[column].label if field else column
                self.add_error(field, f"{label}: {problem}")
            return None


class CorrectionForm(EventForm):
    reason = forms.CharField(
        label="Why are you correcting this entry?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone who can see this entry will see your reason",
    )

    field_order = ["reason"]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you are correcting this entry")
        return reason


class ChronologyFilterForm(LabelledErrorsMixin, forms.Form):
    agency = forms.ChoiceField(label="Agency", required=False)
    event_type = forms.ChoiceField(label="Event type", required=False)
    significance = forms.ChoiceField(
        label="Significance",
        choices=[("", "All")] + [(c.value, c.label) for c in Significance],
        required=False,
    )
    date_from = DateInputField(label="From", required=False)
    date_to = DateInputField(label="To", required=False)

    def __init__(self, *args, agencies: Sequence[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "All agencies")] + [
            (str(agency.pk), agency.name) for agency in agencies
        ]
        self.fields["event_type"].choices = _event_type_choices("All event types")

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "must be the same as or after From")
        return cleaned

    def filters(self) -> ChronologyFilters:
        """The filters that were valid; a bad one is shown as an error and not applied."""
        if not self.is_bound:
            return ChronologyFilters()
        self.is_valid()
        data = self.cleaned_data
        agency = data.get("agency")
        return ChronologyFilters(
            agency_id=uuid.UUID(agency) if agency else None,
            event_type=data.get("event_type") or "",
            significance=data.get("significance") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
