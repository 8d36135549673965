"""URL parameters of a known form: anything else is a 404 before a view runs.

A free ``<str:…>`` parameter lets odd bytes reach the database: PostgreSQL refuses a NUL byte in
a text comparison, and the request would end in a server error instead of "not found".
Importing this module registers the converters (urls modules do, before their patterns).
"""

from django.urls import register_converter


class _Pattern:
    regex = ""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class OrderNumberConverter(_Pattern):
    regex = "[0-9]{1,20}"


class TokenConverter(_Pattern):
    """Random URL-safe tokens and ids such as ``secrets.token_urlsafe`` makes (with a prefix)."""

    regex = "[A-Za-z0-9_-]{1,100}"


register_converter(OrderNumberConverter, "order_number")
register_converter(TokenConverter, "token")
