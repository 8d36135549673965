"""Cookstore settings: one module, every knob an environment variable with an embedded default.

The defaults run the shop on a laptop with nothing else installed (SQLite, local-memory cache,
console e-mail). Production sets ``COOKSTORE_DEBUG=0`` plus a secret key, allowed hosts and a
database URL; with those, ``manage.py check --deploy`` reports nothing.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_base_url(name, default):
    """A public address as ``scheme://host[:port]``, nothing after it (paths are added to it)."""
    value = os.environ.get(name) or default
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"} or parts.query:
        raise ImproperlyConfigured(f"{name} must be the shop's public address like https://shop.example, not {value!r}")
    return f"{parts.scheme}://{parts.netloc}"


DEBUG = env_bool("COOKSTORE_DEBUG", True)
DATA_DIR = Path(env_str("COOKSTORE_DATA_DIR", str(BASE_DIR / "var")))

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghij"
SECRET_KEY = env_str("COOKSTORE_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("COOKSTORE_SECRET_KEY must be set when COOKSTORE_DEBUG=0")

# Personal data is encrypted at rest field by field (cookstore.core.crypto).
# COOKSTORE_FIELD_KEYS="k20260301:<key>,k20250101:<key>": the first key encrypts, the ones after it
# only decrypt until `manage.py rotate_field_keys` has moved every row to the first. A separate
# COOKSTORE_LOOKUP_KEY keys the hashes that find orders by e-mail; changing it orphans them.
# Development derives fixed keys from SECRET_KEY so a laptop's database survives restarts.
import base64 as _base64  # noqa: E402 (kept inside this block, which owns the key handling)
import binascii as _binascii  # noqa: E402
import re as _re  # noqa: E402

from cryptography.hazmat.primitives.hashes import SHA256 as _SHA256  # noqa: E402
from cryptography.hazmat.primitives.kdf.hkdf import HKDF as _HKDF  # noqa: E402

_key_help = (
    "Generate a key line with `COOKSTORE_DEBUG=1 python manage.py generate_field_key` for "
    "COOKSTORE_FIELD_KEYS and a bare key with `COOKSTORE_DEBUG=1 python manage.py generate_field_key "
    "--lookup` for COOKSTORE_LOOKUP_KEY, and keep both as safe as the database backups."
)


def _decode_key(name, text):
    # Never echo the value: these messages reach logs and terminals.
    text = text.strip()
    try:
        key = _base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (ValueError, _binascii.Error):
        raise ImproperlyConfigured(f"{name} holds a key that is not urlsafe base64. {_key_help}") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} holds a key of {len(key)} bytes; keys are 32 bytes. {_key_help}")
    return key


def _field_keys(text):
    keys = []
    for entry in (item.strip() for item in text.split(",") if item.strip()):
        key_id, sep, key = entry.partition(":")
        if not sep or not _re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", key_id):
            raise ImproperlyConfigured(
                "COOKSTORE_FIELD_KEYS must be comma-separated key_id:key entries with key ids of letters, "
                f"digits, '.', '_' or '-'. {_key_help}"
            )
        if key_id in dict(keys):
            raise ImproperlyConfigured(f"COOKSTORE_FIELD_KEYS names key id {key_id!r} twice; key ids must be unique.")
        keys.append((key_id, _decode_key(f"COOKSTORE_FIELD_KEYS ({key_id})", key)))
    return keys


def _dev_key(purpose):
    return _HKDF(algorithm=_SHA256(), length=32, salt=None, info=purpose).derive(SECRET_KEY.encode())


FIELD_ENCRYPTION_KEYS = _field_keys(env_str("COOKSTORE_FIELD_KEYS"))
LOOKUP_HASH_KEY = env_str("COOKSTORE_LOOKUP_KEY").strip()
LOOKUP_HASH_KEY = _decode_key("COOKSTORE_LOOKUP_KEY", LOOKUP_HASH_KEY) if LOOKUP_HASH_KEY else None
if DEBUG:
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [("dev", _dev_key(b"cookstore field encryption"))]
    LOOKUP_HASH_KEY = LOOKUP_HASH_KEY or _dev_key(b"cookstore lookup hash")
elif not FIELD_ENCRYPTION_KEYS or not LOOKUP_HASH_KEY:
    raise ImproperlyConfigured(
        "COOKSTORE_FIELD_KEYS and COOKSTORE_LOOKUP_KEY must be set when COOKSTORE_DEBUG=0: they encrypt "
        f"personal data at rest and key its lookup hashes. {_key_help}"
    )
if LOOKUP_HASH_KEY in dict(FIELD_ENCRYPTION_KEYS).values():
    raise ImproperlyConfigured("COOKSTORE_LOOKUP_KEY must be a key of its own, not one of COOKSTORE_FIELD_KEYS.")

ALLOWED_HOSTS = env_list("COOKSTORE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("COOKSTORE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Before django_tasks_db: its `db_worker` command is core's, which puts back the tasks of a
    # worker that died while running them.
    "cookstore.core",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "cookstore.privacy",
    "cookstore.customers",
    "cookstore.catalog",
    "cookstore.cart",
    "cookstore.shipping",
    "cookstore.checkout",
    "cookstore.payments",
    "cookstore.notifications",
    "cookstore.marketing",
    "cookstore.service",
    "cookstore.backoffice",
    "cookstore.analytics",
]
AUTH_USER_MODEL = "customers.User"

MIDDLEWARE = [
    "cookstore.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cookstore.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cookstore.analytics.collect.StatisticsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cookstore.customers.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "cookstore.urls"
WSGI_APPLICATION = "cookstore.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "cookstore.catalog.context_processors.shop",
            ],
            "builtins": ["cookstore.core.templatetags.shop"],
        },
    }
]
FORM_RENDERER = "cookstore.core.forms.ShopFormRenderer"

# Database: SQLite in WAL mode by default; any dj-database-url URL (PostgreSQL in production).
DATABASE_URL = env_str("COOKSTORE_DATABASE_URL", f"sqlite:///{DATA_DIR / 'cookstore.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("COOKSTORE_DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("COOKSTORE_REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cookstore",
            "OPTIONS": {"MAX_ENTRIES": env_int("COOKSTORE_LOCMEM_MAX_ENTRIES", 20000)},
        }
    }

# The cached session engine only where the cache is shared by every web process (Redis): a
# per-process cache would serve one worker's stale copy of a session over another's newer one.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "cookstore.core.session_store"
# How long "remember me" keeps a customer signed in on one browser. Every other session ends
# when the browser closes (and its row is removed by `clearsessions` after this time).
SESSION_COOKIE_AGE = env_int("COOKSTORE_SESSION_AGE", 30 * 24 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cookstore.core.views.csrf_failure"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Accounts: django-allauth (sign-up, e-mail verification, password reset, change of e-mail,
# rate limits, TOTP) with our own templates. Customers sign in with their e-mail address.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "customers:overview"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None  # ask: unticked by default
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_ADAPTER = "cookstore.customers.adapters.AccountAdapter"
ACCOUNT_USER_DISPLAY = "cookstore.customers.adapters.user_display"
ACCOUNT_FORMS = {"signup": "cookstore.customers.forms.SignupForm", "login": "cookstore.customers.forms.LoginForm"}
# Failed logins: 5 per account per 15 minutes, 20 per client address per 15 minutes. The limits
# live in the cache: shared by every web process only with Redis (COOKSTORE_REDIS_URL).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("COOKSTORE_LOGIN_FAILED_LIMIT", "20/15m/ip,5/15m/key"),
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_ADAPTER = "cookstore.customers.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff may enrol an authenticator only while an administrator has allowed it (a new colleague,
# a lost phone): a known password alone must not be enough to set up the second factor.
STAFF_SECOND_FACTOR_SETUP_HOURS = env_int("COOKSTORE_STAFF_SECOND_FACTOR_SETUP_HOURS", 24)
# How long a code entered at sign-in opens the admin; after that the admin asks for a new code,
# even in a "remember me" session that stays signed in for weeks.
STAFF_SECOND_FACTOR_HOURS = env_int("COOKSTORE_STAFF_SECOND_FACTOR_HOURS", 12)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# HTTPS: on whenever debug is off, unless the operator turns it off (the benchmark serves plain HTTP).
HTTPS = env_bool("COOKSTORE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("COOKSTORE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("COOKSTORE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The sign-in limits count per client address: behind the proxy that is the last address the
    # proxy adds to X-Forwarded-For, not the proxy's own (which would make every visitor one client).
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("COOKSTORE_TRUSTED_PROXIES", 1)
# Health checks and metrics answer on plain HTTP too: probes talk to a web process directly.
SECURE_REDIRECT_EXEMPT = [r"^-/"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the shop uses, turned off for every page (and anything it embeds).
PERMISSIONS_POLICY = [
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
    "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking", "browsing-topics",
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The nonce is sent only on pages that use it: the JSON-LD data blocks of catalog pages.
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("COOKSTORE_MEDIA_ROOT", str(DATA_DIR / "media")))
# Product images are served by the app itself only when asked (the demo and development);
# production puts the media folder behind the web server or a CDN of the merchant's choice.
SERVE_MEDIA = env_bool("COOKSTORE_SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = DEBUG

# Mail: printed to the console by default; COOKSTORE_SMTP_HOST switches to real SMTP.
SMTP_HOST = env_str("COOKSTORE_SMTP_HOST", "")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("COOKSTORE_SMTP_PORT", 587),
                "username": env_str("COOKSTORE_SMTP_USER", ""),
                "password": env_str("COOKSTORE_SMTP_PASSWORD", ""),
                "use_tls": env_bool("COOKSTORE_SMTP_STARTTLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("COOKSTORE_FROM_EMAIL", "Cookstore <kundservice@cookstore.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where mail clients send a newsletter unsubscribe by mail (List-Unsubscribe mailto:); default
# avregistrera@ the sender's domain. Staff record such requests in the admin (Campaigns).
NEWSLETTER_UNSUBSCRIBE_MAILBOX = env_str("COOKSTORE_NEWSLETTER_UNSUBSCRIBE_MAILBOX", "")

# Logs: one JSON object per line with the request id ("json", the default with debug off), or
# plain text for a developer's terminal. A line per request comes from "cookstore.request"
# (method, URL pattern, status, milliseconds; never the visitor's address, browser or account).
LOG_FORMAT = env_str("COOKSTORE_LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"COOKSTORE_LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "cookstore.core.logs.JsonFormatter"},
    },
    # Card numbers must never reach a log, whoever logs them: every handler redacts them.
    "filters": {
        "redact_card_numbers": {"()": "cookstore.core.pan.CardNumberRedactingFilter"},
        "request_id": {"()": "cookstore.core.logs.RequestIdFilter"},
        # Django's lines about failed requests name the URL's name, not its path (tokens, order numbers).
        "request_paths": {"()": "cookstore.core.logs.RequestPathFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_paths", "redact_card_numbers", "request_id"]
        }
    },
    "root": {"handlers": ["console"], "level": env_str("COOKSTORE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING" if not DEBUG else "INFO", "propagate": False},
        # The line per request: on in production, off on a developer's console (runserver has its own).
        "cookstore.request": {"level": env_str("COOKSTORE_REQUEST_LOG_LEVEL", "WARNING" if DEBUG else "INFO")},
    },
}
# Prometheus scrapes /-/metrics/ with this bearer token; without one the page is a 404.
METRICS_TOKEN = env_str("COOKSTORE_METRICS_TOKEN", "")

# Background work (e-mails, releasing unpaid reservations, webhook deliveries of the test PSP):
# Django's tasks API on the database, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task still marked running this long after it started is taken to belong to a worker that died
# (killed, machine lost) and is run again by another: every task is safe to run twice. Keep it
# well above the longest a task of the shop may take.
TASK_LEASE_SECONDS = env_int("COOKSTORE_TASK_LEASE_SECONDS", 900)

# Payments: the built-in test provider by default; "stripe" with the Stripe keys in production.
PAYMENT_PROVIDER = env_str("COOKSTORE_PAYMENT_PROVIDER", "testpsp" if DEBUG else "stripe")
TESTPSP_SECRET = env_str("COOKSTORE_TESTPSP_SECRET", "testpsp-dev-secret" if DEBUG else "")
TESTPSP_WEBHOOK_URL = env_str("COOKSTORE_TESTPSP_WEBHOOK_URL", "")  # default: SHOP_BASE_URL + the webhook path
STRIPE_SECRET_KEY = env_str("COOKSTORE_STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env_str("COOKSTORE_STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("COOKSTORE_STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env_str("COOKSTORE_STRIPE_API_BASE", "")  # a local fake Stripe in tests
WEBHOOK_TOLERANCE_SECONDS = env_int("COOKSTORE_WEBHOOK_TOLERANCE_SECONDS", 300)
# The ways to pay offered at checkout, in this order (cookstore.payments.methods names them).
PAYMENT_METHODS = env_list("COOKSTORE_PAYMENT_METHODS", ["card", "swish", "klarna"])
if not PAYMENT_METHODS or set(PAYMENT_METHODS) - {"card", "swish", "klarna"} or len(set(PAYMENT_METHODS)) < len(PAYMENT_METHODS):
    raise ImproperlyConfigured("COOKSTORE_PAYMENT_METHODS must list one or more of card, swish, klarna, each once")
# The test provider: how long a Swish request waits for the app, and how late a "paid late" payment settles.
TESTPSP_SWISH_TIMEOUT_SECONDS = env_int("COOKSTORE_TESTPSP_SWISH_TIMEOUT_SECONDS", 180)
TESTPSP_LATE_SECONDS = env_int("COOKSTORE_TESTPSP_LATE_SECONDS", 20)
if PAYMENT_PROVIDER == "testpsp" and not TESTPSP_SECRET:
    raise ImproperlyConfigured("COOKSTORE_TESTPSP_SECRET must be set to use the test payment provider")
if PAYMENT_PROVIDER == "stripe" and not DEBUG and not (
    STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET
):
    raise ImproperlyConfigured(
        "COOKSTORE_STRIPE_SECRET_KEY, COOKSTORE_STRIPE_PUBLISHABLE_KEY and COOKSTORE_STRIPE_WEBHOOK_SECRET must be "
        "set to take payments with Stripe"
    )

# Shop knobs.
SHOP_NAME = env_str("COOKSTORE_SHOP_NAME", "Cookstore")
MFA_TOTP_ISSUER = SHOP_NAME

# Canonical links, hreflang alternates, sitemaps and e-mails are built on it: in production the
# public https address (a deploy check says so).
SHOP_BASE_URL = env_base_url("COOKSTORE_BASE_URL", "http://127.0.0.1:8000")
PRODUCTS_PER_PAGE = env_int("COOKSTORE_PRODUCTS_PER_PAGE", 24)
CART_MAX_QUANTITY = env_int("COOKSTORE_CART_MAX_QUANTITY", 99)

# Customer service (cookstore.service): the address customers write to, where their attachments
# are kept (outside MEDIA_ROOT: never served by the web server), and the inbound mail receiver.
SERVICE_ADDRESS = env_str("COOKSTORE_SERVICE_ADDRESS", "kundservice@cookstore.example")
SERVICE_ATTACHMENTS_DIR = Path(env_str("COOKSTORE_SERVICE_ATTACHMENTS_DIR", str(DATA_DIR / "service-attachments")))
SERVICE_ATTACHMENT_MAX_BYTES = env_int("COOKSTORE_SERVICE_ATTACHMENT_MAX_BYTES", 8 * 1024 * 1024)
SERVICE_LINK_DAYS = env_int("COOKSTORE_SERVICE_LINK_DAYS", 60)
SERVICE_INBOUND_PORT = env_int("COOKSTORE_SERVICE_INBOUND_PORT", 2525)
SERVICE_RETURN_ADDRESS = env_str("COOKSTORE_SERVICE_RETURN_ADDRESS", "Cookstore Returer, Box 1234, 111 22 Stockholm")
RESERVATION_MINUTES = env_int("COOKSTORE_RESERVATION_MINUTES", 30)
FREE_SHIPPING_OVER = env_int("COOKSTORE_FREE_SHIPPING_OVER", 79900)  # öre incl. VAT; 0 turns it off
BENCH_TRIVIAL_VIEW = env_bool("COOKSTORE_BENCH_TRIVIAL_VIEW", DEBUG)
PAGE_CACHE_SECONDS = env_int("COOKSTORE_PAGE_CACHE_SECONDS", 3600)

# Site statistics (cookstore.analytics): counted on the server, no cookie, no stored IP address.
# Page views wait in each process's memory until STATS_BATCH_SIZE of them or STATS_FLUSH_SECONDS
# have gathered, then go to the database in one INSERT.
STATS_ENABLED = env_bool("COOKSTORE_STATS", True)
STATS_BATCH_SIZE = env_int("COOKSTORE_STATS_BATCH_SIZE", 200)
STATS_FLUSH_SECONDS = env_int("COOKSTORE_STATS_FLUSH_SECONDS", 10)
# The INSERT runs on a writer thread of the web process, so no visitor's request waits for it.
STATS_WRITE_IN_BACKGROUND = env_bool("COOKSTORE_STATS_WRITE_IN_BACKGROUND", True)
# The visitor's network domain (e.g. telia.com) by reverse DNS, on a thread pool off the request.
STATS_REVERSE_DNS = env_bool("COOKSTORE_STATS_REVERSE_DNS", True)
STATS_REVERSE_DNS_TIMEOUT = env_int("COOKSTORE_STATS_REVERSE_DNS_TIMEOUT", 2)
