"""The one small interface every payment provider implements, and the facts it hands back.

A provider turns the shop's wish ("take 1 299 kr for order 2612345") into a page the shopper
pays on, and turns what the provider later says (a return to the shop, a webhook) into an
``Outcome`` the shop can trust. It never sees or returns card data; statuses are the shop's own
(``Payment.Status`` values), amounts integers in the currency's minor unit (öre).
"""

from dataclasses import asdict, dataclass

# Payment statuses an Outcome may carry (the values of Payment.Status).
CREATED, PENDING, REQUIRES_ACTION = "created", "pending", "requires_action"
SUCCEEDED, FAILED = "succeeded", "failed"
PAYMENT_STATUSES = {CREATED, PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED}
# Refund statuses a RefundOutcome may carry (the values of Refund.Status).
REFUND_STATUSES = {PENDING, SUCCEEDED, FAILED}


class ProviderError(Exception):
    """The provider could not be reached or refused the request. The message holds no personal data."""


class InvalidMessage(Exception):
    """A webhook or return that is not provably from the provider: bad or missing signature,
    stale timestamp, malformed body. Nothing may change because of it."""


@dataclass(frozen=True)
class Started:
    """A payment opened at the provider: its reference, and where to send the shopper."""

    reference: str
    redirect_url: str
    status: str = CREATED


@dataclass(frozen=True)
class Outcome:
    """What the provider says about one payment."""

    reference: str
    status: str
    amount: int
    currency: str
    reason: str = ""  # a provider code such as "card_declined"; never free text from the shopper


@dataclass(frozen=True)
class RefundOutcome:
    """What the provider says about one refund. ``key`` is the shop's own refund key, when echoed."""

    reference: str
    payment_reference: str
    amount: int
    status: str
    key: str = ""


@dataclass(frozen=True)
class Event:
    """One verified webhook event: a payment outcome, a refund outcome, or neither (ignored types)."""

    event_id: str
    type: str
    payment: Outcome | None = None
    refund: RefundOutcome | None = None


class PaymentProvider:
    """Base class of the providers in ``providers.PROVIDERS``. Subclasses implement every hook."""

    key = ""
    label = ""
    # The inventory categories of the customer's data that ``start`` sends to the provider for a card
    # payment: the order number and amount (order history). ``shares_for`` gives them per method;
    # each start is logged as a disclosure of exactly these.
    shares = ("order.history",)
    # The payment methods (``payments.methods``) this provider can run.
    methods = ("card", "swish", "klarna")

    def shares_for(self, method):
        """The categories ``start`` sends for a payment by ``method`` (Klarna: the buyer's too)."""
        from cookstore.payments.methods import METHODS

        return METHODS[method].shares

    def start(self, *, payment, order_number, language, return_url, buyer=None):
        """Open ``payment`` (amount, currency and ``payment.method`` on it) at the provider; return ``Started``.

        ``buyer`` (a ``methods.Buyer``) is given for Klarna only, and sent to the provider for its
        credit check; no other method sends a name, address or e-mail. Guarantees: the shopper pays
        on a page or in an app where the shop never receives card data; after paying (or giving
        up) the shopper comes back to ``return_url``. Calling it again for the same payment does
        not charge twice. Raises ProviderError.
        """
        raise NotImplementedError

    def outcome_on_return(self, *, payment, params):
        """The outcome of ``payment`` when the shopper comes back to the shop, or None if unknown.

        ``params`` is the return request's query. Guarantees: a returned Outcome is proven to come
        from the provider (a verified signature, or asked of the provider's API). Raises
        InvalidMessage for a forged or tampered return, ProviderError when the provider is unreachable.
        """
        raise NotImplementedError

    def parse_webhook(self, *, body, headers):
        """Verify and read a webhook: ``body`` the raw bytes, ``headers`` the request headers.

        Guarantees: returns an Event only when the signature is right and its timestamp within
        ``settings.WEBHOOK_TOLERANCE_SECONDS``; raises InvalidMessage for anything else, never
        another exception, whatever the bytes.
        """
        raise NotImplementedError

    def refund(self, *, payment, amount, key):
        """Ask the provider to refund ``amount`` of ``payment``; returns a RefundOutcome.

        Guarantees: the same ``key`` never refunds twice; the provider echoes ``key`` in its
        refund webhooks. Raises ProviderError when the provider refuses or cannot be reached.
        """
        raise NotImplementedError


def holds_nul(event):
    """Whether any text of a parsed event holds a NUL byte: no provider sends one, and PostgreSQL
    refuses it in a text column, so such an event is refused as malformed before it is stored."""

    def texts(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from texts(item)

    return any("\x00" in text for text in texts(asdict(event)))
