"""The people around the child: household, genogram, hidden adults, the team around the child.

Thin views: reads through `network.selectors` (the derivation, scoped to the user),
writes through `network.services`, access through `core.access`; one audit row per page.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fullpicture.chronology.presenters import event_views
from fullpicture.chronology.selectors import person_chronology
from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.core.models import User
from fullpicture.network import selectors, services
from fullpicture.network.forms import NEW, NamedWorkerForm, RelationshipAddForm, RelationshipEndForm
from fullpicture.network.presenters import genogram_svg, household_timeline_svg
from fullpicture.people.models import Person


def _person(request: HttpRequest, person_id: uuid.UUID) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)


def _people_choices(network: selectors.Network) -> list[tuple[str, str]]:
    people = [(str(network.child.pk), f"{network.child.full_name} (the child)")]
    people += [
        (str(row.person.pk), f"{row.person.full_name} ({row.label})") for row in network.people
    ]
    return people


def _colleagues(user: User) -> list[tuple[str, str]]:
    return [
        (str(u.pk), f"{u.display_name}{', ' + u.job_title if u.job_title else ''}")
        for u in User.objects.filter(agency_id=user.agency_id, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
    ]


def _render(request, person, *, add_form=None, end_form=None, worker_form=None, status=200):
    user = request.user
    network = selectors.person_network(person=person, user=user)
    can_record = access.can_record_event(user, person)
    context = {
        "person": person,
        "network": network,
        "genogram": genogram_svg(network),
        "household_timeline": household_timeline_svg(network),
        "team": selectors.team_around(person=person, user=user),
        "entries": selectors.relationship_entries(person=person),
        "can_record": can_record,
        "add_form": add_form or RelationshipAddForm(people=_people_choices(network)),
        "end_form": end_form,
        "endable": selectors.endable_relationships(network=network, user=user)
        if can_record
        else [],
        "worker_form": worker_form or NamedWorkerForm(colleagues=_colleagues(user)),
        "today": network.day,
    }
    Auditor(user).viewed(
        person,
        "People around the child",
        people=len(network.people),
        hidden=len(network.hidden),
    )
    return render(request, "network/network.html", context, status=status)


def network(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    if selectors.pending_handover(person=person, user=request.user) is not None:
        return redirect("network:handover", person_id=person.pk)
    return _render(request, person)


def _resolve(value: str, network: selectors.Network) -> Person | None:
    ids = {str(network.child.pk): network.child}
    ids.update({str(row.person.pk): row.person for row in network.people})
    return ids.get(value)


@require_POST
def relationship_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    if not access.can_record_event(request.user, person):
        raise PermissionDenied("Only practitioners and managers of an involved agency do this.")
    network = selectors.person_network(person=person, user=request.user)
    form = RelationshipAddForm(request.POST, people=_people_choices(network))
    if form.is_valid():
        data = form.cleaned_data
        today = timezone.localdate()
        try:
            ends = []
            for key in ("a", "b"):
                if data[key] == NEW:
                    ends.append(
                        services.person_add(
                            child=person, by=request.user, given_name=data["given_name"],
                            family_name=data["family_name"], sex=data["sex"] or "",
                            birth_date=data["birth_date"], today=today,
                        )
                    )  # fmt: skip
                else:
                    found = _resolve(data[key], network)
                    if found is None:
                        raise ValidationError("Choose someone around the child.")
                    ends.append(found)
            services.relationship_add(
                child=person, by=request.user, a=ends[0], kind=data["kind"], b=ends[1],
                from_date=data["from_date"], parental_responsibility=form.parental_responsibility_value,
                note=data["note"], today=today,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Relationship recorded")
            return redirect(reverse("network:network", args=[person.pk]) + "#people")
    return _render(request, person, add_form=form, status=400)


@require_POST
def relationship_end(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    form = RelationshipEndForm(request.POST)
    if form.is_valid():
        network = selectors.person_network(person=person, user=request.user)
        relationship = selectors.endable_relationship(
            network=network, user=request.user, relationship_id=form.cleaned_data["relationship"]
        )
        if relationship is None:
            raise Http404("No such relationship of your agency around this child.")
        try:
            services.relationship_end(
                child=person, by=request.user, relationship=relationship,
                to_date=form.cleaned_data["to_date"], note=form.cleaned_data["note"],
                today=timezone.localdate(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Relationship ended")
            return redirect(reverse("network:network", args=[person.pk]) + "#people")
    return _render(request, person, end_form=form, status=400)


@require_POST
def named_worker(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    form = NamedWorkerForm(request.POST, colleagues=_colleagues(request.user))
    if form.is_valid():
        data = form.cleaned_data
        worker = None
        if data["worker"]:
            worker = get_object_or_404(User, pk=data["worker"], agency_id=request.user.agency_id)
        try:
            services.named_worker_set(
                child=person, by=request.user,
                name=data["name"] or (worker.display_name if worker else ""),
                role=data["role"] or (worker.job_title if worker else ""),
                contact=data["contact"] or (worker.email if worker else ""),
                worker=worker, handover=data["handover"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Named worker recorded")
            return redirect(reverse("network:network", args=[person.pk]) + "#team")
    return _render(request, person, worker_form=form, status=400)


def handover(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The new named worker reads the handover summary and the history before anything else."""
    person = _person(request, person_id)
    named = selectors.pending_handover(person=person, user=request.user)
    if named is None:
        return redirect("network:network", person_id=person.pk)
    if request.method == "POST":
        services.handover_read(child=person, by=request.user, named_worker=named)
        messages.success(request, "Handover read")
        return redirect("network:network", person_id=person.pk)
    previous = (
        named.child.named_workers.filter(agency_id=named.agency_id, created_at__lt=named.created_at)
        .order_by("-created_at")
        .first()
    )
    history = event_views(
        person_chronology(person=person, user=request.user).filter(significance="significant")[:50]
    )
    Auditor(request.user).viewed(person, "Handover summary and history", named_worker=str(named.pk))
    return render(
        request,
        "network/handover.html",
        {"person": person, "named": named, "previous": previous, "events": history},
    )


def network_print(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = _person(request, person_id)
    network = selectors.person_network(person=person, user=request.user)
    Auditor(request.user).printed(person, "People around the child", people=len(network.people))
    return render(
        request,
        "network/print.html",
        {
            "person": person,
            "network": network,
            "genogram": genogram_svg(network),
            "team": selectors.team_around(person=person, user=request.user),
            "printed_at": timezone.now(),
            "printed_by": request.user,
        },
    )
