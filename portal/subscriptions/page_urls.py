"""Pages mounted at the site root: theme and GCM objective pages, and the subscription pages."""

from django.urls import path

from . import topic_views, views

app_name = "subscriptions"
urlpatterns = [
    path("themes/", topic_views.theme_list, name="themes"),
    path("themes/<slug:slug>/", topic_views.theme_detail, name="theme"),
    path("gcm-objectives/", topic_views.objective_list, name="objectives"),
    path("gcm-objectives/<int:number>/", topic_views.objective_detail, name="objective"),
    path("subscriptions/", views.manage, name="manage"),
    path("subscriptions/new/", views.subscribe, name="subscribe"),
    path("subscriptions/link/", views.request_link, name="request_link"),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "subscriptions/unsubscribe/<str:token>/one-click/",
        views.one_click_unsubscribe,
        name="one_click_unsubscribe",
    ),
    path("subscriptions/manage/<str:token>/", views.manage_by_link, name="manage_by_link"),
]
