from django.http import HttpRequest, HttpResponse


def submit(request: HttpRequest) -> HttpResponse:
    return HttpResponse("submit")


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("edit")
