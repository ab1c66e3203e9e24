from django.urls import path

from . import matrix_views

app_name = "participation"
urlpatterns = [
    path("", matrix_views.participation_matrix, name="matrix"),
]
