"""The pages of learning checks: an alert and its decisions, the managers' dashboard, the
partnership's view and a check's parameters, a replay for a learning review.

Views are thin: reads go through `checks.selectors` (alerts scoped by `alerts_visible_to`),
writes through `checks.services`, access decisions through `core.access`. Each page that
shows a person's data writes one audit row in the request's transaction (ATOMIC_REQUESTS).
The panel of a child's open alerts is drawn on the whole-picture page (chronology.views).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fullpicture.checks import selectors, services
from fullpicture.checks.forms import (
    AlertDecisionForm,
    CheckSettingForm,
    DashboardForm,
    ReplayForm,
)
from fullpicture.checks.presenters import (
    AlertView,
    CheckView,
    check_views,
    count_tables,
    decision_views,
    month_chart_svg,
    replay_rows,
    setting_views,
)
from fullpicture.checks.registry import check as check_definition
from fullpicture.checks.registry import checks
from fullpicture.chronology.presenters import pagination
from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.people.models import Person

PAGE_SIZE = 25


def alert_detail(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    """Everything an alert carries, its decisions, and (for those who may) a new decision."""
    user = request.user
    alert = selectors.alert_for_user(user=user, alert_id=alert_id)
    if alert is None:
        raise Http404("No such alert.")
    can_decide = access.can_decide_alert(user, alert)
    form = AlertDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("Only practitioners and managers who see this alert decide.")
        if form.is_valid():
            try:
                decision = services.alert_decide(  # audited there
                    alert=alert,
                    by=user,
                    kind=form.cleaned_data["kind"],
                    action=form.cleaned_data["action"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Decision recorded: {decision.get_kind_display()}")
                return redirect("checks:alert", alert_id=alert.pk)
    view = AlertView(alert, can_decide=can_decide, evidence_events=selectors.alert_evidence(alert))
    Auditor(user).viewed(alert.person, f"Alert {alert.code}", alert=str(alert.pk))
    return render(
        request,
        "checks/alert.html",
        {
            "person": alert.person,
            "view": view,
            "alert": alert,
            "decisions": decision_views(selectors.alert_decisions(alert)),
            "form": form,
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    """A manager's open alerts across the children their agency works with."""
    user = request.user
    if not access.can_see_agency_dashboard(user):
        raise PermissionDenied("The alerts dashboard is for managers.")
    registry = checks()
    form = DashboardForm(
        request.GET or None, codes=[(code, c.title) for code, c in registry.items()]
    )
    code, sort = form.wanted()
    alerts = selectors.dashboard_alerts(user=user, code=code, sort=sort)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.open_alert_counts_by_check(selectors.alerts_visible_to(user))
    rows = [AlertView(alert) for alert in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    Auditor(user).viewed(
        None,
        "Alerts dashboard",
        check=code,
        sort=sort,
        page=page.number,
        alerts=[str(row.alert.pk) for row in rows],
        people=sorted({str(row.alert.person_id) for row in rows}),
    )
    return render(
        request,
        "checks/dashboard.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "pagination": pagination(page, query),
            "counts": [
                (code_, registry[code_].title if code_ in registry else code_, n)
                for code_, n in sorted(counts.items())
            ],
            "total": sum(counts.values()),
            "check_code": code,
            "sort": sort,
        },
    )


def _partnership(request: HttpRequest) -> None:
    if not access.can_see_partnership_view(request.user):
        raise PermissionDenied(
            "The learning checks overview is for safeguarding partnership staff."
        )


def partnership(request: HttpRequest) -> HttpResponse:
    """Counts of alerts raised, acted on and dismissed, and the checks with their settings.

    Counts only, no person's data: no audit row."""
    _partnership(request)
    registry = checks()
    form = DashboardForm(
        request.GET or None, codes=[(code, c.title) for code, c in registry.items()]
    )
    code, _ = form.wanted()
    counts = selectors.partnership_counts(user=request.user, code=code)
    tables = count_tables(counts)
    return render(
        request,
        "checks/partnership.html",
        {
            "form": form,
            "check_code": code,
            **tables,
            "month_chart": month_chart_svg(tables["by_month"]),
            "checks": check_views(selectors.settings_in_force()),
        },
    )


def check_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A check's definition, its parameters in force, their history, and the form to change them."""
    _partnership(request)
    try:
        definition = check_definition(code)
    except KeyError:
        raise Http404("No such learning check.") from None
    if definition.code != code:
        return redirect("checks:check", code=definition.code)
    in_force = selectors.settings_in_force()[definition.code]
    form = CheckSettingForm(
        request.POST if request.method == "POST" else None,
        check=definition,
        values=in_force.parameters,
    )
    if request.method == "POST":
        if not access.can_change_check_settings(request.user):
            raise PermissionDenied("Only safeguarding partnership staff change learning checks.")
        if form.is_valid():
            try:
                setting = services.check_setting_change(  # audited there
                    code=definition.code,
                    parameters=form.parameters(),
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, f"{definition.code} settings saved as version {setting.version}"
                )
                return redirect("checks:check", code=definition.code)
    return render(
        request,
        "checks/check.html",
        {
            "view": CheckView(definition, in_force.version, in_force.parameters),
            "form": form,
            "history": setting_views(definition, selectors.check_settings_history(definition.code)),
        },
    )


def replay(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """A learning review: on which day each alert would first have fired, with its evidence."""
    user = request.user
    person = get_object_or_404(Person.objects.visible_to(user), pk=person_id)
    if not access.can_replay_checks(user, person):
        raise PermissionDenied(
            "Learning reviews are run by partnership staff and managers of an involved agency."
        )
    bound = any(key in request.GET for key in ReplayForm.QUERY_KEYS)
    form = ReplayForm(request.GET if bound else None, today=timezone.localdate())
    rows = None
    if bound and form.is_valid():
        first, last = form.period()
        matches = services.checks_replay(person_id=person.pk, first=first, last=last)
        readable = selectors.events_readable_by(user, {e for m in matches for e in m.evidence})
        parameters = {c: s.parameters for c, s in selectors.settings_in_force().items()}
        rows = replay_rows(matches, readable, parameters)
        Auditor(user).viewed(
            person,
            f"Learning checks replayed {first.isoformat()} to {last.isoformat()}",
            first=first.isoformat(),
            last=last.isoformat(),
            alerts=len(rows),
        )
    else:
        Auditor(user).viewed(person, "Learning checks replay form")
    return render(
        request,
        "checks/replay.html",
        {"person": person, "form": form, "rows": rows},
    )
