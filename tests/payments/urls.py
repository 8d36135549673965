"""The project's URLs plus the payment URLs, for as long as the project does not include them itself."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import get_resolver, include, path

from cookstore import urls as project

handler404 = project.handler404
handler500 = project.handler500

_mounted = get_resolver("cookstore.urls").namespace_dict
urlpatterns = list(project.urlpatterns)
if "testpsp" not in _mounted:
    urlpatterns.append(path("testpsp/", include("cookstore.payments.testpsp.urls")))
if "payments" not in _mounted:
    urlpatterns += i18n_patterns(path("betalning/", include("cookstore.payments.urls")), prefix_default_language=False)
