"""Customer service pages: contact, the case page (by account or signed link), returns and complaints.

A case is found through the signed-in account or through a signed, expiring link; an order through
the account or the browser session that placed it. Anything else answers 404
(tests/customers/test_idor.py walks these URLs).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import attachments, rules, selectors, services
from .forms import CaseMessageForm, ComplaintForm, ContactForm, ReturnForm
from .models import Attachment


def _case_url(case):
    if case.customer_id:
        return reverse("service:case", args=[case.number])
    return reverse("service:case_link", args=[selectors.link_token(case)])


def contact(request, number=None):
    """Contact customer service, from the footer of every page or about one order."""
    order = None
    if number is not None:
        order = selectors.order_for_visitor(request, number)
        if order is None:
            raise Http404("No such order")
    signed_in = request.user.is_authenticated
    if request.method == "POST":
        form = ContactForm(request.POST, request.FILES, signed_in=signed_in)
        if form.is_valid():
            data = form.cleaned_data
            case = services.open_case(
                topic=data["topic"], message=data["message"], files=data["files"],
                email=request.user.email if signed_in else data["email"],
                name=request.user.get_full_name() if signed_in else data["name"],
                customer=request.user if signed_in else None, order=order,
            )
            messages.success(request, _(
                "Thank you! Your case number is %(number)s. A confirmation is on its way to your e-mail."
            ) % {"number": case.number})
            return redirect(_case_url(case))
    else:
        form = ContactForm(signed_in=signed_in, initial={"topic": "order" if order else None})
    return render(request, "service/contact.html", {
        "form": form, "order": order, "service_address": settings.SERVICE_ADDRESS,
    })


def _case_page(request, case, post_url):
    if case is None:
        raise Http404("No such case")
    if request.method == "POST":
        form = CaseMessageForm(request.POST, request.FILES)
        if form.is_valid():
            services.add_customer_message(case=case, message=form.cleaned_data["message"],
                                          files=form.cleaned_data["files"])
            messages.success(request, _("Your message was added to the case."))
            return redirect(post_url)
    else:
        form = CaseMessageForm()
    return render(request, "service/case.html", {
        "case": case, "conversation": selectors.conversation(case), "form": form,
        "lines": list(case.lines.select_related("order_line")),
        "refund_due": services.refund_due(case) if case.topic == case.Topic.RETURN else None,
        "attachment_base": post_url, "return_address": settings.SERVICE_RETURN_ADDRESS,
    })


def case(request, number):
    found = selectors.case_of_customer(request.user, number)
    if found is None:
        raise Http404("No such case")
    return _case_page(request, found, request.path)


def case_link(request, token):
    found = selectors.case_of_link(token, request.user)
    if found is None and selectors.link_expired(token):
        return render(request, "service/link_expired.html", status=404)
    return _case_page(request, found, request.path)


def _attachment_response(found, attachment_id):
    if found is None:
        raise Http404("No such case")
    attachment = Attachment.objects.filter(case=found, pk=attachment_id).first()
    if attachment is None:
        raise Http404("No such attachment")
    return serve_attachment(attachment)


def serve_attachment(attachment):
    """The attachment's checked bytes, as a download that no browser runs or sniffs."""
    response = HttpResponse(attachments.read(attachment.stored_name), content_type=attachment.content_type)
    disposition = "inline" if attachment.content_type.startswith("image/") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="bilaga-{attachment.pk}.{attachment.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def case_attachment(request, number, attachment_id):
    return _attachment_response(selectors.case_of_customer(request.user, number), attachment_id)


def case_link_attachment(request, token, attachment_id):
    return _attachment_response(selectors.case_of_link(token, request.user), attachment_id)


@login_required
def cases(request):
    return render(request, "service/cases.html", {"cases": selectors.cases_of_customer(request.user), "section": "cases"})


def _order_or_404(request, number):
    order = selectors.order_for_visitor(request, number)
    if order is None:
        raise Http404("No such order")
    return order


def return_order(request, number):
    """Withdraw from the purchase of some lines of a delivered order (14 days)."""
    order = _order_or_404(request, number)
    window = rules.return_window(order)
    left = services.returned_quantities(order)
    lines = list(order.lines.all())
    limits = {line.pk: line.quantity - left.get(line.pk, 0) for line in lines}
    form = ReturnForm(request.POST or None, lines=lines, limits=limits)
    if request.method == "POST" and window.open and form.is_valid():
        try:
            case = services.open_return(
                order=order, quantities=form.quantities(), reason=form.cleaned_data["reason"],
                customer=order.customer if request.user.is_authenticated and order.customer_id == request.user.pk else None,
            )
        except services.ServiceError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _(
                "Your return number is %(number)s. The return instructions are on their way to your e-mail."
            ) % {"number": case.number})
            return redirect(_case_url(case))
    return render(request, "service/return.html", {"order": order, "form": form, "window": window})


def complain(request, number):
    """Report a fault in delivered goods (3 years), with photos."""
    order = _order_or_404(request, number)
    claims = rules.line_claims(order)
    window = rules.complaint_window(order, claims=claims)
    form = ComplaintForm(request.POST or None, request.FILES or None, claims=[c for c in claims if c.open])
    if request.method == "POST" and window.open and form.is_valid():
        try:
            case = services.open_complaint(
                order=order, quantities=form.quantities(), description=form.cleaned_data["description"],
                files=form.cleaned_data["files"],
                customer=order.customer if request.user.is_authenticated and order.customer_id == request.user.pk else None,
            )
        except services.ServiceError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Your complaint has case number %(number)s. We will get back to you.") % {
                "number": case.number})
            return redirect(_case_url(case))
    closed = [(claim, rules.claim_refusal(claim)) for claim in claims if not claim.open] if window.open else []
    return render(request, "service/complaint.html", {
        "order": order, "form": form, "window": window, "closed": closed,
    })
