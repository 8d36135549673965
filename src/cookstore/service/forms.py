"""Forms of customer service: contact, a further message on a case, a return, a complaint."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import attachments
from .models import Case

CUSTOMER_TOPICS = [
    (Case.Topic.ORDER, Case.Topic.ORDER.label),
    (Case.Topic.PRODUCT, Case.Topic.PRODUCT.label),
    (Case.Topic.PRIVACY, Case.Topic.PRIVACY.label),
    (Case.Topic.NEWSLETTER, Case.Topic.NEWSLETTER.label),
    (Case.Topic.OTHER, Case.Topic.OTHER.label),
]
NO_CARD_NUMBERS = _("Never write card details here: we never ask for them.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``attachments.MAX_FILES`` photos or PDFs, each checked by its content.

    Cleans to a list of (bytes, content type) ready to store: nothing is written while the form is
    checked, so a form with one bad file stores nothing at all.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if len(uploads) > attachments.MAX_FILES:
            raise forms.ValidationError(_("At most %(count)s files, please.") % {"count": attachments.MAX_FILES})
        checked = []
        for upload in uploads:
            upload = super().clean(upload, initial)
            try:
                checked.append(attachments.clean(upload))
            except attachments.AttachmentRefused as refused:
                raise forms.ValidationError(f"{upload.name[:80]}: {refused}") from None
        if self.required and not checked:
            raise forms.ValidationError(self.error_messages["required"])
        return checked


def message_field(label=_("Your message"), required=True):
    return forms.CharField(
        label=label, max_length=5000, required=required, help_text=NO_CARD_NUMBERS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ContactForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=CUSTOMER_TOPICS)
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We answer here, and the case page link comes to this address."),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    message = message_field()
    files = AttachmentsField(
        label=_("Attachment (optional)"), help_text=_("Photos (JPEG, PNG) or a PDF, at most 8 MB each."),
    )

    def __init__(self, *args, signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:  # the account's address is used
            del self.fields["email"]
            del self.fields["name"]

    def clean_email(self):
        return self.cleaned_data["email"].strip()


class CaseMessageForm(forms.Form):
    message = message_field()
    files = AttachmentsField(label=_("Attachment (optional)"))


class _LinesForm(forms.Form):
    """One quantity field per order line ("line_<id>"), up to what may be chosen of it."""

    def __init__(self, *args, lines=(), limits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            most = (limits or {}).get(line.pk, line.quantity)
            self.fields[f"line_{line.pk}"] = forms.TypedChoiceField(
                label=line.display_name, coerce=int, choices=[(n, n) for n in range(most + 1)], initial=0,
                required=False, empty_value=0,
            )

    def line_rows(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def quantities(self):
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line in self.lines}

    def clean(self):
        cleaned = super().clean()
        if self.lines and not any(self.quantities().values()):
            raise forms.ValidationError(_("Choose at least one product."))
        return cleaned


class ReturnForm(_LinesForm):
    reason = forms.CharField(
        label=_("Why are you returning it? (optional)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplaintForm(_LinesForm):
    """The lines still claimable (``rules.LineClaim``s), each shown with what it is claimed under and until when."""

    description = message_field(_("Describe the fault"))

    def __init__(self, *args, claims=(), **kwargs):
        self.claims = {claim.line.pk: claim for claim in claims}
        super().__init__(*args, lines=[claim.line for claim in claims], **kwargs)

    def claim_rows(self):
        return [(line, field, self.claims[line.pk]) for line, field in self.line_rows()]

    files = AttachmentsField(label=_("Photos of the fault"), help_text=_("Photos (JPEG, PNG) or a PDF, at most 8 MB each."))
