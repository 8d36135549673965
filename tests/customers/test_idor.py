"""No customer reaches another's order or address by changing a number in a URL.

The URLs are not listed by hand: every pattern of the walked namespaces that takes a parameter is
found in the URL resolver, so a new one is walked too. Each parameter must be named in FILLS (which
of customer A's objects fills it); a pattern the walk does not know how to fill fails the test.
Payment URLs are not walked: their token is a capability handed to the payment provider. A
customer-service case's signed link is walked: for a case on an account it opens for that account only.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cookstore.checkout.models import Order, OrderEvent
from cookstore.customers.models import Address
from cookstore.payments.models import Payment
from cookstore.service import selectors as service_selectors
from cookstore.service import services as service_services
from cookstore.service.models import Case, Message

WALKED_NAMESPACES = {"customers", "checkout", "service"}

# URL name -> {parameter: which of A's objects fills it (an attribute of OwnedByA)}.
FILLS = {
    "customers:order": {"number": "order_number"},
    "customers:address_edit": {"pk": "address_pk"},
    "customers:address_delete": {"pk": "address_pk"},
    "customers:address_default": {"pk": "other_address_pk"},
    "checkout:pay": {"number": "order_number"},
    "checkout:cancel": {"number": "order_number"},
    "checkout:confirmation": {"number": "order_number"},
    "service:contact_order": {"number": "order_number"},
    "service:return": {"number": "order_number"},
    "service:complaint": {"number": "order_number"},
    "service:case": {"number": "case_number"},
    "service:case_attachment": {"number": "case_number", "attachment_id": "attachment_pk"},
    "service:case_link": {"token": "case_link"},
    "service:case_link_attachment": {"token": "case_link", "attachment_id": "attachment_pk"},
}
# A 1×1 PNG: the case's attachment.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

ADDRESS = {
    "first_name": "Bertil", "last_name": "Holm", "street": "Inbrottsgatan 1", "postcode": "11122",
    "city": "Stockholm", "phone": "070-000 00 00", "door_code": "0000", "is_default": "on",
}


def _walk(resolver, namespaces=(), inherited=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, inner, inherited + tuple(_parameters(entry.pattern)))
        elif isinstance(entry, URLPattern):
            yield ":".join(namespaces + (entry.name or "",)), namespaces, inherited + tuple(_parameters(entry.pattern))


def _parameters(pattern):
    converters = getattr(pattern, "converters", None)
    if converters:
        return list(converters)
    regex = getattr(pattern, "_regex", None)
    return list(pattern.regex.groupindex) if regex else []


def parameterised_urls():
    """(URL name, parameter names) of every walked pattern that takes a parameter."""
    found = {}
    for name, namespaces, parameters in _walk(get_resolver()):
        if namespaces and namespaces[0] in WALKED_NAMESPACES and parameters:
            found[name] = parameters
    return sorted(found.items())


class OwnedByA:
    """Customer A's things a URL can point at: an order on her account and two addresses."""

    def __init__(self, user, order_for):
        self.user = user
        self.order = order_for(user)
        self.address = Address.objects.create(
            user=user, first_name="Astrid", last_name="Lindqvist", street="Storgatan 12 B", postcode="114 55",
            city="Stockholm", door_code="4711#", is_default=True,
        )
        self.other_address = Address.objects.create(
            user=user, first_name="Astrid", last_name="Lindqvist", street="Sommarvägen 3", postcode="760 40",
            city="Väddö",
        )
        self.case = service_services.open_case(
            topic="order", message="Var är mitt paket?", email=user.email, customer=user, order=self.order,
            files=[(PNG, "image/png")],
        )
        self.order_number = self.order.number
        self.address_pk = self.address.pk
        self.other_address_pk = self.other_address.pk
        self.case_number = self.case.number
        self.case_link = service_selectors.link_token(self.case)
        self.attachment_pk = self.case.attachments.get().pk

    def url(self, name):
        return reverse(name, kwargs={param: getattr(self, attribute) for param, attribute in FILLS[name].items()})

    def snapshot(self):
        order = Order.objects.get(pk=self.order.pk)
        return {
            "order": (order.status, order.customer_id, order.reserved_until, order.updated_at),
            "events": list(OrderEvent.objects.filter(order=order).values_list("action", flat=True)),
            "payments": Payment.objects.filter(order=order).count(),
            "cases": sorted(Case.objects.values_list("number", "state", "customer_id")),
            "messages": Message.objects.count(),
            "addresses": sorted(
                (a.pk, a.street, a.door_code, a.is_default) for a in Address.objects.filter(user=self.user)
            ),
        }


def test_every_parameterised_url_of_the_walked_apps_is_known():
    found = dict(parameterised_urls())
    assert found, "the walk found no URL: the resolver walk is broken"
    unknown = {name: params for name, params in found.items() if set(params) != set(FILLS.get(name, {}))}
    assert not unknown, (
        f"URLs with parameters the IDOR walk does not know how to fill: {unknown}. "
        "Add each to FILLS with the object of customer A that belongs in it."
    )
    assert not set(FILLS) - set(found), f"FILLS names URLs that no longer exist: {set(FILLS) - set(found)}"


@pytest.fixture
def owned_by_a(astrid, order_for):
    return OwnedByA(astrid, order_for)


@pytest.mark.parametrize("name", [name for name, _parameters in parameterised_urls()])
def test_another_customer_gets_404_and_changes_nothing(name, owned_by_a, bertil_client, bertil):
    url = owned_by_a.url(name)
    before = owned_by_a.snapshot()

    got = bertil_client.get(url).status_code
    posted = bertil_client.post(url, ADDRESS).status_code

    assert {got, posted} <= {404, 405} and 404 in {got, posted}, (url, got, posted)
    assert owned_by_a.snapshot() == before
    assert not Address.objects.filter(user=bertil).exists()


@pytest.mark.parametrize("name", [name for name, _parameters in parameterised_urls()])
def test_a_guest_gets_404_or_the_login_page_and_changes_nothing(name, owned_by_a, client_factory):
    guest = client_factory()
    url = owned_by_a.url(name)
    before = owned_by_a.snapshot()

    for response in (guest.get(url), guest.post(url, ADDRESS)):
        if response.status_code == 302:
            assert response["Location"].startswith("/konto/login/"), (url, response["Location"])
        else:
            assert response.status_code in {404, 405}, (url, response.status_code)
    assert owned_by_a.snapshot() == before


@pytest.mark.parametrize("name", [name for name, _parameters in parameterised_urls()])
def test_the_owner_reaches_the_same_urls(name, owned_by_a, astrid_client):
    """The walk proves something only if its URLs are right: A herself is not refused."""
    url = owned_by_a.url(name)
    got = astrid_client.get(url).status_code
    assert got in {200, 405}, (url, got)
    if got == 405:
        posted = astrid_client.post(url, ADDRESS)
        assert posted.status_code == 302, (url, posted.status_code)


def test_an_order_moved_off_the_account_is_404_on_mina_sidor(owned_by_a, astrid_client):
    Order.objects.filter(pk=owned_by_a.order.pk).update(customer=None)
    assert astrid_client.get(owned_by_a.url("customers:order")).status_code == 404

