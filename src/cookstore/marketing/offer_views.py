"""Mina sidor → Personal offers: the customer's yes or no, what the profile holds, and their offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cookstore.privacy import cookies
from cookstore.privacy.selectors import may_market_to

from . import interests, offers, selectors, services
from .forms import OffersConsentForm


@login_required
@require_http_methods(["GET", "POST"])
def offers_page(request):
    user = request.user
    allowed = may_market_to(email=user.email, purpose=interests.PURPOSE)
    if request.method == "POST":
        form = OffersConsentForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["offers"]
            if wanted != allowed:
                services.choose_offers(
                    user=user, wanted=wanted, wording=form.fields["offers"].label, language=get_language()
                )
            messages.success(request, _("Your choice was saved."))
            return redirect("offers:mine")
    else:
        form = OffersConsentForm(initial={"offers": allowed})
    language = get_language()
    return render(request, "marketing/offers.html", {
        "form": form,
        "allowed": allowed,
        "limited": selectors.limited(user),
        "marketing_cookies": cookies.allowed(request, "marketing"),
        "offers": [
            {"offer": offer, "title": offer.title(language), "describe": offers.describe(offer, language)}
            for offer in offers.personal_offers_for(user)
        ],
        "profile": selectors.profile_summary(user) if allowed else None,
        "section": "offers",
    })


@login_required
@require_POST
def forget(request):
    services.forget_interests(user=request.user)
    messages.success(request, _("What you looked at is forgotten. Your choice stays as it was."))
    return redirect("offers:mine")
