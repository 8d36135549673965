"""TestPSP's hosted pages: the card form, the challenge (like 3-D Secure), the Swish app hand-off,
Klarna's pay-later page, and the way back to the shop.

These pages belong to the provider, not the shop: their own look, their own templates. The card
fields are sensitive POST parameters (never in an error report) and never rendered back.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import CardForm
from .models import TestPspPayment

Status = TestPspPayment.Status
CARD_FIELDS = ("card_number", "expiry", "cvc")


def _payment(payment_id):
    payment = TestPspPayment.objects.filter(pk=str(payment_id)[:40]).first()
    if payment is None:
        raise Http404
    return payment


def _back_to_merchant(payment):
    return HttpResponseRedirect(services.return_url_for(payment))


def _render(request, payment, template, context=None, status=200):
    with translation.override(payment.language):
        return render(request, template, {"payment": payment, **(context or {})}, status=status)


@never_cache
@sensitive_post_parameters(*CARD_FIELDS)
@require_http_methods(["GET", "POST"])
def pay(request, payment_id):
    payment = _payment(payment_id)
    if payment.method != "card":
        return HttpResponseRedirect(services.page_path(payment))
    if payment.status == Status.REQUIRES_ACTION:
        return HttpResponseRedirect(services.challenge_page_path(payment))
    if payment.status != Status.OPEN:
        return _render(request, payment, "testpsp/done.html", {"return_url": services.return_url_for(payment)})
    errors = {}
    if request.method == "POST":
        form = CardForm(request.POST)
        if form.is_valid():
            payment = services.submit_card(payment_id=payment.pk, card_number=form.cleaned_data["card_number"])
            if payment.status == Status.REQUIRES_ACTION:
                return HttpResponseRedirect(services.challenge_page_path(payment))
            return _back_to_merchant(payment)
        errors = {name: list(messages) for name, messages in form.errors.items()}
    return _render(
        request, payment, "testpsp/card.html", {"errors": errors, "fields": CardForm().fields},
        status=400 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def challenge(request, payment_id):
    payment = _payment(payment_id)
    if payment.status != Status.REQUIRES_ACTION:
        return HttpResponseRedirect(services.card_page_path(payment))
    if request.method == "POST":
        payment = services.answer_challenge(payment_id=payment.pk, approve=request.POST.get("answer") == "approve")
        return _back_to_merchant(payment)
    return _render(request, payment, "testpsp/challenge.html")


@require_POST
def cancel(request, payment_id):
    payment = services.cancel(payment_id=_payment(payment_id).pk)
    return _back_to_merchant(payment)


def _timing():
    return {"minutes": max(1, round(settings.TESTPSP_SWISH_TIMEOUT_SECONDS / 60))}


def _app_page(request, payment, method, template):
    """The page of a method answered in an app or at the lender: GET shows it, POST is the payer's answer."""
    if payment.method != method:
        return HttpResponseRedirect(services.page_path(payment))
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in services.APP_ANSWERS:  # an answer it does not know: the page again, nothing changed
            return _render(request, payment, template, _timing(), status=400)
        return _back_to_merchant(services.answer_in_app(payment_id=payment.pk, answer=answer))
    if payment.is_final or payment.late:
        return _back_to_merchant(payment)
    if method == "swish":
        payment = services.open_in_app(payment_id=payment.pk)
    return _render(request, payment, template, _timing())


@never_cache
@require_http_methods(["GET", "POST"])
def swish(request, payment_id):
    """"Open the Swish app": the request waits in the payer's app until answered or timed out. The page
    reloads itself, and sends the payer back to the shop once the request has ended either way."""
    return _app_page(request, _payment(payment_id), "swish", "testpsp/swish.html")


@never_cache
@require_http_methods(["GET", "POST"])
def klarna(request, payment_id):
    """Klarna's pay-later page: the credit check ran on the buyer details the shop sent."""
    return _app_page(request, _payment(payment_id), "klarna", "testpsp/klarna.html")
