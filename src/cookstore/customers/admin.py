"""Accounts for staff: customers and colleagues, found by account number or e-mail address."""

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from cookstore.privacy.audit import AuditedAdminMixin

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


@admin.register(User)
class AccountAdmin(AuditedAdminMixin, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    ordering = ("-date_joined",)
    list_display = ("__str__", "email", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email",)
    inlines = [AddressInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("first_name", "last_name", "phone", "birth_date")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)

    def get_queryset(self, request):
        accounts = super().get_queryset(request)
        # Colleagues' accounts only for those who manage accounts: customer service sees customers.
        return accounts if request.user.has_perm("customers.change_user") else accounts.filter(is_staff=False)


# django-allauth's own admin pages show sign-in addresses and second factors: audited like ours.
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class AuditedEmailAddressAdmin(AuditedAdminMixin, EmailAddressAdmin):
    pass


@admin.register(Authenticator)
class AuditedAuthenticatorAdmin(AuditedAdminMixin, AuthenticatorAdmin):
    pass
