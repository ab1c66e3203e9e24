from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Practice


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(
        Practice.objects.published()
        .select_related("submitter")
        .prefetch_related("countries", "themes", "gcm_objectives", "sdg_targets"),
        pk=pk,
    )
    return render(request, "practices/practice_detail.html", {"practice": practice})


def my_practices(request: HttpRequest) -> HttpResponse:
    return HttpResponse("mine")
