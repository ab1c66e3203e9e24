"""The participation matrix and the corrections of the record. The editions' pages count practices
too: they are in the pages app (``pages:editions``, ``pages:edition``)."""

from django.urls import path

from . import correction_views, matrix_views

app_name = "forum"
urlpatterns = [
    path("participation/", matrix_views.participation_matrix, name="participation"),
    path("corrections/", correction_views.queue, name="corrections"),
    path("corrections/<int:pk>/", correction_views.decide, name="correction"),
    path("countries/<str:iso3>/propose/", correction_views.propose, name="propose_correction"),
]
