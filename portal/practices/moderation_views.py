from django.http import HttpRequest, HttpResponse


def queue(request: HttpRequest) -> HttpResponse:
    return HttpResponse("queue")


def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("moderate")
