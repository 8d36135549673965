from django.urls import path

from cookstore.core import converters  # noqa: F401  (registers "order_number")

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ordrar/", views.orders, name="orders"),
    path("ordrar/<order_number:number>/", views.order_detail, name="order"),
    path("adresser/", views.addresses, name="addresses"),
    path("adresser/ny/", views.address_edit, name="address_new"),
    path("adresser/<int:pk>/", views.address_edit, name="address_edit"),
    path("adresser/<int:pk>/ta-bort/", views.address_delete, name="address_delete"),
    path("adresser/<int:pk>/standard/", views.address_default, name="address_default"),
    path("profil/", views.profile, name="profile"),
    path("utskick/", views.communication, name="communication"),
    path("integritet/", views.privacy, name="privacy"),
    path("logga-ut-overallt/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
