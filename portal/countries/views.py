from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def country_list(request: HttpRequest) -> HttpResponse:
    return render(request, "countries/country_list.html", {})


def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    return render(request, "countries/country_detail.html", {})
