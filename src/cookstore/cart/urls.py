from django.urls import path

from . import views

app_name = "cart"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("lagg-till/", views.add, name="add"),
    path("andra/", views.update, name="update"),
    path("ta-bort/", views.remove, name="remove"),
    path("rabattkod/", views.discount_code, name="discount_code"),
]
