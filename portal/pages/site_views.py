"""Site-wide pages: the open-data page (``/data/``: the exports and the API, described by
``exports.catalog``) and the accessibility statement."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from portal.exports import catalog


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    items = catalog.datasets()

    def address(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    return render(
        request,
        "pages/open_data.html",
        {
            "datasets": items,
            "structured_data": catalog.schema_org_datasets(
                items, page_url=request.build_absolute_uri(reverse("pages:open_data")), address=address
            ),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: the target, what is checked and how, known limits, how to report a problem."""
    return render(request, "pages/accessibility.html")
