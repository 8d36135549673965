"""Accounts for staff: customers and colleagues, found by account number or e-mail address."""

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cookstore.privacy.audit import AuditedAdminMixin

from . import services
from .models import Address, User


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0
    fields = ("first_name", "last_name", "street", "postcode", "city", "phone", "door_code", "is_default")


def setup_action_description():
    hours = settings.STAFF_SECOND_FACTOR_SETUP_HOURS
    return ngettext(
        "Allow two-step sign-in set-up for %(hours)d hour", "Allow two-step sign-in set-up for %(hours)d hours", hours
    ) % {"hours": hours}


@admin.register(User)
class AccountAdmin(AuditedAdminMixin, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    ordering = ("-date_joined",)
    list_display = ("__str__", "email", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email",)
    inlines = [AddressInline]
    actions = ["allow_second_factor_setup"]
    readonly_fields = ("second_factor_setup_until",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("first_name", "last_name", "phone", "birth_date")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions",
                                  "second_factor_setup_until")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)

    def get_queryset(self, request):
        accounts = super().get_queryset(request)
        # Colleagues' accounts only for those who manage accounts: customer service sees customers.
        return accounts if request.user.has_perm("customers.change_user") else accounts.filter(is_staff=False)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new colleague enrols their authenticator after their first sign-in: only now, with
        # an administrator's say, may a password alone lead to setting one up.
        if obj.is_staff and "is_staff" in form.changed_data:
            until = services.allow_second_factor_setup([obj])
            self.message_user(request, self.setup_allowed_message(1, until), messages.SUCCESS)

    @admin.action(description=lazy(setup_action_description, str)(), permissions=["change"])
    def allow_second_factor_setup(self, request, queryset):
        """For a lost phone: after removing the old authenticator (Authenticators), let the
        colleague enrol a new one at their next sign-in."""
        until = services.allow_second_factor_setup(queryset)
        self.message_user(request, self.setup_allowed_message(queryset.count(), until), messages.SUCCESS)

    def setup_allowed_message(self, count, until):
        return ngettext(
            "%(count)d account may set up two-step sign-in until %(until)s.",
            "%(count)d accounts may set up two-step sign-in until %(until)s.",
            count,
        ) % {"count": count, "until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")}


# django-allauth's own admin pages show sign-in addresses and second factors: audited like ours.
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class AuditedEmailAddressAdmin(AuditedAdminMixin, EmailAddressAdmin):
    pass


@admin.register(Authenticator)
class AuditedAuthenticatorAdmin(AuditedAdminMixin, AuthenticatorAdmin):
    pass
