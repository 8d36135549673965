"""Fixtures of the account tests: customers with a verified address, signed in or not."""

import pytest

from tests.customers.helpers import create_customer


@pytest.fixture
def astrid(db):
    """Customer A: a verified account."""
    return create_customer("astrid.lindqvist@example.se", first_name="Astrid", last_name="Lindqvist")


@pytest.fixture
def bertil(db):
    """Customer B: another verified account."""
    return create_customer("bertil.holm@example.se", first_name="Bertil", last_name="Holm")


@pytest.fixture
def astrid_client(client, astrid):
    client.force_login(astrid)
    return client


@pytest.fixture
def bertil_client(client_factory, bertil):
    other = client_factory()
    other.force_login(bertil)
    return other


@pytest.fixture
def order_for(pans, customer_details):
    """Place an order on an account through the checkout service: ``order_for(user, {product: qty})``."""
    from cookstore.checkout import services

    def place(user, items=None, **details):
        items = items or {pans["jar"]: 1}
        return services.place_order(
            quantities={product.pk: quantity for product, quantity in items.items()},
            details={**customer_details, "email": user.email, **details}, shipping_method="home", language="sv",
            customer=user,
        )

    return place
