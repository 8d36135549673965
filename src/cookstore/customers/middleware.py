"""The admin only for staff who entered a second-factor code recently, and enrolment of that second
factor for staff only while an administrator has allowed it."""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# allauth's pages that add a first authenticator. WebAuthn is not enabled, but the guard should
# not depend on that staying so.
ENROLMENT_PAGES = frozenset({"mfa_activate_totp", "mfa_add_webauthn"})


def signed_in_with_second_factor(request):
    """Whether this session's latest second-factor code is younger than STAFF_SECOND_FACTOR_HOURS:
    a "remember me" session lasts weeks, the code it began with must not open the admin as long."""
    times = [
        record.get("at", 0)
        for record in get_authentication_records(request, request.user)
        if record.get("method") == "mfa"
    ]
    return bool(times) and max(times) > time.time() - settings.STAFF_SECOND_FACTOR_HOURS * 3600


def may_enrol(user):
    """Staff without an authenticator enrol one only while an administrator allows it; otherwise
    knowing a colleague's password would be enough to set up a second factor of one's own."""
    return user.may_set_up_second_factor() or is_mfa_enabled(user, types=["totp"])


def refused_enrolment(request):
    messages.error(
        request,
        _("Staff set up two-step sign-in only with an administrator's permission. "
          "Ask an administrator to let you set up two-step sign-in."),
    )
    return redirect("customers:overview")


class StaffSecondFactorMiddleware:
    """Guards every admin URL: anonymous visitors go to the shop's login, customers get a 404,
    staff without TOTP are sent to set it up (if an administrator allowed it, else to Mina sidor
    with a message), staff without a recent code to enter one. Guards allauth's enrolment pages
    the same way for staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if "admin" in match.namespaces:
            return self.refusal(request)
        if match.url_name in ENROLMENT_PAGES and request.user.is_authenticated and not may_enrol(request.user):
            return refused_enrolment(request)
        return None

    def refusal(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not (user.is_active and user.is_staff):
            raise Http404("No such page")
        if not is_mfa_enabled(user, types=["totp"]):
            if not user.may_set_up_second_factor():
                return refused_enrolment(request)
            messages.warning(request, _("Staff sign in with a second factor. Set up an authenticator app to continue."))
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        if not signed_in_with_second_factor(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?next={request.path}")
        return None
