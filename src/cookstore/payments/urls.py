"""The shop's payment URLs (mounted under ``/betalning/``, inside the language prefix)."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("tillbaka/<str:token>/", views.payment_return, name="return"),
    path("kort/<str:token>/", views.stripe_page, name="stripe"),
    path("webhook/<str:provider>/", views.webhook, name="webhook"),
]
