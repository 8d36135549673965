from django.urls import path, register_converter

from . import policy_versions, rights_views, views


class PolicyVersionConverter:
    regex = policy_versions.VERSION_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PolicyVersionConverter, "policy_version")

app_name = "privacy"

urlpatterns = [
    path("", views.policy_page, name="policy"),
    path("versioner/", views.policy_versions_page, name="policy_versions"),
    path("versioner/<policy_version:version>/", views.policy_version, name="policy_version"),
    path("mina-uppgifter/", rights_views.my_data, name="my_data"),
    path("mina-uppgifter/lank/<slug:token>/", rights_views.open_link, name="open_link"),
    path("mina-uppgifter/export.json", rights_views.export_json, name="export_json"),
    path("mina-uppgifter/invandning/", rights_views.object_to_marketing, name="object"),
    path("mina-uppgifter/begransning/", rights_views.restrict, name="restrict"),
    path("mina-uppgifter/rattelse/", rights_views.rectify, name="rectify"),
    path("mina-uppgifter/radera/", rights_views.erase, name="erase"),
    path("mina-uppgifter/avsluta/", rights_views.end_access, name="end_access"),
]
