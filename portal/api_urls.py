"""The REST API, version 1 (/api/v1/): each app's endpoints, the OpenAPI document and its docs."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from portal.api.errors import not_found
from portal.api.views import DocsView, RootView, SchemaView
from portal.countries.api.views import CountryViewSet, ExternalResourceViewSet
from portal.forum.api.views import EditionViewSet, MeetingViewSet, ParticipationViewSet, RoundtableViewSet
from portal.practices.api.views import GCMObjectiveViewSet, PracticeViewSet, SDGTargetViewSet, ThemeViewSet

app_name = "api"

router = SimpleRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("editions", EditionViewSet, basename="edition")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("roundtables", RoundtableViewSet, basename="roundtable")
router.register("participation", ParticipationViewSet, basename="participation")
router.register("practices", PracticeViewSet, basename="practice")
router.register("themes", ThemeViewSet, basename="theme")
router.register("gcm-objectives", GCMObjectiveViewSet, basename="gcm-objective")
router.register("sdg-targets", SDGTargetViewSet, basename="sdg-target")
router.register("external-resources", ExternalResourceViewSet, basename="external-resource")

urlpatterns = [
    path("", RootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    *router.urls,
    # Anything else under /api/v1/ answers 404 in the API's error format, not with an HTML page.
    re_path(r"^.*$", not_found),
]
