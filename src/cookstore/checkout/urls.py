from django.urls import path

from cookstore.core import converters  # noqa: F401  (registers "order_number")

from . import views

app_name = "checkout"

urlpatterns = [
    path("", views.checkout, name="checkout"),
    path("betala/<order_number:number>/", views.pay, name="pay"),
    path("avbryt/<order_number:number>/", views.cancel, name="cancel"),
    path("tack/<order_number:number>/", views.confirmation, name="confirmation"),
]
