"""Template tags and filters shared by every FullPicture page (a builtin: no {% load %}).

Formatting lives here so that templates hold no logic: dates read "3 March 2025",
ages sit next to dates of birth, agencies show in full with a colour tag, and
every form field renders through one GOV.UK component template per kind.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fullpicture.core.models import Agency, AgencyKind

register = template.Library()

# One GOV.UK tag colour per kind of agency, so an agency reads the same everywhere.
AGENCY_KIND_TAG = {
    AgencyKind.POLICE: "govuk-tag--blue",
    AgencyKind.HEALTH: "govuk-tag--green",
    AgencyKind.EDUCATION: "govuk-tag--yellow",
    AgencyKind.CHILDRENS_SOCIAL_CARE: "govuk-tag--purple",
    AgencyKind.ADULT_SOCIAL_CARE: "govuk-tag--pink",
    AgencyKind.HOUSING: "govuk-tag--orange",
    AgencyKind.PROBATION: "govuk-tag--grey",
    AgencyKind.VOLUNTARY: "govuk-tag--turquoise",
    AgencyKind.COURT: "govuk-tag--red",
}


def date_text(value: date | datetime | None) -> str:
    """'3 March 2025'; empty when not known."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def birth_date_text(birth_date: date | None, *, approximate: bool = False, deceased_on=None) -> str:
    """'2 March 2015 (age 9)'; the age at death for someone who has died."""
    if birth_date is None:
        return "Not known"
    on = deceased_on or timezone.localdate()
    shown = date_text(birth_date)
    if approximate:
        shown = f"about {shown}"
    age = age_on(birth_date, on)
    if deceased_on:
        return f"{shown} (died aged {age})"
    return f"{shown} (age {age})"


def nhs_number_text(value: str) -> str:
    """NHS numbers are read aloud and typed 3-3-4."""
    if len(value) == 10 and value.isdigit():
        return f"{value[:3]} {value[3:6]} {value[6:]}"
    return value


@register.filter
def fp_date(value: date | datetime | None) -> str:
    return date_text(value)


@register.filter
def fp_datetime(value: datetime | None) -> str:
    """'3 March 2025 at 14:05'."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_text(local)} at {local:%H:%M}"


@register.filter
def fp_time(value: time | None) -> str:
    return f"{value:%H:%M}" if value else ""


@register.filter
def fp_birth_date(person: Any) -> str:
    """A person's (or record's) date of birth with their age."""
    return birth_date_text(
        person.birth_date,
        approximate=getattr(person, "birth_date_approximate", False),
        deceased_on=getattr(person, "deceased_on", None),
    )


@register.filter
def fp_nhs_number(value: str) -> str:
    return nhs_number_text(value or "")


@register.filter
def fp_yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not known")


@register.simple_tag
def agency_tag(agency: Agency) -> SafeString:
    """The agency's full name in a GOV.UK tag coloured by its kind."""
    colour = AGENCY_KIND_TAG.get(agency.kind, "govuk-tag--grey")
    return format_html(
        '<strong class="govuk-tag {} fp-agency-tag" title="{}">{}</strong>',
        colour,
        agency.get_kind_display(),
        agency.name,
    )


# --- GOV.UK form components: one include template per kind of field


def _component(field: forms.BoundField) -> str:
    widget = field.field.widget
    if getattr(widget, "govuk_component", ""):
        return widget.govuk_component
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def _options(field: forms.BoundField) -> list[dict[str, Any]]:
    """Choices flattened for the component template, each marked selected or not."""
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
    options: list[dict[str, Any]] = []
    for key, label in field.field.choices:
        if isinstance(label, list | tuple):
            options.append(
                {
                    "group": key,
                    "options": [
                        {"value": k, "label": lab, "selected": str(k) in chosen} for k, lab in label
                    ],
                }
            )
        else:
            options.append({"value": key, "label": label, "selected": str(key) in chosen})
    return options


@register.simple_tag
def govuk_field(field: forms.BoundField, classes: str = "") -> SafeString:
    """Render a bound field as its GOV.UK component (label, hint, error message, input)."""
    kind = _component(field)
    context: dict[str, Any] = {
        "field": field,
        "id": field.auto_id,
        "name": field.html_name,
        "label": field.label,
        "hint": field.help_text,
        "errors": field.errors,
        "classes": classes,
        "value": field.value() if kind != "date" else None,
        "input_type": getattr(field.field.widget, "input_type", "text"),
        "autocomplete": field.field.widget.attrs.get("autocomplete", ""),
    }
    if context["input_type"] == "password":
        context["value"] = ""  # a password is never sent back to the browser
    if kind in ("radios", "checkboxes", "select"):
        context["options"] = _options(field)
        context["inline"] = getattr(field.field.widget, "govuk_inline", False)
    if kind == "date":
        day, month, year = field.field.widget.parts(field.value())
        context["parts"] = [
            {"name": "day", "label": "Day", "value": day, "width": 2},
            {"name": "month", "label": "Month", "value": month, "width": 2},
            {"name": "year", "label": "Year", "value": year, "width": 4},
        ]
    return render_to_string(f"fp/components/{kind}.html", context)


@register.simple_tag
def govuk_error_summary(*forms_: forms.BaseForm) -> SafeString:
    """The GOV.UK error summary for one or more forms, each error linking to its field."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "text": message})
        for bound in form:
            href = f"#{bound.auto_id}"
            if _component(bound) == "date":
                href = f"#{bound.auto_id}_day"
            elif _component(bound) in ("radios", "checkboxes"):
                href = f"#{bound.auto_id}_0"
            for message in bound.errors:
                items.append({"href": href, "text": message})
    if not items:
        return SafeString("")
    return render_to_string("fp/components/error_summary.html", {"items": items})
