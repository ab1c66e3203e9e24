from django.urls import path

from . import views

app_name = "forum"
urlpatterns = [
    path("", views.edition_list, name="editions"),
    path("<str:label>/", views.edition_detail, name="edition"),
]
