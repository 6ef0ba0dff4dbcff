"""The header's links to the alert pages, for the roles that may open them (core.access)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from fullpicture.core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def checks_navigation(context: dict[str, Any]) -> list[dict[str, Any]]:
    """[{label, href, active}] for the service navigation: the dashboard, the partnership view."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    links = []
    if access.can_see_agency_dashboard(user):
        links.append(
            {
                "label": "Alerts",
                "href": reverse("checks:dashboard"),
                "active": current in ("checks:dashboard", "checks:alert"),
            }
        )
    if access.can_see_partnership_view(user):
        links.append(
            {
                "label": "Learning checks",
                "href": reverse("checks:partnership"),
                "active": current in ("checks:partnership", "checks:check"),
            }
        )
    return links


@register.simple_tag(takes_context=True)
def checks_replay_href(context: dict[str, Any], person: Any) -> str:
    """The link to replay the checks for this child, for those who may run a learning review."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if person is None or not access.can_replay_checks(user, person):
        return ""
    return reverse("checks:replay", args=[person.pk])
