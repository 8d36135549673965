"""Staff write campaigns and send them here; the list shows each sending's progress. Unsubscribe
requests received by e-mail are recorded here too, in one step."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from . import services
from .forms import WithdrawalByEmailForm
from .models import Campaign


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
