from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "practices/practice_detail.html", {})
