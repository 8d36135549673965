"""Payment pages of the shop: Stripe's card page, the return from a provider, and the webhooks."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from cookstore.core.pagecache import render_page

from . import providers, selectors, services
from .providers import base
from .providers.stripe import CSP_ADDITIONS, JS_URL

log = logging.getLogger(__name__)
Status = services.Status


def _payment(token):
    payment = selectors.payment_by_token(token)
    if payment is None:
        raise Http404
    return payment


def failure_message(payment):
    """Why a payment ended without money, in the shopper's words, and what they can do now."""
    if payment.reason == "timeout":
        return _(
            "The Swish payment was not approved in time, so nothing was paid. Your products are still "
            "reserved for a while: try again, or choose another way to pay."
        )
    if payment.reason == "cancelled":
        return _("The payment was cancelled and nothing was paid. You can try again when you are ready.")
    if payment.method == "swish":
        return _("The payment was declined in Swish and nothing was paid. You can try again, or choose another way to pay.")
    if payment.method == "klarna":
        return _("Klarna could not offer to pay later this time and nothing was paid. You can choose another way to pay.")
    return _("The payment did not go through. You can try again, with the same card or another.")


def _next_url(request, payment):
    """Where the shopper goes once back from the provider: the confirmation, or a page to try again."""
    order = payment.order
    with translation.override(order.language):
        if payment.status in services.PAID or order.status != order.Status.AWAITING_PAYMENT:
            return reverse("checkout:confirmation", args=[order.number])
        if payment.status == Status.FAILED:
            messages.error(request, failure_message(payment))
            return reverse("checkout:pay", args=[order.number])
        if payment.status == Status.CREATED:
            messages.info(request, _("The payment was not completed. You can try again when you are ready."))
            return reverse("checkout:pay", args=[order.number])
        return reverse("checkout:confirmation", args=[order.number])  # pending: the page says we are waiting


@never_cache
@require_safe
def payment_return(request, token):
    """The shopper's way back from the provider's page; the outcome counts only if the provider proves it."""
    payment = _payment(token)
    try:
        payment = services.apply_return(payment_id=payment.pk, params=request.GET)
    except base.InvalidMessage as problem:
        log.warning("payment %s: return rejected: %s", payment, problem)
        return HttpResponseBadRequest(_("This link to the shop is not valid."))
    return HttpResponseRedirect(_next_url(request, payment))


def stripe_csp():
    """The shop's policy plus what Stripe.js and its card element need."""
    policy = {key: list(value) for key, value in settings.SECURE_CSP.items()}
    for directive, sources in CSP_ADDITIONS.items():
        policy[directive] = list(policy.get(directive) or policy.get("default-src") or []) + sources
    return policy


@never_cache
@require_safe
def stripe_page(request, token):
    """The shop's own card page for Stripe: Stripe.js mounts its card element, the shop never sees the card."""
    payment = _payment(token)
    if payment.provider != "stripe":
        raise Http404
    if payment.status not in {Status.CREATED, Status.REQUIRES_ACTION, Status.FAILED}:
        return HttpResponseRedirect(_next_url(request, payment))
    provider = providers.get("stripe")
    try:
        client_secret = provider.client_secret(payment)
    except base.ProviderError as problem:
        log.error("payment %s: Stripe page unavailable: %s", payment, problem)
        messages.error(request, _("We could not reach the payment service. Please try again in a moment."))
        return HttpResponseRedirect(reverse("checkout:pay", args=[payment.order.number]))
    context = {
        "payment": payment, "order": payment.order, "client_secret": client_secret,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY, "stripe_js": JS_URL,
        "return_url": request.build_absolute_uri(reverse("payments:return", args=[payment.token])),
    }
    return csp_override(stripe_csp())(render_page)(request, "payments/stripe.html", context)


@csrf_exempt
@require_POST
def webhook(request, provider):
    """A provider's webhook: signed, idempotent; 400 for anything unproven, never a 500 for bad input."""
    status, result = services.receive_webhook(provider_key=provider, body=request.body, headers=request.headers)
    return HttpResponse(result, status=status, content_type="text/plain; charset=utf-8")
