""""Mina sidor": a signed-in customer's orders, addresses, profile and choices.

Every view is for the signed-in account only, and every object is looked up through that
account, so someone else's order or address answers 404 (tests/customers/test_idor.py).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cookstore.checkout import selectors as checkout_selectors
from cookstore.privacy import selectors as privacy_selectors
from cookstore.payments import selectors as payment_selectors
from cookstore.privacy import services as privacy_services

from . import services
from .forms import ADDRESS_FIELDS, PROFILE_FIELDS, AddressForm, CommunicationForm, ProfileForm
from .models import Address


def _own_address(request, pk):
    address = Address.objects.filter(user=request.user, pk=pk).first()
    if address is None:
        raise Http404("No such address")
    return address


@login_required
def overview(request):
    return render(request, "customers/overview.html", {
        "orders": checkout_selectors.orders_of_customer(request.user)[:3],
        "default_address": request.user.addresses.filter(is_default=True).first(),
        "section": "overview",
    })


@login_required
def orders(request):
    return render(request, "customers/orders.html", {
        "orders": checkout_selectors.orders_of_customer(request.user), "section": "orders",
    })


@login_required
def order_detail(request, number):
    order = checkout_selectors.order_of_customer(request.user, number)
    if order is None:
        raise Http404("No such order")
    return render(request, "customers/order_detail.html", {
        "order": order, "section": "orders", "paid_with": payment_selectors.paid_with(order.pk),
    })


@login_required
def addresses(request):
    return render(request, "customers/addresses.html", {
        "addresses": list(request.user.addresses.all()), "section": "addresses",
    })


@login_required
def address_edit(request, pk=None):
    address = _own_address(request, pk) if pk is not None else None
    if request.method == "POST":
        form = AddressForm(request.POST)
        if form.is_valid():
            services.save_address(request.user, form.cleaned_data, address)
            messages.success(request, _("The address was saved."))
            return redirect("customers:addresses")
    elif address is not None:
        form = AddressForm(initial={**{name: getattr(address, name) for name in ADDRESS_FIELDS},
                                    "is_default": address.is_default})
    else:
        user = request.user
        form = AddressForm(initial={"first_name": user.first_name, "last_name": user.last_name, "phone": user.phone})
    return render(request, "customers/address_form.html", {"form": form, "address": address, "section": "addresses"})


@login_required
@require_POST
def address_delete(request, pk):
    services.delete_address(_own_address(request, pk))
    messages.success(request, _("The address was removed."))
    return redirect("customers:addresses")


@login_required
@require_POST
def address_default(request, pk):
    services.make_default(_own_address(request, pk))
    messages.success(request, _("Your default delivery address was changed."))
    return redirect("customers:addresses")


@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.save_profile(user, form.cleaned_data)
            messages.success(request, _("Your details were saved."))
            return redirect("customers:profile")
    else:
        form = ProfileForm(initial={name: getattr(user, name) for name in PROFILE_FIELDS})
    return render(request, "customers/profile.html", {"form": form, "section": "profile"})


@login_required
def communication(request):
    email = request.user.email
    if request.method == "POST":
        form = CommunicationForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["newsletter"]
            if wanted != privacy_selectors.has_consent(email=email, purpose="newsletter"):
                privacy_services.record_consent(
                    email=email, purpose="newsletter", given=wanted, source=f"account:{request.user.pk}",
                    wording=str(form.fields["newsletter"].label), language=get_language(),
                )
            messages.success(request, _("Your choices were saved."))
            return redirect("customers:communication")
    else:
        form = CommunicationForm(initial={"newsletter": privacy_selectors.has_consent(email=email, purpose="newsletter")})
    return render(request, "customers/communication.html", {
        "form": form, "history": privacy_selectors.consent_history(email=email), "section": "communication",
    })


def privacy(request):
    """The older address of the privacy page; the page itself serves guests and account holders alike."""
    return redirect("privacy:my_data")


@login_required
@require_POST
def sign_out_everywhere(request):
    services.sign_out_everywhere(request.user)
    logout(request)
    messages.success(request, _("You are now signed out on every device, this one included."))
    return redirect("account_login")
