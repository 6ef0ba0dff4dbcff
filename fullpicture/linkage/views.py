"""The review queue, a pair side by side, a decision and its undoing.

Only data-quality staff (`core.access.can_review_links`) use these pages. They
see two agencies' identifying details side by side, never the chronology.
Every page that shows a person's records writes an audit row.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.linkage import selectors, services
from fullpicture.linkage.forms import PairDecisionForm, UndoForm
from fullpicture.linkage.models import CandidatePair, LinkDecision, PairStatus

PAGE_SIZE = 25


def _reviewer(request: HttpRequest) -> None:
    if not access.can_review_links(request.user):
        raise PermissionDenied("Only data-quality staff review record links.")


def review_queue(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    page = Paginator(selectors.pairs_pending(), PAGE_SIZE).get_page(request.GET.get("page"))
    Auditor(request.user).viewed(
        None, "Record linkage review queue", page=page.number, pairs=[str(p.pk) for p in page]
    )
    return render(request, "linkage/queue.html", {"page": page, "pairs": list(page)})


def pair_review(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    _reviewer(request)
    try:
        pair = selectors.pair_for_review(pair_id=pair_id)
    except CandidatePair.DoesNotExist:
        raise Http404("No such pair") from None
    form = PairDecisionForm(request.POST or None)
    if request.method == "POST" and pair.status == PairStatus.PENDING and form.is_valid():
        link = form.cleaned_data["decision"] == "link"
        try:
            decision = services.pair_decide(
                pair=pair,
                link=link,
                by=request.user,
                reason=form.cleaned_data["reason"],
                auditor=Auditor(request.user),
            )
        except services.LinkRefused as refused:
            form.add_error("decision", str(refused))
        else:
            if decision is not None:
                messages.success(request, "Linked: the two records are now one person.")
                return redirect("linkage:decision", decision.pk)
            messages.success(request, "Recorded: these are different people.")
            return redirect("linkage:queue")
    a, b = selectors.pair_sides(pair)
    auditor = Auditor(request.user)
    for side in (a, b):
        auditor.viewed(side.record.person, "Record linkage: pair side by side", pair=str(pair.pk))
    return render(
        request,
        "linkage/pair.html",
        {
            "pair": pair,
            "a": a,
            "b": b,
            "rows": selectors.pair_rows(pair),
            "form": form,
            "pending": pair.status == PairStatus.PENDING,
        },
    )


def decision_detail(request: HttpRequest, decision_id: uuid.UUID) -> HttpResponse:
    _reviewer(request)
    try:
        decision = selectors.decision_for_user(decision_id=decision_id)
    except LinkDecision.DoesNotExist:
        raise Http404("No such decision") from None
    Auditor(request.user).viewed(
        decision.person, "Record linkage decision", decision=str(decision.pk)
    )
    undone_by = LinkDecision.objects.filter(undoes=decision).first()
    return render(
        request,
        "linkage/decision.html",
        {
            "decision": decision,
            "moves": selectors.decision_moves(decision),
            "records": selectors.person_link_records(person=decision.person),
            "undone_by": undone_by,
            "can_undo": decision.kind != "unlink" and undone_by is None,
            "form": UndoForm(),
        },
    )


def decision_undo(request: HttpRequest, decision_id: uuid.UUID) -> HttpResponse:
    _reviewer(request)
    if request.method != "POST":
        return redirect("linkage:decision", decision_id)
    try:
        decision = selectors.decision_for_user(decision_id=decision_id)
    except LinkDecision.DoesNotExist:
        raise Http404("No such decision") from None
    form = UndoForm(request.POST)
    if form.is_valid():
        try:
            undo = services.link_undo(
                decision=decision,
                by=request.user,
                reason=form.cleaned_data["reason"],
                auditor=Auditor(request.user),
            )
        except services.LinkRefused as refused:
            messages.error(request, str(refused))
            return redirect("linkage:decision", decision.pk)
        messages.success(request, "Unlinked: every record is back on the person it was on before.")
        return redirect("linkage:decision", undo.pk)
    Auditor(request.user).viewed(
        decision.person, "Record linkage decision", decision=str(decision.pk)
    )
    return render(
        request,
        "linkage/decision.html",
        {
            "decision": decision,
            "moves": selectors.decision_moves(decision),
            "records": selectors.person_link_records(person=decision.person),
            "undone_by": None,
            "can_undo": True,
            "form": form,
        },
    )
