from django.http import HttpRequest, HttpResponse


def person_search(request: HttpRequest) -> HttpResponse:
    return HttpResponse("search")
