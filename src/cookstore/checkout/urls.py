from django.urls import path

from . import views

app_name = "checkout"

urlpatterns = [
    path("", views.checkout, name="checkout"),
    path("betala/<str:number>/", views.pay, name="pay"),
    path("avbryt/<str:number>/", views.cancel, name="cancel"),
    path("tack/<str:number>/", views.confirmation, name="confirmation"),
]
