"""The base of every API endpoint, the API's front page and its documentation pages."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import filters, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .conditional import ConditionalGetMixin, ConditionalUpdateMixin
from .errors import api_exception_handler
from .pagination import PortalPagination
from .parsers import JSONParser
from .permissions import ReadAnyoneWriteEditorsWithToken, SecondFactorForStaff
from .schema import PortalAutoSchema
from .throttling import AnonymousThrottle

# What an API view's get_exception_handler gives: REST framework calls it with the error and the view's context.
ExceptionHandler = Callable[[Exception, dict[str, Any]], Response | None]

if TYPE_CHECKING:
    # What the mixins below are mixed into, for the type checker; at run time they are plain classes.
    _APIView = APIView
else:
    _APIView = object


class PortalAPIMixin(_APIView):
    """Policies every endpoint shares, named here so that they do not depend on settings."""

    # The token first: a request without credentials then gets 401 with "WWW-Authenticate: Token".
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [SecondFactorForStaff, ReadAnyoneWriteEditorsWithToken]
    throttle_classes = [AnonymousThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    schema = PortalAutoSchema()

    def get_exception_handler(self) -> ExceptionHandler:
        return api_exception_handler


class PortalViewSet(ConditionalGetMixin, ConditionalUpdateMixin, PortalAPIMixin, viewsets.ModelViewSet):
    """Read for everyone, write for editors with a token; filters, ordering, pages, conditional GET,
    If-Match on PUT and PATCH."""

    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    pagination_class = PortalPagination
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]


API_DESCRIPTION = """
Open data of the Global Forum on Migration and Development: countries, the Forum's editions,
meetings and roundtables, each country's participation, and the Policy & Practice Database.

**Reading** needs no account. Anonymous requests are rate-limited (HTTP 429 with `Retry-After`
when over the limit). Only published practices are shown (a signed-in contributor also sees their
own); contact details and delegates' names never are.

**Writing** (POST, PUT, PATCH, DELETE) is for the portal's editors, with an API token sent as
`Authorization: Token <key>` (an administrator issues tokens in the admin). Every write is checked
as the portal's own forms check it. Editors and administrators who have not turned on two-factor
authentication on the portal are refused (403, code `second_factor_required`), whatever they ask.

**JSON bodies** nested deeper than 32 levels are refused (400, code `parse_error`).

**Lists** take the filters of the matching pages of the portal (see each operation's parameters;
a filter sent empty, as in `?edition=`, is no filter), `ordering` (a field name, `-` for
descending, several separated by commas), `page` and `page_size` (1 to 500, 50 by default).
Every list and every record answers with `ETag` and, where records keep a date, `Last-Modified`;
send them back as `If-None-Match` or `If-Modified-Since` and an unchanged answer comes back as
`304 Not Modified`, without a body.

**Editing without overwriting** someone else's change: GET the record (with your token), then send
its `ETag` as `If-Match` with your PUT or PATCH. If the record changed in the meantime, the answer
is `412 Precondition Failed` (error code `precondition_failed`) and nothing is saved: GET it again
and redo the change on the new version. `If-Match: *` only requires that the record exists.
Without `If-Match` a write is made as it comes, over whatever the record holds by then.

**Errors** all have one shape, whatever the endpoint:

```json
{"error": {"status": 400, "code": "invalid", "message": "Some values are not valid: title.",
           "fields": {"title": ["This field may not be blank."]}}}
```

`status` repeats the HTTP status; `code` is a stable word for programs (`invalid`,
`parse_error`, `not_authenticated`, `authentication_failed`, `permission_denied`,
`second_factor_required`, `not_found`, `method_not_allowed`, `too_large`,
`not_acceptable`, `unsupported_media_type`, `throttled`, `protected`, `precondition_failed`, `server_error`);
`message` is for people;
`fields` appears for validation errors only and maps each field to its messages.

**Whole lists** as files: `/exports/practices.csv`, `/exports/practices.json`,
`/exports/participation.csv` and `/exports/countries.geojson` take the same filters. Their licence
and last change are in the DCAT catalogue [`/exports/catalog.jsonld`](/exports/catalog.jsonld), which
data portals harvest; the open-data page [`/data/`](/data/) says the same for people.
"""

SCHEMA_SETTINGS = {
    "DESCRIPTION": API_DESCRIPTION.strip(),
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "portal.api.schema.add_links"],
}


class JSONErrorsMixin(_APIView):
    """For the views whose answers are not JSON (the schema in YAML, the docs page in HTML): their
    errors (405, 406, …) still come in the API's JSON error format, not in the page's own format."""

    def get_exception_handler(self) -> ExceptionHandler:
        return api_exception_handler

    def handle_exception(self, exc: Exception) -> Response:
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 document (YAML by default; JSON with ?format=json or Accept: application/json)."""

    custom_settings = SCHEMA_SETTINGS


class DocsView(JSONErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI from the drf-spectacular-sidecar package: no CDN, and no inline script or style,
    so that it works under the site's Content-Security-Policy (script-src 'self'). The page loads
    its start-up script from this same view (``?script``). The page is templates/api/docs.html."""

    url_name = "api:schema"
    title = "GFMD Portal API"
    # A page, not a resource: REST framework's OPTIONS answer would need an HTML template it has not.
    http_method_names = ["get", "head"]

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("script") is not None:
            script: Response = super().get(request, *args, **kwargs)  # drf-spectacular's start-up script
            return script
        context = dict(
            title=self.title,
            favicon=self._swagger_ui_favicon(),
            css=self._swagger_ui_resource("swagger-ui.css"),
            bundle=self._swagger_ui_resource("swagger-ui-bundle.js"),
            preset=self._swagger_ui_resource("swagger-ui-standalone-preset.js"),
            init=reverse("api:docs") + "?script=",
            portal=reverse("pages:home"),
            open_data=reverse("pages:open_data"),
        )
        return HttpResponse(render_to_string("api/docs.html", context), content_type="text/html; charset=utf-8")


class RootView(PortalAPIMixin, APIView):
    """The API's front page: where each collection is, the schema and the documentation."""

    @extend_schema(exclude=True)
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        from portal.api_urls import router

        links = {
            prefix: request.build_absolute_uri(reverse(f"api:{basename}-list"))
            for prefix, _viewset, basename in router.registry
        }
        return Response(
            {
                "collections": links,
                "schema": request.build_absolute_uri(reverse("api:schema")),
                "docs": request.build_absolute_uri(reverse("api:docs")),
            }
        )
