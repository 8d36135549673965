from django.urls import path

from . import offer_views

app_name = "offers"

urlpatterns = [
    path("", offer_views.offers_page, name="mine"),
    path("glom/", offer_views.forget, name="forget"),
]
