"""Forms of the alert pages: a decision on an alert, the dashboard's filter, a check's
parameters, a replay's period.

The rules (a dismissal needs a reason, a parameter's range) are the services'; a form
shows each problem a service finds against the field of the same name, named by its label.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fullpicture.checks.models import ActionKind, DecisionKind
from fullpicture.checks.registry import Check
from fullpicture.chronology.forms import RadioSelect
from fullpicture.people.forms import DateInput, DateInputField, LabelledErrorsMixin


class ServiceErrorsMixin(LabelledErrorsMixin):
    """Shows a service's ValidationError against the form's fields, each named by its label."""

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            field = self.fields.get(name)  # type: ignore[attr-defined]
            for message in messages:
                if field is None:
                    self.add_error(None, message)  # type: ignore[attr-defined]
                else:
                    self.add_error(name, f"{field.label}: {message}")  # type: ignore[attr-defined]


class AlertDecisionForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What have you decided?",
        choices=[
            (DecisionKind.ACKNOWLEDGED, "Acknowledge: I have read it and will keep it in mind"),
            (DecisionKind.ACTIONED, "Action taken: say what was done"),
            (DecisionKind.DISMISSED, "Dismiss: say why it does not need action"),
        ],
        required=False,
        widget=RadioSelect,
    )
    action = forms.ChoiceField(
        label="What was done",
        choices=[("", "Choose what was done")] + list(ActionKind.choices),
        required=False,
        help_text="Only for an action taken",
    )
    note = forms.CharField(
        label="Details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "For an action taken, what was done, by whom and when. For a dismissal, why the "
            "alert does not need action. Other agencies who see this child will read it."
        ),
    )


SORTS = [
    ("severity", "Severity, most severe first"),
    ("oldest", "Age, oldest first"),
    ("newest", "Age, newest first"),
]


class DashboardForm(forms.Form):
    """The dashboard's filter and order, in the query string. Unknown values fall back."""

    check = forms.ChoiceField(label="Check", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    def __init__(self, *args: Any, codes: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [("", "All checks")] + [
            (code, f"{code} {title}") for code, title in codes
        ]

    def wanted(self) -> tuple[str, str]:
        """(check code or '', sort), ignoring anything not offered."""
        if not self.is_bound or not self.is_valid():
            return "", "severity"
        return self.cleaned_data["check"], self.cleaned_data["sort"] or "severity"


class CheckSettingForm(ServiceErrorsMixin, forms.Form):
    """A check's parameters, one box each, and why they change. The service checks ranges."""

    reason = forms.CharField(
        label="Why is the check changing?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the partnership's decision and its date. Kept with the version.",
    )

    def __init__(self, *args: Any, check: Check, values: dict[str, int], **kwargs: Any) -> None:
        kwargs.setdefault("initial", dict(values))
        super().__init__(*args, **kwargs)
        self.check = check
        parameters = {}
        for parameter in check.parameters:
            parameters[parameter.name] = forms.CharField(
                label=parameter.label,
                required=False,
                help_text=(
                    f"A whole number from {parameter.minimum} to {parameter.maximum}. "
                    f"Default {parameter.default}."
                ),
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            )
        # Parameters first, then the reason.
        self.fields = {**parameters, "reason": self.fields["reason"]}

    def parameters(self) -> dict[str, str]:
        return {p.name: self.cleaned_data.get(p.name, "") for p in self.check.parameters}


class IsoOrBoxesDateInput(DateInput):
    """The GOV.UK date input, that also takes `name=YYYY-MM-DD` (a link to a replay)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if data.get(name):
            return data[name]
        return super().value_from_datadict(data, files, name)


class IsoOrBoxesDateField(DateInputField):
    widget = IsoOrBoxesDateInput

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, str) and value.strip():
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise forms.ValidationError(
                    "must be a real date, for example 2024-03-27 or 27 3 2024"
                ) from None
        return super().to_python(value)


REPLAY_LIMIT_YEARS = 5


class ReplayForm(LabelledErrorsMixin, forms.Form):
    """The period of a learning review. Fields are named `from` and `to`, as in the link."""

    QUERY_KEYS = tuple(f"{n}{p}" for n in ("from", "to") for p in ("", "_day", "_month", "_year"))

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["from"] = IsoOrBoxesDateField(
            label="Start of the period", required=False, help_text="For example, 1 9 2023"
        )
        self.fields["to"] = IsoOrBoxesDateField(
            label="End of the period",
            required=False,
            help_text=f"For example, 31 8 2024. At most {REPLAY_LIMIT_YEARS} years after the start.",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if "from" not in self.errors and first is None:
            self.add_error("from", "enter the first day of the period")
        if "to" not in self.errors and last is None:
            self.add_error("to", "enter the last day of the period")
        if first and last:
            if last < first:
                self.add_error("to", "must be the same as or after the start of the period")
            elif last > self.today:
                self.add_error("to", "must be today or in the past")
            elif last - first > timedelta(days=366 * REPLAY_LIMIT_YEARS):
                self.add_error(
                    "to",
                    f"must be at most {REPLAY_LIMIT_YEARS} years after the start of the period",
                )
        return data

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]
