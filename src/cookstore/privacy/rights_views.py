"""The customer's own privacy pages ("Mina uppgifter"): see and download their data, correct it, object,
restrict, erase, and see who received it. For a signed-in customer through the account; for a guest
customer through a link e-mailed to their order's address (``access_links``)."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cookstore.core.pan import redact_card_numbers

from . import access_links, inventory, registry, rights, selectors, services
from .models import DataSubjectRequest, ProcessingLimit
from .subjects import ErasureBlocked

log = logging.getLogger(__name__)
Kind = DataSubjectRequest.Kind


class LinkRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The e-mail address you ordered with"), max_length=254)


class RectificationForm(forms.Form):
    details = forms.CharField(
        label=gettext_lazy("What is wrong, and what should it say?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Yes, erase my data as described above"))
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )


def _subject(request):
    """The subject this visitor may act for: their account, or the guest access of an opened link."""
    if request.user.is_authenticated:
        return registry.subject_of_account(request.user)
    return access_links.guest_subject(request)


def _context(request, subject, **extra):
    signed_in = request.user.is_authenticated
    return {
        "base_template": "customers/base.html" if signed_in else "base.html", "section": "privacy",
        "signed_in": signed_in, "subject": subject, **extra,
    }


def _required_subject(request):
    subject = _subject(request)
    if subject is None:
        raise Http404("No access")  # the same answer as for a page that does not exist
    return subject


@never_cache
def my_data(request):
    """Guests without access ask for a link here; everyone with access sees their data."""
    subject = _subject(request)
    if subject is None:
        return _request_link(request)
    export = rights.export_subject(subject)
    limits = selectors.limits_in_force(emails=subject.emails)
    disclosures = [
        (item, [inventory.CATEGORIES[key].label for key in item.categories if key in inventory.CATEGORIES])
        for item in sorted(
            (item for email in subject.emails for item in selectors.disclosures(email=email)),
            key=lambda item: item.created_at, reverse=True,
        )
    ]
    rows = []
    for category in export.categories():
        rows.append({
            "category": category,
            "purposes": [inventory.PURPOSES[key] for key in category.purposes],
            "retention": inventory.RETENTION[category.retention],
            "recipients": [inventory.RECIPIENTS[key] for key in category.recipients],
        })
    return render(request, "privacy/my_data.html", _context(
        request, subject, export=export, categories=rows, disclosures=disclosures,
        objecting=ProcessingLimit.Kind.OBJECTION in limits, restricted=ProcessingLimit.Kind.RESTRICTION in limits,
        guest_until=request.session.get(access_links.SESSION_KEY, {}).get("until") if not request.user.is_authenticated else None,
    ))


def _request_link(request):
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = access_links.request_link(
            email=form.cleaned_data["email"], client=request.META.get("REMOTE_ADDR", ""), language=get_language()
        )
        if not sent:
            messages.error(request, _("Too many links were asked for. Please try again in an hour."))
            return redirect("privacy:my_data")
        return render(request, "privacy/link_sent.html", _context(request, None))
    return render(request, "privacy/request_link.html", _context(request, None, form=form), status=400 if form.errors else 200)


@never_cache
def open_link(request, token):
    """GET shows a button (mail scanners fetch links and must not use them up); POST opens the access."""
    if request.method == "POST":
        if access_links.open_link(request, token):
            return redirect("privacy:my_data")
        return render(request, "privacy/link_invalid.html", _context(request, None), status=410)
    return render(request, "privacy/open_link.html", _context(request, None, token=token))


@never_cache
def export_json(request):
    subject = _required_subject(request)
    export = rights.export_subject(subject)
    services.log_request(email=subject.emails[0], kind=Kind.ACCESS, details="JSON")
    response = HttpResponse(rights.export_as_json(export, emails=subject.emails), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{timezone.now():%Y-%m-%d}.json"'
    return response


@require_POST
def object_to_marketing(request):
    subject = _required_subject(request)
    if request.POST.get("lift") == "1":
        services.lift_limit(emails=subject.emails, kind=ProcessingLimit.Kind.OBJECTION)
        messages.success(request, _("Your objection was lifted. We still send newsletters only if you ask for them."))
    else:
        services.object_to_marketing(emails=subject.emails, source=_source(request))
        services.log_request(email=subject.emails[0], kind=Kind.OBJECTION)
        messages.success(request, _("Done: from now on we send you no marketing and use no profile of you for offers."))
    return redirect("privacy:my_data")


@require_POST
def restrict(request):
    subject = _required_subject(request)
    if request.POST.get("lift") == "1":
        services.lift_limit(emails=subject.emails, kind=ProcessingLimit.Kind.RESTRICTION)
        messages.success(request, _("The restriction was lifted."))
    else:
        services.restrict_processing(emails=subject.emails, source=_source(request))
        services.log_request(email=subject.emails[0], kind=Kind.RESTRICTION)
        messages.success(request, _(
            "Done: we keep your data but use it for nothing else than keeping it, until you lift the restriction."
        ))
    return redirect("privacy:my_data")


@never_cache
def rectify(request):
    subject = _required_subject(request)
    form = RectificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.log_request(
            email=subject.emails[0], kind=Kind.RECTIFICATION, details=redact_card_numbers(form.cleaned_data["details"]),
            done=False,
        )
        messages.success(request, _("Thank you. We correct it and answer you by e-mail within one month at the latest."))
        return redirect("privacy:my_data")
    return render(request, "privacy/rectify.html", _context(request, subject, form=form), status=400 if form.errors else 200)


@never_cache
def erase(request):
    subject = _required_subject(request)
    blockers = rights.erasure_blockers(subject)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        if request.user.is_authenticated and not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("The password is not right."))
        else:
            try:
                kept = rights.erase_subject(subject)
            except ErasureBlocked as blocked:
                blockers = blocked.reasons
            else:
                services.log_request(email=subject.emails[0], kind=Kind.ERASURE)
                log.info("erasure carried out (%d items kept for the law)", len(kept))
                if request.user.is_authenticated:
                    logout(request)
                access_links.end_guest_access(request)
                return render(request, "privacy/erased.html", _context(request, None, kept=kept, rows=_kept_rows(kept)))
    return render(request, "privacy/erase.html", _context(
        request, subject, form=form, blockers=blockers,
    ), status=400 if request.method == "POST" else 200)


def _kept_rows(kept):
    return [
        {"item": item, "category": inventory.CATEGORIES[item.category], "purpose": inventory.PURPOSES[item.reason]}
        for item in kept
    ]


@require_POST
def end_access(request):
    access_links.end_guest_access(request)
    return redirect("privacy:my_data")


def _source(request):
    return f"account:{request.user.pk}" if request.user.is_authenticated else "guest-link"
