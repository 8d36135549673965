from django.urls import path, register_converter

from cookstore.core import converters  # noqa: F401  (registers "order_number")

from . import views


class CaseNumberConverter(converters._Pattern):
    regex = "KS[0-9]{7}"


class SignedLinkConverter(converters._Pattern):
    """A ``django.core.signing`` token: URL-safe base64 parts joined by colons."""

    regex = "[A-Za-z0-9_:-]{10,200}"


register_converter(CaseNumberConverter, "case_number")
register_converter(SignedLinkConverter, "signed")

app_name = "service"

urlpatterns = [
    path("", views.contact, name="contact"),
    path("order/<order_number:number>/", views.contact, name="contact_order"),
    path("order/<order_number:number>/retur/", views.return_order, name="return"),
    path("order/<order_number:number>/reklamation/", views.complain, name="complaint"),
    path("arenden/", views.cases, name="cases"),
    path("arenden/<case_number:number>/", views.case, name="case"),
    path("arenden/<case_number:number>/bilaga/<int:attachment_id>/", views.case_attachment, name="case_attachment"),
    path("a/<signed:token>/", views.case_link, name="case_link"),
    path("a/<signed:token>/bilaga/<int:attachment_id>/", views.case_link_attachment, name="case_link_attachment"),
]
