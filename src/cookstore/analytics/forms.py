"""The statistics page's choice of period."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import Period

PRESETS = {"today": 1, "7": 7, "30": 30, "90": 90, "365": 365}
LONGEST_DAYS = 3 * 366


class PeriodForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Period"), required=False,
        choices=[("", _("Chosen dates")), ("today", _("Today")), ("7", _("Last 7 days")), ("30", _("Last 30 days")),
                 ("90", _("Last 90 days")), ("365", _("Last 12 months"))],
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if data.get("preset") or self.errors:
            return data
        if start and end and start > end:
            raise forms.ValidationError(_("The first day must come before the last."))
        if start and end and (end - start).days >= LONGEST_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    def period(self):
        """The chosen period; the last 30 days when nothing (or nothing valid) was chosen."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        preset = data.get("preset") or ("" if data.get("start") or data.get("end") else "30")
        if preset:
            return Period(today - timedelta(days=PRESETS[preset] - 1), today)
        start = data.get("start") or (data["end"] - timedelta(days=29))
        end = data.get("end") or today
        return Period(min(start, end), end)
