from django.http import HttpRequest, HttpResponse


def merge(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("merge: not built yet")
