"""TestPSP's own URLs, mounted by the project under ``/testpsp/``."""

from django.urls import path

from . import views

app_name = "testpsp"

urlpatterns = [
    path("pay/<str:payment_id>/", views.pay, name="pay"),
    path("pay/<str:payment_id>/challenge/", views.challenge, name="challenge"),
    path("pay/<str:payment_id>/cancel/", views.cancel, name="cancel"),
]
