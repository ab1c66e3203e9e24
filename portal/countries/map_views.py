from django.http import HttpRequest, HttpResponse


def world_map(request: HttpRequest) -> HttpResponse:
    return HttpResponse("map: not built yet")
