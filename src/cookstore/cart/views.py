"""The cart pages: view, add, change quantity, remove. Held in the session (see cart.py)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cookstore.analytics import services as statistics
from cookstore.catalog.selectors import product_for_cart
from cookstore.core.money import format_sek
from cookstore.core.pagecache import render_page
from cookstore.marketing import offers

from . import cart
from .forms import CartLineForm


def _cart_url(check=False):
    url = reverse("cart:detail")
    return f"{url}?check=1" if check else url


@require_safe
def detail(request):
    if request.GET.get("check") and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        # We just stored something in a new session, yet the browser did not send the cookie back.
        return render_page(request, "core/cookies_required.html", {}, status=200)
    current = cart.view(request.session)
    for product, _wanted, allowed in current.adjusted:
        if allowed:
            _stock_limited(request, product, allowed)
        else:
            messages.warning(
                request, _("%(name)s is sold out and was removed from your cart.") % {"name": product.display_name}
            )
    applied, problem = offers.for_cart(request.session, current, request.user)
    if problem:
        messages.warning(request, problem)
    return render_page(request, "cart/cart.html", {"cart": current, "applied": applied})


@require_POST
def discount_code(request):
    """Use a discount code with this cart (kept in the session until the order), or stop using it.
    A code that cannot be used is refused with its reason and changes nothing."""
    if request.POST.get("action") == "remove":
        request.session.pop(offers.SESSION_KEY, None)
        messages.success(request, _("The discount code was removed."))
        return redirect(_cart_url())
    current = cart.view(request.session)
    code = request.POST.get("code", "")
    try:
        if not current.lines:
            raise offers.OfferError(_("Your cart is empty. Add something before you use a discount code."))
        applied = offers.apply(offers.find_usable(code, user=request.user), offers.cart_items(current))
    except offers.OfferError as problem:
        messages.error(request, str(problem))
        return redirect(_cart_url())
    request.session[offers.SESSION_KEY] = applied.code
    messages.success(request, _("The discount code %(code)s takes %(amount)s off your order.") % {
        "code": applied.code, "amount": format_sek(applied.amount),
    })
    return redirect(_cart_url())


def _posted_line(request):
    """The posted product (404 when unknown) and the form, whose quantity may still be invalid."""
    form = CartLineForm(request.POST)
    form.is_valid()
    pk = form.cleaned_data.get("product")
    product = product_for_cart(pk) if pk else None
    if product is None:
        raise Http404("No such product")
    return form, product


def _quantity_refused(request, form):
    """Report an invalid quantity; True when there was one (the cart is then left unchanged)."""
    for error in form.errors.get("quantity", ()):
        messages.error(request, error)
    return "quantity" in form.errors


def _stock_limited(request, product, count):
    messages.warning(
        request,
        _("Only %(count)s of %(name)s are in stock; your cart holds %(count)s.")
        % {"count": count, "name": product.display_name},
    )


@require_POST
def add(request):
    form, product = _posted_line(request)
    if _quantity_refused(request, form):
        return redirect(product.get_absolute_url())
    quantity = form.cleaned_data.get("quantity")
    quantity = 1 if quantity is None else quantity
    if quantity < 1:
        messages.error(request, _("Choose at least one."))
        return redirect(product.get_absolute_url())
    if not product.in_stock:
        messages.error(request, _("%(name)s is sold out.") % {"name": product.display_name})
        return redirect(product.get_absolute_url())
    had = cart.quantity_in_cart(request.session, product.pk)
    now = cart.add(request.session, product, quantity)
    statistics.record_shop_event(request, statistics.Kind.ADDED_TO_CART, product_id=product.pk)
    if now < had + quantity:
        _stock_limited(request, product, now)
    else:
        messages.success(request, _("%(name)s was added to your cart.") % {"name": product.display_name})
    return redirect(_cart_url(check=settings.SESSION_COOKIE_NAME not in request.COOKIES))


@require_POST
def update(request):
    form, product = _posted_line(request)
    if _quantity_refused(request, form):
        return redirect(_cart_url())
    quantity = form.cleaned_data.get("quantity") or 0
    now = cart.set_quantity(request.session, product, quantity)
    if now < quantity:
        _stock_limited(request, product, now)
    elif now == 0:
        messages.success(request, _("%(name)s was removed from your cart.") % {"name": product.display_name})
    else:
        messages.success(request, _("Your cart was updated."))
    return redirect(_cart_url())


@require_POST
def remove(request):
    _form, product = _posted_line(request)
    cart.set_quantity(request.session, product, 0)
    messages.success(request, _("%(name)s was removed from your cart.") % {"name": product.display_name})
    return redirect(_cart_url())
