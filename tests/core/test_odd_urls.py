"""No URL answers a 500 to a strange path parameter: every pattern with a parameter is found in
the URL resolver (so a new one cannot be forgotten) and called with values a person or a bot
might send. PostgreSQL refuses a NUL byte in a text comparison, so this test matters most there."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import PathConverter, StringConverter

ODD_VALUES = ["\x00", "å\x00x", "' OR 1=1 --", "%", "x" * 300, "..", "\u202e", "1" * 40]
SANE = {"int": 1, "slug": "x", "str": "x", "path": "x", "ordernumber": "1", "token": "x"}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield f"{namespace}{entry.name}", entry.pattern.converters


def odd_urls():
    urls = set()
    for name, converters in named_patterns():
        for param, converter in converters.items():
            if not isinstance(converter, StringConverter | PathConverter):
                continue  # digits or slugs only: the resolver itself turns anything else away
            for value in ODD_VALUES:
                kwargs = {other: SANE.get(type(conv).__name__.removesuffix("Converter").lower(), "1")
                          for other, conv in converters.items()}
                kwargs[param] = value
                try:
                    urls.add(reverse(name, kwargs=kwargs))
                except NoReverseMatch:
                    continue
    return sorted(urls)


def test_the_walk_finds_the_parameterised_urls():
    names = {name for name, _converters in named_patterns()}
    assert {"payments:return", "payments:webhook", "checkout:pay", "customers:order"} <= names
    assert len(odd_urls()) > 20


@pytest.mark.django_db
def test_no_url_answers_a_server_error_to_an_odd_parameter(django_user_model):
    anonymous = Client(raise_request_exception=False)
    customer = Client(raise_request_exception=False)
    customer.force_login(django_user_model.objects.create_user(email="odd@example.se", password="x" * 16))
    failures = []
    for url in odd_urls():
        for client in (anonymous, customer):
            for method in (client.get, client.post):
                status = method(url).status_code
                if status >= 500:
                    failures.append(f"{method.__name__.upper()} {url[:80]!r} {status}")
    assert failures == [], "\n".join(sorted(set(failures)))
