"""``/practices/``: search the published practices, with facets, sorting and pages.

The FilterSet (filters.py) does the querying; this view only turns its results and the facet
counts into links that keep every other parameter. A fixed number of queries, whatever the
number of practices: one for the words' sets in the search index unless they are kept (more only
when the words need correcting) and one for the page's rows; the count, the order and the facet
counts come from the facet and word sets (facets.py).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_stubs_ext import StrOrPromise

from portal.core.fragments import fragment
from portal.core.page_cache import page_params
from portal.core.reference_names import objective_name, region_name, theme_name
from portal.core.translations import Text, translated

from .facets import FACET_NAMES, FacetValue
from .filters import PracticeFilter, PracticePaginator
from .models import Practice
from .search import highlight, snippet

PAGE_SIZE = 20
FACETS_SHOWN = 8  # the rest of a long facet goes behind a "more" disclosure
MULTIPLE = {"country", "theme"}  # facets whose values combine (AND); the others take one value

FACET_TITLES = {
    "country": _("Country"),
    "region": _("Region"),
    "theme": _("Theme"),
    "gcm": _("GCM objective"),
    "sdg": _("SDG target"),
    "edition": _("GFMD edition"),
    "kind": _("Kind of organisation"),
    "year": _("Year shared"),
}


@dataclass
class FacetLink:
    label: StrOrPromise
    count: int
    query: str  # the query string with this value added


@dataclass
class Facet:
    name: str
    title: StrOrPromise
    shown: list[FacetLink]
    more: list[FacetLink]


@dataclass
class Chip:
    title: StrOrPromise
    label: str
    query: str  # the query string without this value


@dataclass
class Result:
    """A practice found, with its title and summary in the reader's language and the matched words marked
    (``*_pieces``, as ``search.highlight()`` gives them); core/_translated_text.html draws them."""

    practice: Practice
    title: Text
    title_pieces: list[tuple[str, bool]]
    summary: Text
    snippet_pieces: list[tuple[str, bool]]


def _result(practice: Practice, terms: tuple[str, ...]) -> Result:
    title = translated(practice, "title")
    summary = translated(practice, "summary")
    return Result(practice, title, highlight(title.text, terms), summary, snippet(summary.text, terms))


@page_params("page", filterset=PracticeFilter)
@require_safe
def practice_search(request: HttpRequest) -> HttpResponse:
    filterset = PracticeFilter(request.GET)
    rows = Practice.objects.published().select_related("submitter")
    paginator = PracticePaginator(filterset.qs, PAGE_SIZE, rows=rows, index=filterset.ranked())
    page = paginator.get_page(request.GET.get("page"))
    plan = filterset.search_plan
    terms = plan.match_terms if plan and plan.terms else ()
    params = request.GET.copy()
    params.pop("page", None)

    # The counts depend on the words and the facets chosen, not on the page or the order: every page
    # and order of a search, and every visitor, share them while caching is on (fragments.py).
    search_key = _search_key(params)
    counts: dict[str, list[FacetValue]] = fragment(
        "search-facets", search_key, lambda: filterset.sets.counts(filterset.found)
    )
    chosen = _selected_values(filterset)
    selected = {(name, value) for name, value, _ in chosen}
    errors = filterset.errors
    context = {
        # Words refused (too long) are not searched: the page is not titled with them either.
        "query": "" if "q" in errors else (request.GET.get("q") or "").strip(),
        "plan": plan,
        "page": page,
        "results": [_result(practice, terms) for practice in page.object_list],
        "facets": [_facet(name, counts[name], _pairs(params), selected) for name in FACET_NAMES],
        "chips": [Chip(FACET_TITLES[name], label, _without(params, name, value)) for name, value, label in chosen],
        "sort": filterset.sort_in_effect,
        "sort_links": _sort_links(params) if terms else [],
        "hidden_params": [(name, value) for name, value in _pairs(params) if name not in ("q", "page")],
        "page_links": _page_links(page, params),
        "previous_link": _page_query(params, page.previous_page_number()) if page.has_previous() else "",
        "next_link": _page_query(params, page.next_page_number()) if page.has_next() else "",
        "errors": {_field_label(filterset, name): " ".join(messages) for name, messages in errors.items()},
        # The downloads list what the page lists: the filters it ignored are left out (an export refuses them).
        "download_query": filterset.applied_params().urlencode(),
    }
    return render(request, "practices/practice_search.html", context)


def _field_label(filterset: PracticeFilter, name: str) -> StrOrPromise:
    """What the reader calls a filter ("Region"), not its name in the address ("region")."""
    field = filterset.form.fields.get(name)
    return field.label if field is not None and field.label else name


def _search_key(params: QueryDict) -> tuple:
    """What the facet counts depend on: the words and the facets in effect, as the filters read them
    (a facet that takes one value reads the last one given, as QueryDict.get does), in any order."""
    return tuple(
        sorted(
            (name, tuple(sorted(params.getlist(name))) if name in MULTIPLE else params.get(name))
            for name in params
            if name not in ("page", "sort")
        )
    )


def _pairs(params: QueryDict) -> list[tuple[str, str]]:
    return [(name, value) for name, values in params.lists() for value in values]


def _with(pairs: list[tuple[str, str]], name: str, value: str) -> str:
    """The query string with ``name=value`` added (a facet that takes one value has it replaced).

    Works on a list of pairs rather than QueryDict.copy(), which deep-copies: a page has
    hundreds of facet links."""
    if name in MULTIPLE:
        if (name, value) in pairs:
            return urlencode(pairs)
        position = max((i + 1 for i, (key, _) in enumerate(pairs) if key == name), default=len(pairs))
        return urlencode([*pairs[:position], (name, value), *pairs[position:]])
    position = next((i for i, (key, _) in enumerate(pairs) if key == name), len(pairs))
    kept = [pair for pair in pairs if pair[0] != name]
    return urlencode([*kept[:position], (name, value), *kept[position:]])


def _without(params: QueryDict, name: str, value: str) -> str:
    changed = params.copy()
    changed.setlist(name, [item for item in changed.getlist(name) if item.upper() != value.upper()])
    return changed.urlencode()


def _selected_values(filterset: PracticeFilter) -> list[tuple[str, str, str]]:
    """(facet, value as in the URL, label) for every facet value in effect."""
    filterset.is_valid()  # fields with errors are left out of cleaned_data, and so ignored
    cleaned = filterset.form.cleaned_data
    kinds = dict(Practice.SubmitterKind.choices)
    found: list[tuple[str, str, str]] = []
    for country in cleaned.get("country") or []:
        found.append(("country", country.iso3, country.localized_name))
    if cleaned.get("region"):
        found.append(("region", cleaned["region"], region_name(cleaned["region"])))
    for theme in cleaned.get("theme") or []:
        found.append(("theme", theme.slug, theme_name(theme)))
    if cleaned.get("gcm"):
        found.append(("gcm", str(cleaned["gcm"].number), objective_name(cleaned["gcm"])))
    if cleaned.get("sdg"):
        found.append(("sdg", cleaned["sdg"].code, cleaned["sdg"].code))
    if cleaned.get("edition"):
        found.append(("edition", cleaned["edition"].label, cleaned["edition"].label))
    if cleaned.get("kind"):
        found.append(("kind", cleaned["kind"], kinds.get(cleaned["kind"], cleaned["kind"])))
    if cleaned.get("year"):
        found.append(("year", str(cleaned["year"]), str(cleaned["year"])))
    return found


def _facet(name: str, values: list[FacetValue], pairs: list[tuple[str, str]], selected: set[tuple[str, str]]) -> Facet:
    links = [
        FacetLink(value.label, value.count, _with(pairs, name, value.value))
        for value in values
        if (name, value.value) not in selected
    ]
    return Facet(name, FACET_TITLES[name], links[:FACETS_SHOWN], links[FACETS_SHOWN:])


def _sort_links(params: QueryDict) -> list[tuple[str, str, str]]:
    """(value, label, query string) for each order."""
    links = []
    for value, label in (("relevance", gettext("Relevance")), ("date", gettext("Date shared"))):
        changed = params.copy()
        changed["sort"] = value
        links.append((value, label, changed.urlencode()))
    return links


def _page_query(params: QueryDict, number: int) -> str:
    changed = params.copy()
    changed["page"] = str(number)
    return changed.urlencode()


def _page_links(page: Page, params: QueryDict) -> list[tuple[str, str, bool]]:
    """(label, query string, is current) for a window of page numbers; no query string: a gap."""
    if page.paginator.num_pages <= 1:
        return []
    links: list[tuple[str, str, bool]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if isinstance(number, int):
            links.append((str(number), _page_query(params, number), number == page.number))
        else:  # the paginator's ELLIPSIS
            links.append(("…", "", False))
    return links
