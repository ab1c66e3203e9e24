from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def edition_list(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/edition_list.html", {})


def edition_detail(request: HttpRequest, label: str) -> HttpResponse:
    return render(request, "forum/edition_detail.html", {})
