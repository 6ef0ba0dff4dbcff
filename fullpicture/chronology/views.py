"""The whole-picture page, an entry and its history, recording and correcting, printing.

Views are thin: reads go through `chronology.selectors` (scoped to the user), writes through
`chronology.services`, access decisions through `core.access`. Each page that shows a
person's record writes one audit row in the request's transaction (ATOMIC_REQUESTS).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fullpicture.checks import selectors as checks_selectors
from fullpicture.checks.presenters import alert_views, timeline_highlights
from fullpicture.chronology import selectors, services
from fullpicture.chronology.forms import ChronologyFilterForm, CorrectionForm, EventForm
from fullpicture.chronology.presenters import (
    EventView,
    event_views,
    identifier_rows,
    pagination,
    timeline_svg,
)
from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.ingest.services import event_type_codes
from fullpicture.people.models import Person
from fullpicture.people.selectors import person_identifiers

PAGE_SIZE = 50
# Open alerts shown in full on the whole-picture page; the rest behind "show all".
ALERTS_SHOWN = 10
# Evidence events listed on each alert's card there (the latest); all are ringed on the timeline.
ALERT_EVIDENCE_SHOWN = 5


def _person(request: HttpRequest, person_id: uuid.UUID) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)


def whole_picture(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    user = request.user
    agencies = selectors.person_agencies(person=person)
    filter_params = request.GET.copy()
    filter_params.pop("page", None)
    every_alert = filter_params.pop("alerts", None) == ["all"]
    form = ChronologyFilterForm(filter_params or None, agencies=agencies)
    filters = form.filters()
    index = selectors.person_chronology_index(person=person, user=user, filters=filters)
    page = Paginator([row[0] for row in index], PAGE_SIZE).get_page(request.GET.get("page"))
    points = [row[1:] for row in index]
    lanes = [a for a in agencies if not filters.agency_id or a.pk == filters.agency_id]
    open_alerts, alerts_open = checks_selectors.person_open_alerts(
        person=person, user=user, limit=None if every_alert else ALERTS_SHOWN
    )
    alerts = alert_views(
        open_alerts,
        user=user,
        evidence=checks_selectors.alerts_evidence_summary(open_alerts, latest=ALERT_EVIDENCE_SHOWN),
    )
    Auditor(user).viewed(person, "Whole-picture page", filters=filters.as_audit(), page=page.number)
    return render(
        request,
        "chronology/whole_picture.html",
        {
            "person": person,
            "identifiers": identifier_rows(person_identifiers(person)),
            "relationships": selectors.person_relationships(person=person, user=user),
            "addresses": selectors.person_addresses(person=person),
            "agencies": agencies,
            "alerts": alerts,
            "alerts_open": alerts_open,
            "timeline": timeline_svg(points, lanes, timeline_highlights(alerts)),
            "event_count": page.paginator.count,
            "form": form,
            "filtered": bool(filters.as_audit()),
            "page": page,
            "events": event_views(selectors.events_in_order(list(page.object_list))),
            "pagination": pagination(page, filter_params),
            "can_record": access.can_record_event(user, person),
        },
    )


def event_detail(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    event, person = selectors.event_for_user(user=request.user, event_id=event_id)
    versions = selectors.event_versions(event=event, user=request.user)
    Auditor(request.user).viewed(
        person, f"Chronology entry {event.agency.code}:{event.source_ref}", event=str(event.pk)
    )
    is_current = selectors.event_is_current(event)
    return render(
        request,
        "chronology/event_detail.html",
        {
            "person": person,
            "event": EventView(event),
            "is_current": is_current,
            "latest": EventView(versions[0]) if versions and versions[0].pk != event.pk else None,
            "versions": event_views(versions),
            "can_correct": is_current and access.can_correct_event(request.user, event),
        },
    )


def event_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    if not access.can_record_event(request.user, person):
        raise PermissionDenied(
            "Only practitioners and managers of an involved agency record events."
        )
    record = selectors.person_record_for_agency(person=person, agency=request.user.agency)
    if record is None:
        raise PermissionDenied("Your agency holds no record of this person.")
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST":
        row = form.validated_row(
            subject_local_id=record.local_id,
            today=timezone.localdate(),
            event_types=event_type_codes(),
        )
        if row is not None:
            services.event_record(person=person, by=request.user, row=row)  # audited there
            messages.success(request, "Event recorded")
            return redirect("chronology:whole_picture", person_id=person.pk)
    Auditor(request.user).viewed(person, "Record an event form")
    return render(request, "chronology/event_form.html", {"person": person, "form": form})


def event_correct(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    event, person = selectors.event_for_user(user=request.user, event_id=event_id)
    if not selectors.event_is_current(event):
        return redirect("chronology:event_detail", event_id=event.pk)
    if not access.can_correct_event(request.user, event):
        raise PermissionDenied("Only the agency that recorded this entry can correct it.")
    form = CorrectionForm(
        request.POST or None, initial=CorrectionForm.initial_from(event), user=request.user
    )
    if request.method == "POST":
        row = form.validated_row(
            subject_local_id=event.subject.local_id,
            today=timezone.localdate(),
            event_types=event_type_codes(),
        )
        if row is not None:
            corrected = services.event_correct(
                event=event, by=request.user, row=row, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, f"Event recorded: correction saved as version {corrected.version}"
            )
            return redirect("chronology:whole_picture", person_id=person.pk)
    # The form shows the entry as it stands: reading it is a view of the record.
    Auditor(request.user).viewed(
        person, f"Correction form for {event.agency.code}:{event.source_ref}", event=str(event.pk)
    )
    return render(
        request,
        "chronology/event_form.html",
        {"person": person, "form": form, "event": EventView(event), "correcting": True},
    )


def chronology_print(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    events = selectors.person_chronology(person=person, user=request.user, oldest_first=True)
    views = event_views(events)
    Auditor(request.user).printed(person, "Printable chronology", events=len(views))
    return render(
        request,
        "chronology/print.html",
        {
            "person": person,
            "identifiers": identifier_rows(person_identifiers(person)),
            "agencies": selectors.person_agencies(person=person),
            "events": views,
            "printed_at": timezone.now(),
            "printed_by": request.user,
        },
    )
