from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Country


def country_follow(request: HttpRequest, iso3: str) -> HttpResponse:
    """ "Subscribe to Mali": the two ways to follow a country, the e-mail digest and the Atom feed."""
    country = get_object_or_404(Country, iso3=iso3.upper())
    return render(request, "countries/country_follow.html", {"country": country})
