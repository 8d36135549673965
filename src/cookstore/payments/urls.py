"""The shop's payment URLs (mounted under ``/betalning/``, inside the language prefix)."""

from django.urls import path

from cookstore.core import converters  # noqa: F401  (registers "token")

from . import views

app_name = "payments"

urlpatterns = [
    path("tillbaka/<token:token>/", views.payment_return, name="return"),
    path("kort/<token:token>/", views.stripe_page, name="stripe"),
    path("webhook/<str:provider>/", views.webhook, name="webhook"),
]
