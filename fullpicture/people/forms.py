"""Forms for finding people, and the GOV.UK date input that every date on a page uses."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes named `<name>_day` etc."""

    govuk_component = "date"

    def __init__(self) -> None:
        super().__init__(
            widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}
        )

    def decompress(self, value: Any) -> list[str]:
        return list(self.parts(value))

    @staticmethod
    def parts(value: Any) -> tuple[str, str, str]:
        """(day, month, year) as typed, from a date, an ISO string or the typed list."""
        if isinstance(value, date):
            return str(value.day), str(value.month), str(value.year)
        if isinstance(value, str) and value:
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                return "", "", ""
            return str(parsed.day), str(parsed.month), str(parsed.year)
        if isinstance(value, list | tuple) and len(value) == 3:
            return tuple(str(v or "") for v in value)  # type: ignore[return-value]
        return "", "", ""


class DateInputField(forms.Field):
    """A date typed in three boxes. Empty boxes are 'not known'; anything else must be a
    real date. Rules about the date itself (not in the future, ...) belong to the caller."""

    widget = DateInput

    def to_python(self, value: Any) -> date | None:
        day, month, year = (part.strip() for part in DateInput.parts(value))
        if not (day or month or year):
            return None
        if not (day and month and year):
            missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
            raise forms.ValidationError(f"must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise forms.ValidationError("must be a real date, for example 27 3 2024")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError("must be a real date, for example 27 3 2024") from None

    def validate(self, value: date | None) -> None:
        if value is None and self.required:
            raise forms.ValidationError("is required")


class LabelledErrorsMixin:
    """GOV.UK error messages name their field: 'Date of birth: must be a real date'."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, errors in list(self._errors.items()):  # type: ignore[attr-defined]
            if name == forms.forms.NON_FIELD_ERRORS:
                continue
            label = self.fields[name].label or name  # type: ignore[attr-defined]
            self._errors[name] = self.error_class(  # type: ignore[attr-defined]
                [e if e.startswith(f"{label}:") else f"{label}: {e}" for e in errors]
            )


class PersonSearchForm(LabelledErrorsMixin, forms.Form):
    q = forms.CharField(
        label="Name, NHS number or UPN",
        required=False,
        max_length=200,
        help_text="For example, Kayleigh Smith, 999 000 1234 or A123456789012",
    )
    dob = DateInputField(label="Date of birth", required=False, help_text="For example, 2 3 2015")

    def search_wanted(self) -> bool:
        """A search runs only when something was asked for."""
        return bool(self.cleaned_data.get("q") or self.cleaned_data.get("dob"))
