from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("<int:pk>/", views.practice_detail, name="detail"),
]
