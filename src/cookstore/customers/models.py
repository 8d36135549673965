"""Accounts for customers and staff, their saved addresses and the cart kept between visits.

Customers sign in with their e-mail address (django-allauth keeps the address and its
verification in its own table). Everything else that describes the person — name, phone, date
of birth, addresses and door codes — is encrypted at rest like an order's details.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from cookstore.core.crypto import EncryptedDateField, EncryptedTextField


def second_factor_setup_deadline():
    """Until when an account allowed to set up its second factor now may do so."""
    return timezone.now() + timedelta(hours=settings.STAFF_SECOND_FACTOR_SETUP_HOURS)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("an account needs an e-mail address")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        # The first administrator has nobody to let them enrol their authenticator.
        fields.setdefault("second_factor_setup_until", second_factor_setup_deadline())
        return self._create_user(email, password, **fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = EncryptedTextField(_("first name"), blank=True, default="")
    last_name = EncryptedTextField(_("last name"), blank=True, default="")
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    # Part of every session's authentication hash: raising it signs the account out everywhere.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Staff may enrol an authenticator only before this time, set by an administrator (or by
    # createsuperuser) and cleared once one is added. Customers enrol freely and never need it.
    second_factor_setup_until = models.DateTimeField(
        _("may set up two-step sign-in until"), null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        # Admin logs and messages show this: the account number, never the e-mail address.
        return f"#{self.pk}"

    def _get_session_auth_hash(self, secret=None):
        return salted_hmac(
            "cookstore.customers.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def may_set_up_second_factor(self):
        """Customers always; staff only while an administrator's permission is open."""
        if not self.is_staff:
            return True
        return self.second_factor_setup_until is not None and self.second_factor_setup_until > timezone.now()


class Address(models.Model):
    """A delivery address saved on an account ("Mina sidor"), door code included."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("account"))
    first_name = EncryptedTextField(_("first name"))
    last_name = EncryptedTextField(_("last name"))
    street = EncryptedTextField(_("street address"))
    postcode = EncryptedTextField(_("postcode"))
    city = EncryptedTextField(_("city"))
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    door_code = EncryptedTextField(_("door code"), blank=True, default="")
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return f"#{self.pk}"


class SavedCart(models.Model):
    """A signed-in customer's cart, kept so that it is there again at the next sign-in."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="saved_cart")
    items = models.JSONField(default=dict)  # {product id: quantity}, as the session cart holds it
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"#{self.pk}"
