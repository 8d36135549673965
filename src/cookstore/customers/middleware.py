"""The admin only for staff who signed in with a second factor in this very session."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def signed_in_with_second_factor(request):
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class StaffSecondFactorMiddleware:
    """Guards every admin URL: anonymous visitors go to the shop's login, customers get a 404,
    staff without TOTP are sent to set it up, staff who signed in without it to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return self.refusal(request)
        return None

    def refusal(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not (user.is_active and user.is_staff):
            raise Http404("No such page")
        if not is_mfa_enabled(user, types=["totp"]):
            messages.warning(request, _("Staff sign in with a second factor. Set up an authenticator app to continue."))
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        if not signed_in_with_second_factor(request):
            return redirect(f"{reverse('mfa_reauthenticate')}?next={request.path}")
        return None
