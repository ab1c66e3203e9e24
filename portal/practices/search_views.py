from django.http import HttpRequest, HttpResponse


def practice_search(request: HttpRequest) -> HttpResponse:
    return HttpResponse("search: not built yet")
