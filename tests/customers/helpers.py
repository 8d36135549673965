"""Helpers of the account tests: accounts made as sign-up leaves them, the login form, mail links."""

import re

from allauth.account.models import EmailAddress
from django.core import mail

from cookstore.customers.models import User

PASSWORD = "Kastrull-Gjutjarn-1893"


def create_customer(email, password=PASSWORD, verified=True, **fields):
    """An account as sign-up plus confirmation leave it: the user and allauth's address row."""
    user = User.objects.create_user(email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def sign_in(client, email, password=PASSWORD, remember=False):
    """Sign in through the login form, as a person would; returns the response."""
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post("/konto/login/", data)


def link_in(message, pattern):
    """The first link in a mail's plain body whose path matches ``pattern``."""
    match = re.search(r"https?://[^/\s]+(\S*?" + pattern + r"\S*)", message.body)
    assert match, f"no link matching {pattern!r} in:\n{message.body}"
    return match.group(1)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]
