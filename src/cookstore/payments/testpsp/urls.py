"""TestPSP's own URLs, mounted by the project under ``/testpsp/``."""

from django.urls import path

from cookstore.core import converters  # noqa: F401  (registers "token")

from . import views

app_name = "testpsp"

urlpatterns = [
    path("pay/<token:payment_id>/", views.pay, name="pay"),
    path("pay/<token:payment_id>/challenge/", views.challenge, name="challenge"),
    path("pay/<token:payment_id>/cancel/", views.cancel, name="cancel"),
    path("swish/<token:payment_id>/", views.swish, name="swish"),
    path("klarna/<token:payment_id>/", views.klarna, name="klarna"),
]
