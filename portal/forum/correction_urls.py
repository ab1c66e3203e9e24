from django.urls import path

from . import correction_views

app_name = "corrections"
urlpatterns = [
    path("", correction_views.queue, name="queue"),
    path("<int:pk>/", correction_views.decide, name="decide"),
]
