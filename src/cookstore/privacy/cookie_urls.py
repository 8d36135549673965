from django.urls import path

from . import cookie_views

urlpatterns = [
    path("installningar/", cookie_views.cookie_settings, name="cookie-settings"),
]
