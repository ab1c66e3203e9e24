from django.http import HttpRequest, HttpResponse


def participation_matrix(request: HttpRequest) -> HttpResponse:
    return HttpResponse("participation matrix: not built yet")
