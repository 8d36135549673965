"""The admin is unreachable without a recent second factor, whatever the permissions, and staff
set up that second factor only while an administrator allows it."""

import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cookstore.customers import services
from tests import support

pytestmark = pytest.mark.django_db

PAGES = ["admin:index", "admin:login", "admin:checkout_order_changelist"]
# The admin's own pages outside any model: each must be as closed as the rest.
SITE_PAGES = ["admin:logout", "admin:password_change", "admin:jsi18n", "admin:autocomplete"]
REFUSED = "Be en administratör att låta dig ställa in tvåstegsinloggning."


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


@pytest.fixture
def customer_client(client, django_user_model):
    """A customer signed in with password and their own second factor: still no admin for them."""
    customer = django_user_model.objects.create_user(email="kund@example.se", password="c" * 14)
    support.give_second_factor(customer)
    return support.sign_in_with_second_factor(client, customer)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_shops_sign_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("page", PAGES)
def test_customers_find_no_admin(customer_client, page):
    assert customer_client.get(reverse(page)).status_code == 404


def signed_in_with_second_factor_at(client, user, at):
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": at}, {"method": "mfa", "at": at, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def enrol(client, secret):
    """Post the set-up page's form with a correct code for ``secret``, as if the page had shown it
    right after the password was asked for again (allauth's condition for setting one up)."""
    session = client.session
    session["account_authentication_methods"].append({"method": "password", "at": time.time(), "reauthenticated": True})
    session[SECRET_SESSION_KEY] = secret
    session.save()
    return client.post(reverse("mfa_activate_totp"), {"code": support.totp_code(secret)})


@pytest.fixture
def committing(django_capture_on_commit_callbacks, settings):
    """``with committing():`` runs what allauth does once a set-up is committed (its signal among it).
    Its notification mail needs the request, which is over by the time the callbacks run here."""
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = False
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_staff_without_an_authenticator_are_sent_to_set_one_up_while_allowed(client, colleague):
    services.allow_second_factor_setup([colleague])
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


@pytest.mark.parametrize(
    "allowed_until", [None, timedelta(minutes=-1)], ids=["never allowed", "allowed until a minute ago"]
)
def test_staff_without_an_authenticator_or_permission_are_turned_away_from_the_admin(client, colleague, allowed_until):
    if allowed_until is not None:
        colleague.second_factor_setup_until = timezone.now() + allowed_until
        colleague.save()
    signed_in_with_password_only(client, colleague)

    response = client.get(reverse("admin:checkout_order_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("customers:overview")
    assert REFUSED in client.get(response["Location"]).text


def test_staff_without_permission_cannot_enrol_on_the_set_up_page_either(client, colleague):
    signed_in_with_password_only(client, colleague)
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse("customers:overview")

    response = enrol(client, generate_totp_secret())

    assert response["Location"] == reverse("customers:overview")
    assert not Authenticator.objects.filter(user=colleague).exists()
    assert client.get(reverse("admin:index"))["Location"] == reverse("customers:overview")


def test_staff_allowed_to_enrol_reach_the_admin_and_the_permission_is_then_used_up(
    client, colleague, committing
):
    services.allow_second_factor_setup([colleague])
    signed_in_with_password_only(client, colleague)

    with committing():
        response = enrol(client, generate_totp_secret())

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=colleague, type=Authenticator.Type.TOTP).exists()
    colleague.refresh_from_db()
    assert colleague.second_factor_setup_until is None
    # Next the admin asks for a code from the new authenticator, as at every sign-in.
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_removed_authenticator_cannot_be_replaced_without_a_new_permission(
    client, colleague, committing
):
    services.allow_second_factor_setup([colleague])
    signed_in_with_password_only(client, colleague)
    with committing():
        enrol(client, generate_totp_secret())
    Authenticator.objects.filter(user=colleague).delete()  # an administrator, after a lost phone
    signed_in_with_password_only(client, colleague)

    response = enrol(client, generate_totp_secret())

    assert response["Location"] == reverse("customers:overview")
    assert not Authenticator.objects.filter(user=colleague).exists()


def test_customers_set_up_an_authenticator_without_asking_anyone(client, django_user_model):
    customer = django_user_model.objects.create_user(email="kund@example.se", password="c" * 14)
    signed_in_with_password_only(client, customer)

    response = enrol(client, generate_totp_secret())

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=customer, type=Authenticator.Type.TOTP).exists()


def assert_allowed_for_a_day(user):
    user.refresh_from_db()
    left = user.second_factor_setup_until - timezone.now()
    assert timedelta(hours=23) < left <= timedelta(hours=24)


def test_createsuperuser_lets_the_first_administrator_enrol(django_user_model):
    call_command("createsuperuser", interactive=False, email="chef@cookstore.example", verbosity=0)
    assert_allowed_for_a_day(django_user_model.objects.get(email="chef@cookstore.example"))


def test_ticking_staff_status_in_the_admin_lets_the_new_colleague_enrol(staff, django_user_model):
    administrator = staff("Administrator")
    newcomer = django_user_model.objects.create_user(email="ny@cookstore.example", password="n" * 14)
    joined = timezone.localtime(newcomer.date_joined)

    response = administrator.post(reverse("admin:customers_user_change", args=[newcomer.pk]), {
        "email": newcomer.email, "is_active": "on", "is_staff": "on", "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"), "addresses-TOTAL_FORMS": "0", "addresses-INITIAL_FORMS": "0",
    })

    assert response.status_code == 302
    assert_allowed_for_a_day(newcomer)


def test_saving_a_colleague_without_changing_staff_status_allows_nothing(staff, colleague):
    administrator = staff("Administrator")
    joined = timezone.localtime(colleague.date_joined)

    administrator.post(reverse("admin:customers_user_change", args=[colleague.pk]), {
        "email": colleague.email, "is_active": "on", "is_staff": "on", "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"), "addresses-TOTAL_FORMS": "0", "addresses-INITIAL_FORMS": "0",
    })

    colleague.refresh_from_db()
    assert colleague.second_factor_setup_until is None


def test_an_administrator_lets_a_colleague_with_a_lost_phone_enrol_again(staff, colleague):
    administrator = staff("Administrator")

    response = administrator.post(
        reverse("admin:customers_user_changelist"),
        {"action": "allow_second_factor_setup", "_selected_action": [colleague.pk]},
    )

    assert response.status_code == 302
    assert_allowed_for_a_day(colleague)


def test_customer_service_cannot_allow_anyone_to_enrol(staff, colleague):
    service = staff("Customer service")
    service.post(
        reverse("admin:customers_user_changelist"),
        {"action": "allow_second_factor_setup", "_selected_action": [colleague.pk]},
    )
    colleague.refresh_from_db()
    assert colleague.second_factor_setup_until is None


def test_operators_let_a_colleague_enrol_from_the_command_line(colleague, capsys):
    call_command("allow_second_factor_setup", "KOLLEGA@cookstore.example")

    assert_allowed_for_a_day(colleague)
    assert f"#{colleague.pk}" in capsys.readouterr().out


def test_the_command_refuses_customers_and_unknown_addresses(django_user_model):
    customer = django_user_model.objects.create_user(email="kund@example.se", password="c" * 14)
    for email in ["kund@example.se", "ingen@example.se"]:
        with pytest.raises(CommandError):
            call_command("allow_second_factor_setup", email)
    customer.refresh_from_db()
    assert customer.second_factor_setup_until is None


def test_a_code_older_than_the_limit_is_asked_for_again(client, colleague, settings):
    settings.STAFF_SECOND_FACTOR_HOURS = 12
    support.give_second_factor(colleague)
    signed_in_with_second_factor_at(client, colleague, time.time() - 12 * 3600 - 60)

    response = client.get(reverse("admin:checkout_order_changelist"))

    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next={reverse('admin:checkout_order_changelist')}"


def test_a_code_within_the_limit_opens_the_admin(client, colleague, settings):
    settings.STAFF_SECOND_FACTOR_HOURS = 12
    support.give_second_factor(colleague)
    signed_in_with_second_factor_at(client, colleague, time.time() - 11 * 3600)

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_fresh_code_after_an_old_one_opens_the_admin(client, colleague):
    support.give_second_factor(colleague)
    signed_in_with_second_factor_at(client, colleague, time.time() - 30 * 24 * 3600)
    session = client.session
    session["account_authentication_methods"].append({"method": "mfa", "at": time.time(), "reauthenticated": True})
    session.save()

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("page", SITE_PAGES)
def test_the_admins_own_pages_ask_staff_signed_in_with_a_password_only_for_a_code(client, colleague, page):
    support.give_second_factor(colleague)
    signed_in_with_password_only(client, colleague)

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")


@pytest.mark.parametrize("page", SITE_PAGES)
def test_the_admins_own_pages_are_not_there_for_customers(customer_client, page):
    assert customer_client.get(reverse(page)).status_code == 404
