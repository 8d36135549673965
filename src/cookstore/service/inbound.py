"""Mail to customer service becomes a case: an SMTP receiver (aiosmtpd) on 127.0.0.1.

The shop's mail server delivers what arrives for the service address (``COOKSTORE_SERVICE_ADDRESS``)
and its plus-addresses to this receiver (``manage.py service_inbound``). A mail to
``kundservice+<token>@…`` (the reply address of every case mail), or one whose subject carries
``[ref:<token>]``, from the case's own address, is added to that case; anything else opens a new
case. Photos and PDFs attached go through the same checks as uploads. Automatic replies (out of
office, bounces) are accepted and dropped, so that two robots never answer each other forever.
"""

import asyncio
import email
import email.policy
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.core.validators import validate_email
from django.db import connections
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from cookstore.core.crypto import lookup_hash

from . import attachments, services
from .models import Case

log = logging.getLogger(__name__)

MAX_MAIL_BYTES = 30 * 1024 * 1024
TOKEN = r"([0-9a-f]{32})"
SUBJECT_TOKEN = re.compile(r"\[ref:" + TOKEN + r"\]", re.IGNORECASE)
# Where a reply's quotation of our own mail starts: it is ours already, keep only what is new.
QUOTE_START = re.compile(
    r"^(>|On .+ wrote:\s*$|Den .+ skrev( .+)?:\s*$|-----Original Message-----|-----Ursprungligt meddelande-----)",
    re.MULTILINE,
)


def _service_parts():
    local, _at, domain = settings.SERVICE_ADDRESS.lower().partition("@")
    return local, domain


def token_of_address(address):
    """The case token in ``kundservice+<token>@domain``; "" for the plain service address, None if not ours."""
    local, domain = _service_parts()
    name, _at, host = address.strip().lower().partition("@")
    if host != domain:
        return None
    if name == local:
        return ""
    match = re.fullmatch(re.escape(local) + r"\+" + TOKEN, name)
    return match.group(1) if match else None


class _Bytes:
    """Just enough of an uploaded file for ``attachments.clean``."""

    def __init__(self, data, name):
        self._data, self.name, self.size = data, name, len(data)

    def read(self, limit=-1):
        return self._data if limit < 0 else self._data[:limit]


def _text_of(message):
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content().replace("\r\n", "\n")
    if part.get_content_subtype() == "html":
        text = strip_tags(text)
    match = QUOTE_START.search(text)
    return (text[: match.start()] if match else text).strip()


def _files_of(message):
    files, refused = [], []
    for part in message.iter_attachments():
        if part.get_content_maintype() != "image" and part.get_content_type() != "application/pdf":
            refused.append(part.get_filename() or part.get_content_type())
            continue
        data = part.get_payload(decode=True) or b""
        try:
            files.append(attachments.clean(_Bytes(data, part.get_filename() or "")))
        except attachments.AttachmentRefused:
            refused.append(part.get_filename() or part.get_content_type())
    return files[: attachments.MAX_FILES], refused


def receive_mail(raw, recipients):
    """Turn one received mail into a case or a message on one; returns "case", "message" or "ignored"."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if message.get("Auto-Submitted", "no").lower() != "no" or message.get("Precedence", "").lower() in {"bulk", "junk"}:
        return "ignored"
    sender = parseaddr(str(message.get("From", "")))[1].strip()
    try:
        validate_email(sender)
    except Exception:
        return "ignored"
    tokens = [token_of_address(address) for address in recipients]
    subject = str(message.get("Subject", ""))[:300]
    token = next((t for t in tokens if t), None) or next(iter(SUBJECT_TOKEN.findall(subject)), None)
    text = _text_of(message)
    files, refused = _files_of(message)
    with translation.override(settings.LANGUAGE_CODE):  # staff read it; the shop's language
        empty = gettext("(empty message)")
        if refused:
            text += "\n\n" + "\n".join(
                "[" + gettext("Attachment not accepted (not a photo or PDF we can open): %(name)s") % {"name": name[:80]}
                + "]" for name in refused
            )
    case = Case.objects.filter(token=token).first() if token else None
    if case is not None and case.email_hash == lookup_hash(sender, "email"):
        services.add_customer_message(case=case, message=text or empty, files=files)
        log.info("mail added to case %s", case.number)
        return "message"
    body = f"{subject}\n\n{text}".strip() if subject else text
    display_name = getaddresses([str(message.get("From", ""))])[0][0]
    case = services.open_case(
        topic=Case.Topic.OTHER, message=body or empty, email=sender, name=display_name,
        files=files, channel=Case.Channel.EMAIL, language=settings.LANGUAGE_CODE,
    )
    log.info("mail opened case %s", case.number)
    return "case"


class ServiceInbox:
    """aiosmtpd handler: takes mail for the service address only, and files it through ``receive_mail``.

    Filing runs in a thread of the handler's own, one mail at a time, with its own database connection
    (not ``sync_to_async``, whose shared thread would share a connection with whoever started the receiver).
    """

    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="service-inbound")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if token_of_address(address) is None:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        try:
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._executor, _receive_in_thread, raw, list(envelope.rcpt_tos))
        except Exception as error:  # the sender's server keeps the mail and tries again later
            log.error("inbound mail not filed (%s); the sending server will retry", type(error).__name__)
            return "451 4.3.0 Temporary failure, try again later"
        log.info("inbound mail: %s", result)
        return "250 Message accepted"


def _receive_in_thread(raw, recipients):
    # The filing thread's own connection: opened per mail and closed after it, nothing held in between.
    try:
        return receive_mail(raw, recipients)
    finally:
        connections.close_all()


def start(port, host="127.0.0.1"):
    """Start the receiver in a thread of its own; returns the aiosmtpd controller (``.stop()`` ends it)."""
    from aiosmtpd.controller import Controller

    controller = Controller(ServiceInbox(), hostname=host, port=port, data_size_limit=MAX_MAIL_BYTES)
    controller.start()
    return controller
