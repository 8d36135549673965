"""Newsletter pages: sign-up with double opt-in, its confirmation, and unsubscribing in one click."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cookstore.core.pagecache import render_page

from . import services, tasks
from .forms import SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    """The form answers the same whatever the address (it never tells whether one is subscribed)."""
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            subscriber, send = services.request_signup(email=form.cleaned_data["email"], language=get_language())
            if send:
                transaction.on_commit(lambda: tasks.send_confirmation.enqueue(subscriber.pk))
            return redirect("marketing:signup-sent")
    else:
        form = SignupForm()
    return render_page(request, "marketing/signup.html", {"form": form})


def signup_sent(request):
    return render_page(request, "marketing/signup_sent.html", {})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows one button (mail scanners open links); the POST records the consent."""
    if request.method == "POST":
        subscriber = services.confirm_signup(token=token)
        if subscriber is None:
            return render_page(request, "marketing/confirm.html", {"invalid": True}, status=400)
        return render_page(request, "marketing/confirm.html", {"confirmed": True})
    valid = services.subscriber_from_token(token, salt=services.CONFIRM_SALT, max_age=services.CONFIRM_MAX_AGE)
    return render_page(
        request, "marketing/confirm.html", {"invalid": valid is None},
        status=200 if valid else 400,
    )


@csrf_exempt  # RFC 8058: the mail client posts without our cookies; the signed token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click (the link in the mail) or a mail client's one-click POST: unsubscribed at once,
    without signing in. The page offers to undo it, in case someone else clicked."""
    subscriber = services.subscriber_from_token(token, salt=services.UNSUBSCRIBE_SALT)
    if subscriber is None:
        response = render_page(request, "marketing/unsubscribed.html", {"invalid": True}, status=400)
    elif request.method == "POST" and request.POST.get("undo") == "1":
        services.confirm_again(subscriber=subscriber, wording=str(services.SIGNUP_WORDING))
        response = render_page(request, "marketing/unsubscribed.html", {"undone": True})
    else:
        services.unsubscribe(subscriber=subscriber, source="one-click" if request.method == "POST" else "link")
        if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
            response = HttpResponse("unsubscribed\n", content_type="text/plain")
        else:
            response = render_page(request, "marketing/unsubscribed.html", {"token": token})
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
