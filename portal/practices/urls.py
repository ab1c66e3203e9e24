from django.urls import path

from . import duplicate_views, moderation_views, search_views, submit_views, views

app_name = "practices"
urlpatterns = [
    path("", search_views.practice_search, name="search"),
    path("submit/", submit_views.submit, name="submit"),
    path("mine/", views.my_practices, name="mine"),
    path("queue/", moderation_views.queue, name="queue"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/edit/", submit_views.edit, name="edit"),
    path("<int:pk>/send/", submit_views.send_for_review, name="send"),
    path("<int:pk>/moderate/", moderation_views.moderate, name="moderate"),
    path("<int:pk>/merge/", duplicate_views.merge, name="merge"),
]
