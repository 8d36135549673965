from django.urls import path, register_converter

from . import policy_versions, views


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
]
