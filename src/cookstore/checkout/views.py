"""Checkout pages: the form, paying (again), and the confirmation.

An order placed in this browser is remembered in the session; its pages answer 404 to anyone else.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cookstore.analytics import services as statistics
from cookstore.cart import cart
from cookstore.customers import selectors as customer_selectors
from cookstore.core.pagecache import render_page
from cookstore.marketing import offers
from cookstore.payments import methods as payment_methods
from cookstore.payments import selectors as payment_selectors
from cookstore.payments import services as payments
from cookstore.shipping import methods as shipping_methods

from . import selectors, services
from .forms import CheckoutForm, PaymentMethodForm

SESSION_ORDERS = "orders"


def _remember(request, order):
    numbers = [number for number in request.session.get(SESSION_ORDERS, []) if number != order.number]
    request.session[SESSION_ORDERS] = (numbers + [order.number])[-20:]


def _own_order(request, number):
    """The order with this number if it was placed in this session (or by this customer), else 404."""
    remembered = request.session.get(SESSION_ORDERS, [])
    user = request.user if request.user.is_authenticated else None
    order = selectors.order_for_customer(number=number, session_numbers=remembered, user=user)
    if order is None:
        raise Http404
    return order


def _start_payment(order, request, method=None):
    return redirect(payments.start_payment(order=order, request=request, method=method))


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def checkout(request):
    current = cart.view(request.session)
    if not current.lines:
        # A cart emptied just now because someone else bought the last ones says so, not "empty".
        for product, _wanted, _allowed in current.adjusted:
            messages.warning(
                request, _("%(name)s is sold out and was removed from your cart.") % {"name": product.display_name}
            )
        if not current.adjusted:
            messages.info(request, _("Your cart is empty. Add something before you go to the checkout."))
        return redirect("cart:detail")
    initial = customer_selectors.checkout_initial(request.user) if request.user.is_authenticated else None
    applied, discount_problem = offers.for_cart(request.session, current, request.user)
    form = CheckoutForm(request.POST or None, subtotal=applied.subtotal if applied else current.total, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.place_order(
                quantities=cart.quantities(request.session), details=data, shipping_method=data["shipping_method"],
                language=get_language(), ip_address=_client_ip(request), newsletter=data["newsletter"],
                newsletter_wording=form.fields["newsletter"].label, expected_subtotal=data.get("expected_subtotal"),
                customer=request.user if request.user.is_authenticated else None,
                discount_code=applied.code if applied else "",
            )
        except services.CheckoutError as problem:
            # Nothing was placed: the form comes back as typed, with the cart as it is now.
            form = _form_again(request, current, initial, problem)
        else:
            cart.clear(request.session)
            request.session.pop(offers.SESSION_KEY, None)
            _remember(request, order)
            return _start_payment(order, request, data["payment_method"])
    summary = selectors.checkout_summary(
        current, form["shipping_method"].value() or shipping_methods.DEFAULT_METHOD, applied=applied
    )
    if request.method == "GET":
        form.initial["expected_subtotal"] = summary.subtotal
        statistics.record_shop_event(request, statistics.Kind.CHECKOUT_STARTED)
    return render_page(
        request, "checkout/checkout.html",
        {
            "form": form, "cart": current, "summary": summary, "payment_methods": payment_methods.enabled(),
            "applied": applied, "discount_problem": discount_problem,
        },
    )


def _form_again(request, current, initial, problem):
    data = request.POST.copy()
    applied, _problem = offers.for_cart(request.session, current, request.user)
    subtotal = applied.subtotal if applied else current.total
    data["expected_subtotal"] = str(subtotal)
    form = CheckoutForm(data, subtotal=subtotal, initial=initial)
    form.is_valid()
    form.add_error(None, str(problem))
    return form


@require_http_methods(["GET", "POST"])
def pay(request, number):
    """Pay an order placed earlier in this session: after a declined card, or an abandoned payment page."""
    order = _own_order(request, number)
    if order.status != order.Status.AWAITING_PAYMENT:
        return redirect("checkout:confirmation", number=order.number)
    form = PaymentMethodForm(request.POST if request.method == "POST" else None, initial=_last_method(order))
    if request.method == "POST":
        if form.is_valid():
            return _start_payment(order, request, form.cleaned_data["payment_method"])
        messages.error(request, _("Please choose one of the ways to pay shown."))
        return redirect("checkout:pay", number=order.number)
    return render_page(
        request, "checkout/pay.html",
        {"order": order, "lines": list(order.lines.all()), "form": form, "payment_methods": payment_methods.enabled()},
    )


def _last_method(order):
    """The way to pay tried last (pre-selected for another try), if it is still offered."""
    latest = payment_selectors.latest_payment(order.pk)
    if latest and payment_methods.is_enabled(latest.method):
        return {"payment_method": latest.method}
    return None


@require_safe
def confirmation(request, number):
    order = _own_order(request, number)
    latest = payment_selectors.latest_payment(order.pk)
    return render_page(
        request, "checkout/confirmation.html",
        {
            "order": order, "lines": list(order.lines.all()), "payment": latest,
            # A payment the provider has accepted but not yet confirmed (a Swish request in the app,
            # money confirmed late): the page looks again by itself until the webhook has come.
            "waiting": order.status == order.Status.AWAITING_PAYMENT and latest is not None
            and latest.status in {"pending", "requires_action"},
            "paid_with": payment_selectors.paid_with(order.pk),
            "cancelled_expired": selectors.cancelled_for_expiry(order),
        },
    )


@require_POST
def cancel(request, number):
    order = _own_order(request, number)
    if order.status == order.Status.AWAITING_PAYMENT:
        services.cancel(order_id=order.pk, actor="customer", reason="cancelled by the customer before paying")
        messages.info(request, _("Your order %(number)s is cancelled. Nothing was charged.") % {"number": order.number})
    return redirect("checkout:confirmation", number=order.number)
