"""The admin is unreachable without a second factor, whatever the permissions."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Group
from django.urls import reverse

from tests import support

pytestmark = pytest.mark.django_db

PAGES = ["admin:index", "admin:login", "admin:checkout_order_changelist"]


@pytest.fixture
def colleague(django_user_model):
    user = django_user_model.objects.create_user(email="kollega@cookstore.example", password="k" * 14, is_staff=True)
    user.groups.add(Group.objects.get(name="Customer service"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in_with_password_only(client, user):
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time()}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_shops_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("page", PAGES)
def test_customers_find_no_admin(client, django_user_model, page):
    customer = django_user_model.objects.create_user(email="kund@example.se", password="c" * 14)
    support.give_second_factor(customer)
    support.sign_in_with_second_factor(client, customer)
    assert client.get(reverse(page)).status_code == 404


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, colleague):
    signed_in_with_password_only(client, colleague)
    response = client.get(reverse("admin:checkout_order_changelist"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_activate_totp')}?next={reverse('admin:checkout_order_changelist')}"


def test_staff_signed_in_with_a_password_only_are_asked_for_a_code(client, colleague):
    support.give_second_factor(colleague)
    signed_in_with_password_only(client, colleague)
    response = client.get(reverse("admin:checkout_order_changelist"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next={reverse('admin:checkout_order_changelist')}"


def test_staff_sign_in_with_password_and_code_reach_the_admin(client, colleague):
    secret = support.give_second_factor(colleague)
    response = client.post(reverse("account_login"), {"login": colleague.email, "password": "k" * 14})
    assert response["Location"] == reverse("mfa_authenticate")

    client.post(reverse("mfa_authenticate"), {"code": support.totp_code(secret)})

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_stands_in_for_a_lost_authenticator(client, colleague):
    support.give_second_factor(colleague)
    code = RecoveryCodes.activate(colleague).get_unused_codes()[0]
    client.post(reverse("account_login"), {"login": colleague.email, "password": "k" * 14})

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 302

    assert client.get(reverse("admin:index")).status_code == 200
