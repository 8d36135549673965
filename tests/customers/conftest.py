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
