"""Discount codes at the checkout: typed in the cart, shown on the checkout page, frozen on the order's
lines with their VAT recomputed in öre, and refused with a clear reason that changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cookstore.checkout import services
from cookstore.checkout.models import Order
from cookstore.core.money import format_sek, vat_of_gross
from cookstore.marketing.models import Offer
from cookstore.marketing.offers import SESSION_KEY

pytestmark = pytest.mark.django_db

FORM = {
    "email": "astrid.lindqvist@example.se", "phone": "070-123 45 67", "first_name": "Astrid", "last_name": "Lindqvist",
    "street": "Storgatan 12 B", "postcode": "11455", "city": "Stockholm", "door_code": "", "birth_date": "",
    "shipping_method": "home", "note": "", "accept_terms": "on",
}


def make_offer(code="PANNA15", *, category=None, kind=Offer.Kind.PERCENT, value=15, audience=Offer.Audience.EVERYONE,
               usage_limit=None, starts=None, ends=None):
    now = timezone.now()
    return Offer.objects.create(
        code=code, title_sv="Stekpannor på rea", title_en="Frying pans on sale", audience=audience, kind=kind, value=value,
        category=category, valid_from=starts or now - timedelta(days=1), valid_until=ends or now + timedelta(days=7),
        usage_limit=usage_limit,
    )


def pans_category(pans):
    return pans["steel_pan"].category  # "Stekpannor", the parent of the cast-iron pans


def fill_cart(client, pans):
    client.post("/varukorg/lagg-till/", {"product": pans["pan"].pk, "quantity": 1})  # 1 299 kr, a sub-category
    client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 3})  # 3 × 149 kr, not pans


def test_a_percentage_off_a_category_comes_off_its_lines_only_with_vat_recomputed_in_ore(
    client, pans, mailoutbox, run_worker, django_capture_on_commit_callbacks
):
    make_offer(category=pans_category(pans))
    fill_cart(client, pans)
    response = client.post("/varukorg/rabattkod/", {"code": " panna-15 "}, follow=True)
    body = response.content.decode()
    assert f"Rabattkoden PANNA15 drar av {format_sek(19485)}" in body
    assert f'id="cart-discount">−{format_sek(19485)}' in body and f'id="cart-total">{format_sek(155115)}' in body

    page = client.get("/kassa/").content.decode()
    assert f'id="checkout-discount">−{format_sek(19485)}' in page
    form = dict(FORM, expected_subtotal=str(129900 + 3 * 14900 - 19485))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kassa/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    order = Order.objects.get()
    pan_line, jar_line = order.lines.order_by("pk")
    assert (pan_line.discount, pan_line.total, pan_line.vat) == (19485, 110415, vat_of_gross(110415, 2500))
    assert (jar_line.discount, jar_line.total, jar_line.vat) == (0, 44700, vat_of_gross(44700, 2500))
    assert order.discount_code == "PANNA15" and order.discount == 19485
    assert order.subtotal == 155115 and order.total == order.subtotal + order.shipping_price
    assert order.vat_total == pan_line.vat + jar_line.vat + vat_of_gross(order.shipping_price, order.shipping_vat_rate)
    assert Offer.objects.get().times_used == 1
    assert SESSION_KEY not in client.session

    confirmation = client.get(f"/kassa/tack/{order.number}/").content.decode()
    assert f'id="order-discount">−{format_sek(19485)}' in confirmation and "Rabattkod PANNA15" in confirmation
    run_worker()
    text = next(message.body for message in mailoutbox if order.number in message.body)
    assert f"Rabattkod PANNA15: −{format_sek(19485)}" in text and f"rabatt −{format_sek(19485)}" in text


def test_an_amount_is_shared_over_the_category_lines_to_the_ore(place_order, pans, catalog):
    offer = make_offer("HUNDRA", kind=Offer.Kind.AMOUNT, value=10001, category=pans_category(pans))
    order = services.place_order(
        quantities={pans["pan"].pk: 1, pans["steel_pan"].pk: 2, pans["jar"].pk: 1},
        details={**FORM, "birth_date": None}, shipping_method="pickup", language="sv", discount_code=offer.code,
    )
    lines = {line.product_id: line for line in order.lines.all()}
    assert sum(line.discount for line in lines.values()) == 10001 == order.discount
    assert lines[pans["jar"].pk].discount == 0
    # In proportion to the lines' totals: 1 299 kr against 998 kr.
    assert lines[pans["pan"].pk].discount == 5656 and lines[pans["steel_pan"].pk].discount == 4345
    for line in lines.values():
        assert line.total == line.unit_price * line.quantity - line.discount
        assert line.vat == vat_of_gross(line.total, line.vat_rate)
    assert order.subtotal == 129900 + 2 * 49900 + 14900 - 10001


@pytest.mark.parametrize(
    "setup, typed, swedish, english",
    [
        (lambda p: None, "FINNSINTE", "Det finns ingen rabattkod FINNSINTE", "There is no discount code FINNSINTE"),
        (lambda p: make_offer(ends=timezone.now() - timedelta(hours=1)), "PANNA15", "har gått ut", "has expired"),
        (lambda p: make_offer(starts=timezone.now() + timedelta(days=1)), "PANNA15", "gäller inte än", "not valid yet"),
        (lambda p: Offer.objects.filter(pk=make_offer(usage_limit=1).pk).update(times_used=1), "PANNA15",
         "är förbrukad", "has been used up"),
        (lambda p: make_offer(category=p["jar"].category), "PANNA15", "din varukorg har inget", "your cart holds none"),
        (lambda p: make_offer(audience=Offer.Audience.INTERESTED), "PANNA15", "logga in", "sign in"),
        (lambda p: None, "", "Skriv en rabattkod", "Type a discount code"),
        (lambda p: None, "<script>" * 20, "Det finns ingen rabattkod SCRIPTSCRIPT", "There is no discount code"),
    ],
)
def test_a_code_that_cannot_be_used_is_explained_in_the_shoppers_language_and_changes_nothing(
    client_factory, pans, setup, typed, swedish, english
):
    setup(pans)
    for prefix, expected in (("", swedish), ("/en", english)):
        client = client_factory()
        client.post(f"{prefix}/varukorg/lagg-till/", {"product": pans["steel_pan"].pk, "quantity": 1})
        response = client.post(f"{prefix}/varukorg/rabattkod/", {"code": typed}, follow=True)
        assert response.status_code == 200
        body = response.content.decode()
        assert expected in body, body[body.find("message"):][:600]
        assert SESSION_KEY not in client.session
        assert "cart-discount" not in body
    assert not Offer.objects.filter(times_used__gt=1).exists()


def test_a_code_that_stopped_being_valid_after_it_was_typed_is_not_applied_and_the_checkout_says_why(client, pans):
    offer = make_offer(category=pans_category(pans))
    fill_cart(client, pans)
    client.post("/varukorg/rabattkod/", {"code": "PANNA15"})
    Offer.objects.filter(pk=offer.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    page = client.get("/kassa/").content.decode()
    assert "har gått ut" in page and "checkout-discount" not in page
    response = client.post("/kassa/", dict(FORM, expected_subtotal=str(129900 + 3 * 14900)))
    assert response.status_code == 302
    assert Order.objects.get().discount == 0


def test_the_last_use_of_a_code_goes_to_one_order_and_the_next_is_refused_with_nothing_placed(pans, catalog):
    offer = make_offer(usage_limit=1)
    stock_before = pans["steel_pan"].__class__.objects.get(pk=pans["steel_pan"].pk).stock

    def buy():
        return services.place_order(
            quantities={pans["steel_pan"].pk: 1}, details={**FORM, "birth_date": None}, shipping_method="pickup",
            language="sv", discount_code=offer.code,
        )

    buy()
    with pytest.raises(services.CheckoutError, match="förbrukad"):
        buy()
    assert Order.objects.count() == 1
    assert pans["steel_pan"].__class__.objects.get(pk=pans["steel_pan"].pk).stock == stock_before - 1
    assert Offer.objects.get().times_used == 1


def test_a_cancelled_unpaid_order_gives_its_use_of_the_code_back(pans, catalog):
    offer = make_offer(usage_limit=1)
    order = services.place_order(
        quantities={pans["steel_pan"].pk: 1}, details={**FORM, "birth_date": None}, shipping_method="pickup",
        language="sv", discount_code=offer.code,
    )
    assert Offer.objects.get().times_used == 1
    services.cancel(order_id=order.pk, actor="customer", reason="test")
    assert Offer.objects.get().times_used == 0


def test_a_return_of_a_discounted_line_refunds_what_was_paid_for_it():
    from cookstore.checkout.models import OrderLine
    from cookstore.service.services import line_value

    line = OrderLine(unit_price=10000, quantity=3, total=25501, discount=4499, vat=0, vat_rate=2500)
    assert line_value(line, 3) == 25501
    assert line_value(line, 1) == 8500
    assert line_value(line, 2) == 17000


def test_a_personal_code_works_only_for_the_customer_it_was_made_for(client_factory, pans, django_user_model):
    from cookstore.marketing import services as marketing

    offer = make_offer("DINPANNA", category=pans_category(pans), audience=Offer.Audience.INTERESTED)
    interested = django_user_model.objects.create_user(email="kund@example.se", password="ett långt lösenord 123")
    other = django_user_model.objects.create_user(email="annan@example.se", password="ett långt lösenord 123")
    clients = {}
    for user in (interested, other):
        marketing.choose_offers(user=user, wanted=True, wording="Ja tack.", language="sv")
        client = clients[user.pk] = client_factory()
        client.force_login(user)
        client.post("/kakor/installningar/", {"action": "save", "categories": ["marketing"]})
    clients[interested.pk].get(f"/produkt/{pans['pan'].slug}/")  # looked at a frying pan
    clients[other.pk].get(f"/produkt/{pans['jar'].slug}/")  # looked at storage only

    for user in (interested, other):
        client = clients[user.pk]
        client.post("/varukorg/lagg-till/", {"product": pans["steel_pan"].pk, "quantity": 1})
        body = client.post("/varukorg/rabattkod/", {"code": "dinpanna"}, follow=True).content.decode()
        if user is interested:
            assert "cart-discount" in body and client.session[SESSION_KEY] == "DINPANNA"
        else:
            assert "ett personligt erbjudande till en annan kund" in body and SESSION_KEY not in client.session
    # Typed straight into an order by the wrong customer (or a guest), the code is refused and nothing is placed.
    for customer in (other, None):
        with pytest.raises(services.CheckoutError, match="personligt erbjudande"):
            services.place_order(
                quantities={pans["steel_pan"].pk: 1}, details={**FORM, "birth_date": None}, shipping_method="pickup",
                language="sv", discount_code=offer.code, customer=customer,
            )
    assert not Order.objects.exists() and Offer.objects.get().times_used == 0
