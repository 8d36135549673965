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
from cookstore.payments import services as payments
from cookstore.shipping import methods as shipping_methods

from . import selectors, services
from .forms import CheckoutForm

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


def _start_payment(order, request):
    return redirect(payments.start_payment(order=order, request=request))


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
    form = CheckoutForm(request.POST or None, subtotal=current.total, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.place_order(
                quantities=cart.quantities(request.session), details=data, shipping_method=data["shipping_method"],
                language=get_language(), ip_address=_client_ip(request), newsletter=data["newsletter"],
                newsletter_wording=form.fields["newsletter"].label, expected_subtotal=data.get("expected_subtotal"),
                customer=request.user if request.user.is_authenticated else None,
            )
        except services.CheckoutError as problem:
            # Nothing was placed: the form comes back as typed, with the cart as it is now.
            form = _form_again(request, current, initial, problem)
        else:
            cart.clear(request.session)
            _remember(request, order)
            return _start_payment(order, request)
    summary = selectors.checkout_summary(current, form["shipping_method"].value() or shipping_methods.DEFAULT_METHOD)
    if request.method == "GET":
        form.initial["expected_subtotal"] = summary.subtotal
        statistics.record_shop_event(request, statistics.Kind.CHECKOUT_STARTED)
    return render_page(request, "checkout/checkout.html", {"form": form, "cart": current, "summary": summary})


def _form_again(request, current, initial, problem):
    data = request.POST.copy()
    data["expected_subtotal"] = str(current.total)
    form = CheckoutForm(data, subtotal=current.total, initial=initial)
    form.is_valid()
    form.add_error(None, str(problem))
    return form


@require_http_methods(["GET", "POST"])
def pay(request, number):
    """Pay an order placed earlier in this session: after a declined card, or an abandoned payment page."""
    order = _own_order(request, number)
    if order.status != order.Status.AWAITING_PAYMENT:
        return redirect("checkout:confirmation", number=order.number)
    if request.method == "POST":
        return _start_payment(order, request)
    return render_page(request, "checkout/pay.html", {"order": order, "lines": list(order.lines.all())})


@require_safe
def confirmation(request, number):
    order = _own_order(request, number)
    return render_page(
        request, "checkout/confirmation.html", {"order": order, "lines": list(order.lines.all())}
    )


@require_POST
def cancel(request, number):
    order = _own_order(request, number)
    if order.status == order.Status.AWAITING_PAYMENT:
        services.cancel(order_id=order.pk, actor="customer", reason="cancelled by the customer before paying")
        messages.info(request, _("Your order %(number)s is cancelled. Nothing was charged.") % {"number": order.number})
    return redirect("checkout:confirmation", number=order.number)
