"""The data inventory: every category of personal data the shop keeps, and why, and for how long.

This module is the single source of truth. The privacy-policy page, the record of processing,
exports, erasure and retention all read it; a test fails when a model field holds personal data
that is not bound to one of these categories (see ``registry``).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .policy_versions import latest_version

# The privacy policy's version in force, as last published from this inventory (policy_versions.json);
# consent records carry it. A change here that changes the policy page is a new version: run
# `manage.py publish_policy_version` (a test fails until then).
POLICY_VERSION = latest_version()


class LegalBasis(StrEnum):
    CONTRACT = "contract"
    CONSENT = "consent"
    LEGITIMATE_INTEREST = "legitimate_interest"
    LEGAL_OBLIGATION = "legal_obligation"

    @property
    def label(self):
        return LEGAL_BASIS_LABELS[self]


LEGAL_BASIS_LABELS = {
    LegalBasis.CONTRACT: _("Performance of the purchase contract (GDPR art. 6.1 b)"),
    LegalBasis.CONSENT: _("Your consent, which you can withdraw at any time (GDPR art. 6.1 a)"),
    LegalBasis.LEGITIMATE_INTEREST: _("Our legitimate interest, after a balancing of interests (GDPR art. 6.1 f)"),
    LegalBasis.LEGAL_OBLIGATION: _("A legal obligation, e.g. the Swedish Bookkeeping Act (GDPR art. 6.1 c)"),
}


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str
    basis: LegalBasis


@dataclass(frozen=True)
class Retention:
    """How long data of a category is kept, counted from an event, and what happens then."""

    key: str
    label: str
    days: int  # counted from the event named by ``after``
    after: str  # "order_closed", "last_activity", "consent_withdrawn", "collected"
    action: str = "erase"  # or "anonymise"


@dataclass(frozen=True)
class Recipient:
    key: str
    label: str


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    purposes: tuple
    retention: str
    recipients: tuple = ()
    # Categories marked encrypted may only be bound to encrypted model fields.
    encrypted: bool = True
    optional: bool = False
    # Rules that end this data earlier in named cases (e.g. a checkout that was never paid).
    early_erasure: tuple = ()


PURPOSES = {
    purpose.key: purpose
    for purpose in (
        Purpose("purchase", _("Deliver your order and fulfil our obligations to you as a buyer"), LegalBasis.CONTRACT),
        Purpose("service_messages", _("Send service messages about your order, payment and delivery"), LegalBasis.CONTRACT),
        Purpose("customer_service", _("Help you when you contact our customer service"), LegalBasis.CONTRACT),
        Purpose(
            "aftersales", _("Handle returns, warranty and complaints (reklamation)"), LegalBasis.LEGAL_OBLIGATION
        ),
        Purpose("bookkeeping", _("Keep the accounting records the law requires"), LegalBasis.LEGAL_OBLIGATION),
        Purpose(
            "security", _("Protect you and the shop against fraud and misuse"), LegalBasis.LEGITIMATE_INTEREST
        ),
        Purpose("newsletter", _("Send you our newsletter, when you have asked for it"), LegalBasis.CONSENT),
        Purpose(
            "offers", _("Show you relevant offers and recommendations, when you have allowed it"), LegalBasis.CONSENT
        ),
        Purpose(
            "statistics",
            _("Produce general statistics on how the website is used, to develop our services"),
            LegalBasis.LEGITIMATE_INTEREST,
        ),
        Purpose(
            "cookies_preferences", _("Remember your choices and what you looked at (preference cookies)"),
            LegalBasis.CONSENT,
        ),
        Purpose("cookies_statistics", _("Count visits for general statistics (statistics cookies)"), LegalBasis.CONSENT),
        Purpose(
            "cookies_marketing", _("Show offers based on what you looked at (marketing cookies)"), LegalBasis.CONSENT
        ),
        Purpose("consent_proof", _("Be able to show what you agreed to and when"), LegalBasis.LEGAL_OBLIGATION),
        Purpose(
            "privacy_rights",
            _("Answer your requests about your personal data, honour your objections and show that we did"),
            LegalBasis.LEGAL_OBLIGATION,
        ),
    )
}

# Seven years after the end of the calendar year of the purchase (Bokföringslagen 7 kap. 2 §):
# counted generously as 8 years from the order's closing.
BOOKKEEPING_DAYS = 8 * 365

RETENTION = {
    rule.key: rule
    for rule in (
        Retention(
            "bookkeeping",
            _("7 years after the end of the year of purchase, as the Bookkeeping Act requires"),
            BOOKKEEPING_DAYS,
            "order_closed",
        ),
        Retention(
            "consumer_claims",
            _("3 years after delivery, the period in which you may make a complaint"),
            3 * 365,
            "order_closed",
        ),
        Retention("delivery", _("30 days after delivery"), 30, "order_closed"),
        Retention(
            "abandoned_checkout",
            _("30 days after the order was cancelled, for an order that was never paid"),
            30,
            "order_closed",
            action="anonymise",
        ),
        Retention("security", _("90 days after the order"), 90, "collected"),
        Retention(
            "session",
            _("Until you close the browser; 30 days from signing in when you chose to stay signed in"),
            30,
            "collected",
        ),
        Retention("account", _("As long as the account exists, and 3 years of inactivity at most"), 3 * 365, "last_activity"),
        Retention("security_audit", _("2 years"), 2 * 365, "collected"),
        Retention(
            "consent_proof",
            _("As long as the consent applies and 2 years after it ends"),
            2 * 365,
            "consent_withdrawn",
        ),
        Retention(
            "privacy_rights",
            _("2 years after your request was answered or your objection or restriction ended"),
            2 * 365,
            "request_closed",
        ),
        Retention("access_link", _("1 day after the link was sent"), 1, "collected"),
        Retention(
            "newsletter",
            _("Until you unsubscribe and 30 days after; a sign-up that was never confirmed 7 days"),
            30,
            "consent_withdrawn",
        ),
        Retention("newsletter_sent", _("2 years after the newsletter was sent"), 2 * 365, "collected"),
        Retention(
            "interests",
            _(
                "Until you withdraw your consent to personalised offers, object or restrict processing (then at "
                "once); what you looked at more than 180 days ago is forgotten"
            ),
            180,
            "consent_withdrawn",
        ),
        Retention("statistics", _("30 days, then only counts per hour and day remain"), 30, "collected"),
        Retention(
            "service_case",
            _(
                "2 years after the case was closed; returns and complaints 3 years after delivery, the period "
                "in which you may make a complaint, if that is later"
            ),
            2 * 365,
            "case_closed",
        ),
    )
}

RECIPIENTS = {
    recipient.key: recipient
    for recipient in (
        Recipient("carrier", _("The carrier that delivers your parcel")),
        Recipient(
            "payment_provider",
            _("The payment provider that handles your card or Swish payment (it receives the order number and amount)"),
        ),
        Recipient(
            "credit_provider",
            _(
                "Klarna, when you choose to pay later: through our payment provider it receives your name, address, "
                "e-mail address, the order number and amount for its credit check, which paying later under the "
                "purchase contract needs (GDPR art. 6.1 b)"
            ),
        ),
        Recipient("media_partner", _("The media partner that sends our newsletter")),
    )
}

CATEGORIES = {
    category.key: category
    for category in (
        Category(
            "identity.name", _("Name"), ("purchase", "service_messages", "customer_service", "aftersales", "bookkeeping"),
            "bookkeeping", ("carrier", "credit_provider"), early_erasure=("abandoned_checkout",),
        ),
        Category(
            "contact.address", _("Address"), ("purchase", "aftersales", "bookkeeping"), "bookkeeping",
            ("carrier", "credit_provider"), early_erasure=("abandoned_checkout",),
        ),
        Category(
            "contact.phone", _("Phone number"), ("purchase", "customer_service"), "consumer_claims", ("carrier",),
            early_erasure=("abandoned_checkout",),
        ),
        Category(
            "contact.email", _("E-mail address"),
            ("purchase", "service_messages", "customer_service", "aftersales", "newsletter"),
            "consumer_claims", ("media_partner", "credit_provider"), early_erasure=("abandoned_checkout", "access_link"),
        ),
        Category(
            "delivery.door_code", _("Door code (where given)"), ("purchase",), "delivery", ("carrier",), optional=True,
            early_erasure=("abandoned_checkout",),
        ),
        Category(
            "identity.birth_date", _("Date of birth (where we received it)"), ("purchase", "customer_service"),
            "consumer_claims", optional=True, early_erasure=("abandoned_checkout",),
        ),
        Category(
            "order.history", _("Order history"), ("purchase", "customer_service", "aftersales", "bookkeeping", "offers"),
            "bookkeeping", ("payment_provider", "credit_provider"), encrypted=False,
        ),
        Category(
            "order.note", _("Messages you write to us with an order"), ("purchase", "customer_service"),
            "consumer_claims", optional=True, early_erasure=("abandoned_checkout",),
        ),
        Category("usage.ip", _("IP address"), ("security", "statistics"), "security"),
        Category(
            "usage.statistics",
            _(
                "Page views: time, page, referring site, browser and version, operating system, device type, the "
                "network's domain (e.g. telia.com) and a visitor key that changes every day (a keyed hash of IP "
                "address and browser whose key is destroyed after the day; the IP address itself is not kept)"
            ),
            ("statistics",), "statistics", encrypted=False,
        ),
        Category(
            "usage.statistics_cookie",
            _(
                "Statistics cookie, only if you allow statistics cookies: a random id and the day your browser "
                "was first counted, kept in your browser for 12 months. We keep neither; a page view only "
                "records whether your browser was new that day or had visited before"
            ),
            ("cookies_statistics",), "statistics", encrypted=False, optional=True,
        ),
        Category(
            "usage.session",
            _(
                "Session cookie contents: your cart, language and where you are in the checkout; when you are "
                "signed in, which account and when and how you signed in (with “Remember me” ticked, "
                "this is the cookie that keeps you automatically logged in)"
            ),
            ("purchase", "security"), "session", encrypted=False,
        ),
        Category(
            "account.login",
            _(
                "Customer account login: the e-mail address you sign in with, your password (only as an Argon2 "
                "hash), second-factor keys (encrypted) and when you last signed in"
            ),
            # The sign-in address is kept readable so the account can be found at sign-in; every
            # other detail of the account (name, phone, addresses, door codes) is encrypted.
            ("purchase", "security"), "account", encrypted=False,
        ),
        Category(
            "account.cart", _("The cart saved on your account until your next visit"), ("purchase",), "account",
            encrypted=False,
        ),
        Category("staff.account", _("Staff accounts (our own employees)"), ("security",), "account", encrypted=False),
        Category(
            "staff.audit", _("Record of staff access to personal data"), ("security",), "security_audit", encrypted=False
        ),
        Category(
            "consent.choices", _("Your consent choices (newsletter, offers)"), ("consent_proof",), "consent_proof",
            encrypted=False,
        ),
        Category(
            "newsletter.subscription",
            _("Your newsletter subscription: its language and when you signed up, confirmed and unsubscribed"),
            ("newsletter",), "newsletter", encrypted=False,
        ),
        Category(
            "newsletter.sent", _("Which newsletters we sent you, and when"), ("newsletter",), "newsletter_sent",
            encrypted=False,
        ),
        Category(
            "marketing.interests",
            _(
                "Your interest profile: the categories and products you looked at in the shop, how often and "
                "when, kept only while you allow personalised offers (signed in: on your account; otherwise "
                "only in a marketing cookie in your own browser)"
            ),
            # Which account a profile belongs to is readable; what it holds is encrypted (InterestProfile.interests).
            ("offers",), "interests", encrypted=False, optional=True,
        ),
        Category(
            "privacy.rights",
            _(
                "Your requests about your personal data (access, correction, erasure, objection, restriction), "
                "how we answered them, and holds that keep data for a legal claim"
            ),
            ("privacy_rights",), "privacy_rights", encrypted=False,
        ),
        Category(
            "service.case",
            _("Your customer-service cases: number, topic, dates, state, the order and products they concern"),
            ("customer_service", "aftersales"), "service_case", encrypted=False,
        ),
        Category(
            "service.message",
            _(
                "What you write to customer service and our answers, the photos and files you send, and our "
                "decision on a complaint"
            ),
            ("customer_service", "aftersales"), "service_case",
        ),
    )
}


def category(key):
    try:
        return CATEGORIES[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a personal-data category of the inventory") from None


def check_consistency():
    """Problems in the inventory itself: unknown purposes, retention rules or recipients."""
    problems = []
    for item in CATEGORIES.values():
        problems += [f"{item.key}: unknown purpose {key!r}" for key in item.purposes if key not in PURPOSES]
        problems += [f"{item.key}: unknown recipient {key!r}" for key in item.recipients if key not in RECIPIENTS]
        problems += [
            f"{item.key}: unknown retention rule {key!r}" for key in (item.retention, *item.early_erasure)
            if key not in RETENTION
        ]
    return problems
