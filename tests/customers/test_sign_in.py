"""Signing in and out: browser-session cookies unless "remember me", a new session key at sign-in,
the same answer (and the same work) whether an account exists or not, throttled guessing that
does not lock out the owner, signing out on every device, and a new e-mail address that counts
only once confirmed."""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.sessions.models import Session

import cookstore.settings as settings_module
from cookstore.customers.models import User
from tests.customers.helpers import PASSWORD, create_customer, link_in, mails_to, sign_in

UNKNOWN = "ingen.alls@example.se"
TOO_MANY_SV = "För många misslyckade inloggningsförsök. Försök igen senare."
TOO_MANY_EN = "Too many failed login attempts. Try again later."


def errors_of(response):
    """The form's own complaints (field and non-field), as the page shows them."""
    form = response.context["form"]
    return sorted(str(error) for errors in form.errors.values() for error in errors)


def signed_in(client):
    return client.get("/mina-sidor/").status_code == 200


# Cookies and session


def test_sign_in_without_remember_me_gives_a_cookie_that_ends_with_the_browser(client, astrid):
    response = sign_in(client, astrid.email)
    assert response.status_code == 302 and response["Location"] == "/mina-sidor/"
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.session.get_expire_at_browser_close()


def test_sign_in_with_remember_me_keeps_the_cookie_for_thirty_days(client, astrid, settings):
    response = sign_in(client, astrid.email, remember=True)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert settings.SESSION_COOKIE_AGE == 30 * 24 * 3600
    assert abs(int(cookie["max-age"]) - settings.SESSION_COOKIE_AGE) <= 5
    assert cookie["expires"]
    assert not client.session.get_expire_at_browser_close()


def test_remember_me_ends_a_fixed_time_after_signing_in_however_much_the_customer_shops(
    client, astrid, pans, monkeypatch
):
    import datetime

    from django.utils import timezone

    sign_in(client, astrid.email, remember=True)
    signed_in_at = timezone.now()
    # Ten days later the customer shops again: the end of the thirty days must not move.
    later = signed_in_at + datetime.timedelta(days=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 1})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]  # the cart change writes the session and its cookie
    assert abs(int(cookie["max-age"]) - 20 * 24 * 3600) <= 60  # twenty days left, not thirty again
    end = Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date
    assert abs((end - (signed_in_at + datetime.timedelta(days=30))).total_seconds()) <= 60


def test_the_login_page_names_the_remembered_period_as_configured(client, db, settings):
    assert "i den här webbläsaren i 30 dagar" in client.get("/konto/login/").content.decode()
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600  # COOKSTORE_SESSION_AGE
    assert "i den här webbläsaren i 7 dagar" in client.get("/konto/login/").content.decode()


def test_the_login_page_offers_remember_me_unticked(client, db):
    body = client.get("/konto/login/").content.decode()
    checkbox = re.search(r'<input[^>]*name="remember"[^>]*>', body).group(0)
    assert 'type="checkbox"' in checkbox and "checked" not in checkbox


def test_sign_in_gives_a_new_session_key_and_keeps_the_cart(client, astrid, pans):
    client.post("/varukorg/lagg-till/", {"product": pans["jar"].pk, "quantity": 2})
    before = client.session.session_key
    assert before
    sign_in(client, astrid.email)
    after = client.session.session_key
    assert after and after != before
    assert client.session["cart"] == {str(pans["jar"].pk): 2}
    assert not Session.objects.filter(session_key=before).exists()


def test_a_signed_in_customer_signs_out_with_a_post(client, astrid):
    sign_in(client, astrid.email)
    assert client.get("/konto/logout/").status_code == 200  # a page with the button, nothing more
    assert signed_in(client)
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert not signed_in(client)


# Signing out everywhere


def test_sign_out_everywhere_ends_the_sessions_on_other_devices(client, client_factory, astrid):
    phone, laptop = client_factory(), client_factory()
    sign_in(phone, astrid.email, remember=True)
    sign_in(laptop, astrid.email)
    sign_in(client, astrid.email)
    assert signed_in(phone) and signed_in(laptop)

    response = client.post("/mina-sidor/logga-ut-overallt/")

    assert response.status_code == 302 and response["Location"] == "/konto/login/"
    assert not signed_in(client)
    assert not signed_in(phone)
    assert not signed_in(laptop)
    # The password still works: a new sign-in is a fresh start.
    sign_in(phone, astrid.email)
    assert signed_in(phone)


def test_sign_out_everywhere_takes_a_post_only(astrid_client, client_factory, astrid):
    other = client_factory()
    sign_in(other, astrid.email)
    assert astrid_client.get("/mina-sidor/logga-ut-overallt/").status_code == 405
    assert signed_in(astrid_client) and signed_in(other)
    assert User.objects.get(pk=astrid.pk).session_generation == 0


def test_sign_out_everywhere_leaves_other_accounts_signed_in(astrid_client, bertil_client):
    astrid_client.post("/mina-sidor/logga-ut-overallt/")
    assert signed_in(bertil_client)


# No account enumeration


def test_unknown_address_and_wrong_password_get_the_same_answer(client, client_factory, astrid):
    unknown = sign_in(client, UNKNOWN)
    wrong = sign_in(client_factory(), astrid.email, password=PASSWORD + "x")
    assert unknown.status_code == wrong.status_code == 200
    assert errors_of(unknown) == errors_of(wrong) == ["E-postadressen eller lösenordet stämmer inte."]
    assert not signed_in(client)


def test_password_reset_answers_the_same_for_unknown_and_known_addresses(client, client_factory, astrid):
    unknown = client.post("/konto/password/reset/", {"email": UNKNOWN})
    known = client_factory().post("/konto/password/reset/", {"email": astrid.email})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/konto/password/reset/done/"
    # The owner of the known address gets a reset link; the unknown address only a note that no
    # account exists (allauth's "unknown account" mail), with no link that could change anything.
    (reset,) = mails_to(astrid.email)
    assert "/konto/password/reset/key/" in reset.body
    (note,) = mails_to(UNKNOWN)
    assert "/konto/password/reset/key/" not in note.body
    assert "/konto/signup/" in note.body


def test_signing_up_with_a_taken_address_looks_like_a_new_sign_up(client, client_factory, astrid):
    new = client.post("/konto/signup/", {"email": "ny.kund@example.se", "password1": PASSWORD, "password2": PASSWORD})
    taken = client_factory().post(
        "/konto/signup/", {"email": astrid.email, "password1": PASSWORD + "!", "password2": PASSWORD + "!"}
    )
    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"] == "/konto/confirm-email/"
    assert User.objects.filter(email=astrid.email).count() == 1
    assert User.objects.get(pk=astrid.pk).check_password(PASSWORD)
    # The owner hears that someone tried; the message carries no confirmation link.
    (message,) = mails_to(astrid.email)
    assert "/konto/confirm-email/" not in message.body
    assert "/konto/password/reset/" in message.body


@pytest.fixture
def argon2_work(monkeypatch):
    """Counts Argon2 hashes computed or checked: the work that makes an answer take time."""
    calls = []
    for method in ("encode", "verify"):
        original = getattr(Argon2PasswordHasher, method)

        def counted(self, *args, _original=original, **kwargs):
            calls.append(1)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Argon2PasswordHasher, method, counted)
    return calls


def test_unknown_address_and_wrong_password_take_the_same_argon2_work(client_factory, astrid, argon2_work):
    sign_in(client_factory(), UNKNOWN)
    unknown = len(argon2_work)
    sign_in(client_factory(), astrid.email, password=PASSWORD + "x")
    assert unknown == len(argon2_work) - unknown == 1


def test_taken_and_new_address_at_sign_up_take_the_same_argon2_work(client_factory, astrid, argon2_work):
    client_factory().post("/konto/signup/", {"email": "ny.kund@example.se", "password1": PASSWORD, "password2": PASSWORD})
    new = len(argon2_work)
    client_factory().post("/konto/signup/", {"email": astrid.email, "password1": PASSWORD, "password2": PASSWORD})
    assert new == len(argon2_work) - new == 1


# Throttling


@pytest.fixture
def three_tries(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "20/15m/ip,3/15m/key"}


def test_failed_sign_ins_are_throttled_per_account_with_a_clear_message(client, client_factory, astrid, three_tries):
    for _attempt in range(3):
        response = sign_in(client_factory(), astrid.email, password="fel-lösenord-igen")
        assert TOO_MANY_SV not in response.content.decode()

    throttled = sign_in(client, astrid.email, password="fel-lösenord-igen")
    assert TOO_MANY_SV in throttled.content.decode()
    right_password = sign_in(client, astrid.email)
    assert right_password.status_code == 200 and TOO_MANY_SV in right_password.content.decode()
    assert not signed_in(client)
    in_english = client.post("/en/konto/login/", {"login": astrid.email, "password": PASSWORD})
    assert TOO_MANY_EN in in_english.content.decode()
    # Another account is not affected.
    other = create_customer("carl.ek@example.se")
    sign_in(client, other.email)
    assert signed_in(client)


def test_unknown_addresses_are_throttled_the_same_way(client, db, three_tries):
    for _attempt in range(3):
        sign_in(client, UNKNOWN, password="fel-lösenord-igen")
    assert TOO_MANY_SV in sign_in(client, UNKNOWN, password="fel-lösenord-igen").content.decode()


def test_the_owner_of_a_throttled_account_gets_back_in_with_a_password_reset(client, client_factory, astrid, three_tries):
    for _attempt in range(4):
        sign_in(client_factory(), astrid.email, password="fel-lösenord-igen")
    assert TOO_MANY_SV in sign_in(client_factory(), astrid.email).content.decode()

    response = client.post("/konto/password/reset/", {"email": astrid.email})
    assert response.status_code == 302
    (message,) = mails_to(astrid.email)
    link = link_in(message, "/konto/password/reset/key/")
    # allauth moves the key from the link into the session, then shows the form at a keyless URL.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.redirect_chain
    new_password = "Nytt-Lösenord-Stekpanna-28"
    done = client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert done.status_code == 302

    fresh = client_factory()
    response = sign_in(fresh, astrid.email, password=new_password)
    assert response.status_code == 302 and signed_in(fresh)
    assert not User.objects.get(pk=astrid.pk).check_password(PASSWORD)


def failed(client, email, **extra):
    return client.post("/konto/login/", {"login": email, "password": "fel-lösenord-igen"}, **extra)


def test_one_client_failing_across_many_addresses_is_throttled_others_are_not(client, client_factory, astrid):
    # The per-client limit (20 in 15 minutes): guessing across accounts from one address stops too.
    for number in range(20):
        assert TOO_MANY_SV not in failed(client, f"gissning{number}@example.se").content.decode()
    assert TOO_MANY_SV in failed(client, "gissning-till@example.se").content.decode()
    refused = client.post("/konto/login/", {"login": astrid.email, "password": PASSWORD})
    assert TOO_MANY_SV in refused.content.decode()
    elsewhere = client_factory()
    response = elsewhere.post("/konto/login/", {"login": astrid.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302 and signed_in(elsewhere)


def test_another_port_in_the_host_header_gives_no_fresh_tries(client_factory, astrid, three_tries):
    for _attempt in range(3):
        failed(client_factory(), astrid.email)
    for port in (1, 2, 3):
        response = failed(client_factory(), astrid.email, HTTP_HOST=f"testserver:{port}")
        assert TOO_MANY_SV in response.content.decode(), port


def test_behind_the_proxy_each_visitor_counts_as_their_own_client(client_factory, astrid, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # what COOKSTORE_BEHIND_PROXY=1 sets
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    guesser = client_factory()
    for number in range(21):
        failed(guesser, f"gissning{number}@example.se", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert TOO_MANY_SV in failed(guesser, "x@example.se", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).content.decode()
    astrid_client = client_factory()
    response = astrid_client.post(
        "/konto/login/", {"login": astrid.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    assert response.status_code == 302 and signed_in(astrid_client)


def test_behind_the_proxy_setting_trusts_one_proxy(monkeypatch):
    monkeypatch.setenv("COOKSTORE_BEHIND_PROXY", "1")
    try:
        assert importlib.reload(settings_module).ALLAUTH_TRUSTED_PROXY_COUNT == 1
    finally:
        monkeypatch.delenv("COOKSTORE_BEHIND_PROXY")
        importlib.reload(settings_module)


def test_the_shipped_limit_refuses_the_sixth_failed_sign_in(client_factory, astrid):
    for _attempt in range(5):
        assert TOO_MANY_SV not in sign_in(client_factory(), astrid.email, password="fel").content.decode()
    assert TOO_MANY_SV in sign_in(client_factory(), astrid.email).content.decode()


def test_the_failed_login_limit_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("COOKSTORE_LOGIN_FAILED_LIMIT", "10/15m/ip,2/15m/key")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.ACCOUNT_RATE_LIMITS["login_failed"] == "10/15m/ip,2/15m/key"
    finally:
        monkeypatch.delenv("COOKSTORE_LOGIN_FAILED_LIMIT")
        importlib.reload(settings_module)


# Changing the e-mail address


def test_a_new_address_becomes_the_login_only_once_confirmed(client, client_factory, astrid):
    sign_in(client, astrid.email)
    new_email = "astrid.ny@example.se"
    response = client.post("/konto/email/", {"action_add": "", "email": new_email})
    assert response.status_code == 302

    assert User.objects.get(pk=astrid.pk).email == astrid.email
    assert not EmailAddress.objects.get(email=new_email).verified
    assert not signed_in(sign_in_as(client_factory, new_email))
    assert signed_in(sign_in_as(client_factory, astrid.email))

    (message,) = mails_to(new_email)
    link = link_in(message, "/konto/confirm-email/")
    assert client.post(link).status_code == 302

    assert User.objects.get(pk=astrid.pk).email == new_email
    assert EmailAddress.objects.get(email=new_email).primary
    # The old address hears of the change (ACCOUNT_EMAIL_NOTIFICATIONS), in case it was not Astrid.
    (notice,) = [message for message in mails_to(astrid.email) if message.subject == "Cookstore: E-postadressen är ändrad"]
    assert new_email in notice.body
    assert signed_in(sign_in_as(client_factory, new_email))
    assert not signed_in(sign_in_as(client_factory, astrid.email))


def test_the_newsletter_choice_follows_a_change_of_address(client, astrid):
    from cookstore.privacy.selectors import has_consent

    sign_in(client, astrid.email)
    client.post("/mina-sidor/utskick/", {"newsletter": "on"})
    assert has_consent(email=astrid.email, purpose="newsletter")
    new_email = "astrid.ny@example.se"
    client.post("/konto/email/", {"action_add": "", "email": new_email})
    (message,) = mails_to(new_email)
    client.post(link_in(message, "/konto/confirm-email/"))

    assert has_consent(email=new_email, purpose="newsletter")
    assert not has_consent(email=astrid.email, purpose="newsletter")  # no more mail to the old address
    page = client.get("/mina-sidor/utskick/").content.decode()
    assert 'name="newsletter"' in page and "checked" in page.split('name="newsletter"')[1].split(">")[0]
    # And one click still withdraws it.
    client.post("/mina-sidor/utskick/", {})
    assert not has_consent(email=new_email, purpose="newsletter")


def test_nobody_can_take_over_an_address_by_adding_it(client, client_factory, astrid, bertil):
    sign_in(client, bertil.email)
    client.post("/konto/email/", {"action_add": "", "email": astrid.email})
    # Even if Astrid follows the link that reaches her, the address she already has stays hers.
    for message in mails_to(astrid.email):
        if "/konto/confirm-email/" in message.body:
            client_factory().post(link_in(message, "/konto/confirm-email/"))
    assert not EmailAddress.objects.filter(user=bertil, email__iexact=astrid.email, verified=True).exists()
    assert User.objects.get(pk=bertil.pk).email == bertil.email
    taken = sign_in_as(client_factory, astrid.email)
    assert str(taken.session[SESSION_KEY]) == str(astrid.pk)


def sign_in_as(client_factory, email):
    client = client_factory()
    sign_in(client, email)
    return client


# CSRF


def test_the_login_form_refuses_a_post_without_csrf_token(client_factory, astrid):
    client = client_factory(enforce_csrf_checks=True)
    response = sign_in(client, astrid.email)
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_changing_the_password_signs_out_other_devices_but_not_this_one(client, client_factory, astrid):
    other = sign_in_as(client_factory, astrid.email)
    sign_in(client, astrid.email)
    new_password = "Ny-Stekpanna-Kolstal-2029"
    response = client.post(
        "/konto/password/change/", {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other)
    assert User.objects.get(pk=astrid.pk).password.startswith("argon2")


# Nothing a visitor sends gives a server error

LONG_EMAIL = "a" * 5000 + "@example.se"


@pytest.mark.parametrize(("path", "data"), [
    ("/konto/login/", {"login": LONG_EMAIL, "password": PASSWORD}),
    ("/konto/login/", {"login": "astrid\x00@example.se", "password": "x\x00y"}),
    ("/konto/login/", {"login": ["a@example.se", "b@example.se"], "password": ""}),
    ("/konto/login/", {}),
    ("/konto/signup/", {"email": LONG_EMAIL, "password1": PASSWORD, "password2": PASSWORD}),
    ("/konto/signup/", {"email": "inte-en-adress", "password1": "x" * 10000, "password2": "x" * 10000}),
    ("/konto/signup/", {"email": "nul\x00@example.se", "password1": PASSWORD, "password2": PASSWORD}),
    ("/konto/password/reset/", {"email": LONG_EMAIL}),
    ("/konto/password/reset/", {"email": "\x00"}),
    ("/konto/confirm-email/inte-en-nyckel/", {}),
    ("/konto/confirm-email/MQ:1xXsIp:Zoc4xOqcUBQqlaJ7rNZcNc-pjbA6fzs9HumCEojD_S8/", {}),
    ("/konto/password/reset/key/zz-inte-en-nyckel/", {"password1": PASSWORD, "password2": PASSWORD}),
    ("/konto/password/reset/key/" + "9" * 300 + "-x/", {"password1": PASSWORD, "password2": PASSWORD}),
])
def test_malformed_account_input_is_refused_without_a_server_error(client, astrid, path, data):
    for response in (client.get(path), client.post(path, data)):
        assert response.status_code < 500, (path, response.status_code)
    assert User.objects.count() == 1 and User.objects.get().check_password(PASSWORD)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(("path", "data"), [
    ("/konto/email/", {"action_add": "", "email": LONG_EMAIL}),
    ("/konto/email/", {"action_remove": "", "email": "bertil.holm@example.se"}),
    ("/konto/email/", {"action_primary": "", "email": "ingen@example.se"}),
    ("/konto/email/", {"action_send": "", "email": "\x00"}),
    ("/konto/password/change/", {"oldpassword": "x" * 10000, "password1": "a", "password2": "b"}),
])
def test_malformed_input_of_a_signed_in_customer_is_refused_without_a_server_error(
    astrid_client, astrid, bertil, path, data
):
    response = astrid_client.post(path, data)
    assert response.status_code < 500, (path, response.status_code)
    assert EmailAddress.objects.filter(user=bertil).count() == 1
    assert User.objects.get(pk=astrid.pk).email == astrid.email
