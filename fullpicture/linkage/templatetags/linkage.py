"""Template tags of record linkage: the records that make up a person, on the whole-picture page."""

from __future__ import annotations

from typing import Any

from django import template

from fullpicture.core import access
from fullpicture.linkage.selectors import person_link_records

register = template.Library()


@register.inclusion_tag("linkage/_person_records_table.html", takes_context=True)
def person_link_records_table(context: dict[str, Any], person: Any) -> dict[str, Any]:
    """Which agency records make up this person, and how strongly each is linked.

    The page that includes it has already checked the user may see the person
    and audited the read.
    """
    user = context.get("user")
    return {
        "person": person,
        "linked": person_link_records(person=person),
        "can_review": access.can_review_links(user),
    }


@register.filter
def fp_probability(value: float | None) -> str:
    """'99.7%'; empty when there is none."""
    if value is None:
        return ""
    return f"{value * 100:.1f}%"


@register.filter
def fp_strength(value: float | None) -> str:
    """A link's strength in words, for the person page."""
    if value is None:
        return ""
    if value >= 0.999:
        return "Very strong"
    if value >= 0.95:
        return "Strong"
    if value >= 0.8:
        return "Moderate"
    return "Weak"
