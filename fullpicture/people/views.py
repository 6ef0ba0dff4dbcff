"""Finding a person. Every search that runs is audited, whatever it finds."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fullpicture.core.audit import Auditor
from fullpicture.people.forms import PersonSearchForm
from fullpicture.people.models import Person
from fullpicture.people.selectors import person_search as people_matching

SEARCH_LIMIT = 50


def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET if request.GET else None)
    results: list[Person] | None = None
    if form.is_bound and form.is_valid() and form.search_wanted():
        query, birth_date = form.cleaned_data["q"], form.cleaned_data["dob"]
        results = people_matching(
            people=Person.objects.visible_to(request.user),
            query=query,
            birth_date=birth_date,
            limit=SEARCH_LIMIT,
        )
        Auditor(request.user).searched(
            "Person search",
            query=query,
            birth_date=birth_date.isoformat() if birth_date else "",
            results=len(results),
        )
    return render(
        request,
        "people/search.html",
        {"form": form, "results": results, "limit": SEARCH_LIMIT},
    )
