"""The cookie choice: the settings page and the one form every choice is posted to."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cookstore.core.pagecache import render_page

from . import cookies

ACCEPT_ALL = "accept_all"
REJECT_ALL = "reject_all"
SAVE = "save"


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "POST"])
def cookie_settings(request):
    """GET: the categories with the current choice. POST: "Godkänn alla", "Avvisa alla" or the ticked ones.

    Anything else posted (an unknown action, a category that does not exist) is ignored: the
    choice is only ever what was ticked, and an unknown action changes nothing.
    """
    if request.method == "POST":
        action = request.POST.get("action")
        if action in (ACCEPT_ALL, REJECT_ALL, SAVE):
            if action == ACCEPT_ALL:
                chosen = set(cookies.OPTIONAL)
            elif action == REJECT_ALL:
                chosen = set()
            else:
                chosen = set(request.POST.getlist("categories")) & set(cookies.OPTIONAL)
            response = HttpResponseRedirect(_safe_next(request, reverse("cookie-settings") + "?saved=1"), status=303)
            cookies.record_choice(request=request, response=response, allowed_categories=chosen, source=f"cookies:{action}")
            response["Cache-Control"] = "no-store"
            return response
    choice = cookies.current_choice(request)
    context = {
        "categories": cookies.describe_categories(choice),
        "choice": choice,
        "saved": request.GET.get("saved") == "1" and choice is not None,
        "next_path": _safe_next(request, ""),
        # The page is the banner's long form: no banner on top of it.
        "cookie_banner_placeholder": "",
    }
    response = render_page(request, "privacy/cookie_settings.html", context)
    response["Cache-Control"] = "no-store"
    return response
