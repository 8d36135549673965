"""Staff write campaigns and send them here; the list shows each sending's progress. Unsubscribe
requests received by e-mail are recorded here too, in one step."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from . import offers, services
from .forms import OfferAdminForm, WithdrawalByEmailForm
from .models import Campaign, Offer


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["subject_sv", "status", "progress", "started_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "progress", "started_at", "finished_at"]
    fields = ["subject_sv", "body_sv", "subject_en", "body_en", "status", "progress", "started_at", "finished_at"]
    actions = ["send_campaigns"]
    change_list_template = "admin/marketing/campaign/change_list.html"

    @admin.display(description=_("progress"))
    def progress(self, campaign):
        if campaign.status == Campaign.Status.DRAFT:
            return gettext("Not sent yet")
        total = max(campaign.audience, campaign.sent_count)
        return format_html(
            '<progress max="{}" value="{}">{}</progress> <span class="campaign-progress">{}</span>',
            total or 1, campaign.sent_count, campaign.sent_count,
            gettext("%(sent)s of %(total)s sent") % {"sent": f"{campaign.sent_count:,}".replace(",", "\u00a0"),
                                                     "total": f"{total:,}".replace(",", "\u00a0")},
        )

    def has_change_permission(self, request, obj=None):
        # A campaign that has started is a record of what was sent: no more edits.
        if obj is not None and obj.status != Campaign.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Send the selected campaigns now"), permissions=["change"])
    def send_campaigns(self, request, queryset):
        started = sum(1 for campaign in queryset if services.start_campaign(campaign))
        self.message_user(
            request,
            ngettext("%(count)d campaign is being sent.", "%(count)d campaigns are being sent.", started)
            % {"count": started},
            messages.SUCCESS if started else messages.WARNING,
        )

    def get_urls(self):
        return [
            path("withdrawal/", self.admin_site.admin_view(self.withdrawal_view), name="marketing_withdrawal"),
            *super().get_urls(),
        ]

    def withdrawal_view(self, request):
        """One step: the address from the customer's e-mail, and the withdrawal is in the ledger."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = WithdrawalByEmailForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.record_withdrawal_by_email(email=form.cleaned_data["email"], staff=request.user)
            self.message_user(request, gettext("The newsletter is stopped for that address."), messages.SUCCESS)
            return redirect(reverse("admin:marketing_withdrawal"))
        context = {
            **self.admin_site.each_context(request), "title": gettext("Unsubscribe request received by e-mail"),
            "form": form, "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/marketing/withdrawal.html", context)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Marketing defines offers here. A personal offer reaches only customers who allowed personalised
    offers and looked at its category; the list shows codes and uses, never who they reached."""

    form = OfferAdminForm
    list_display = ["code", "title_sv", "audience", "discount", "category", "valid_from", "valid_until", "uses", "is_active"]
    list_filter = ["audience", "is_active", "kind"]
    search_fields = ["code", "title_sv", "title_en"]
    readonly_fields = ["times_used", "created_at"]
    fields = [
        "code", "title_sv", "title_en", "audience", "kind", "percent", "amount", "category", "valid_from", "valid_until",
        "usage_limit", "is_active", "times_used", "created_at",
    ]

    @admin.display(description=_("discount"))
    def discount(self, offer):
        return offers.describe(offer)

    @admin.display(description=_("uses"))
    def uses(self, offer):
        return f"{offer.times_used} / {offer.usage_limit}" if offer.usage_limit is not None else str(offer.times_used)

    def has_delete_permission(self, request, obj=None):
        # Orders name the code they used: an offer is switched off ("active"), not deleted.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        offers.forget_active_offers()
