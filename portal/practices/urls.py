"""The practices: search, submission, moderation, one practice, and the theme and GCM objective pages."""

from django.urls import path

from . import duplicate_views, moderation_views, search_views, submit_views, topic_views, views

app_name = "practices"
urlpatterns = [
    path("practices/", search_views.practice_search, name="search"),
    path("practices/submit/", submit_views.submit, name="submit"),
    path("practices/mine/", views.my_practices, name="mine"),
    path("practices/queue/", moderation_views.queue, name="queue"),
    path("practices/<int:pk>/", views.practice_detail, name="detail"),
    path("practices/<int:pk>/edit/", submit_views.edit, name="edit"),
    path("practices/<int:pk>/send/", submit_views.send_for_review, name="send"),
    path("practices/<int:pk>/moderate/", moderation_views.moderate, name="moderate"),
    path("practices/<int:pk>/merge/", duplicate_views.merge, name="merge"),
    path("themes/", topic_views.theme_list, name="themes"),
    path("themes/<slug:slug>/", topic_views.theme_detail, name="theme"),
    path("themes/<slug:slug>/subscribe/", topic_views.theme_follow, name="theme_follow"),
    path("gcm-objectives/", topic_views.objective_list, name="objectives"),
    path("gcm-objectives/<int:number>/", topic_views.objective_detail, name="objective"),
    path("gcm-objectives/<int:number>/subscribe/", topic_views.objective_follow, name="objective_follow"),
]
