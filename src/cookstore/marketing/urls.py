from django.urls import path

from . import views

app_name = "marketing"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("skickat/", views.signup_sent, name="signup-sent"),
    path("bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("avregistrera/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
