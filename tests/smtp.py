"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 at a free port, with Django's mail pointed at it.

Use it as a pytest plugin (``pytest_plugins = ["tests.smtp"]`` in the top conftest) and ask for the
``smtp_server`` fixture; it yields an ``SmtpServer`` whose ``messages`` are parsed
``email.message.EmailMessage`` objects (``wait_for(count, timeout)`` waits for them; addresses
put in ``refused`` get "550 mailbox unavailable"). ``mailers_setting(free_port())`` builds a
``MAILERS`` value for a port nobody listens on, to play a mail server that is down;
``body_text(message, "plain" | "html")`` decodes a body.
"""

import asyncio
import email
import email.policy
import logging
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port():
    """A TCP port nobody listens on right now (nothing guarantees it stays free)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def mailers_setting(port, host=HOST):
    """A ``MAILERS`` setting that sends through plain SMTP to ``host:port``."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": host, "port": port, "use_tls": False, "timeout": 5},
        }
    }


class _Collector:
    """aiosmtpd handler: keeps every message it accepts, with its envelope."""

    def __init__(self, server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.server.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        if self.server.before_accept is not None:
            refusal = self.server.before_accept(message)
            if refusal:  # not taken: the sender must try again
                return refusal
        self.server._received(message, envelope.mail_from, list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        if self.server.before_quit is not None:
            # On a thread of its own: the callback may read the database, which Django refuses in
            # the server's event loop.
            await asyncio.to_thread(self.server.before_quit)
        return "221 Bye"


class SmtpServer:
    """A running aiosmtpd server and what it received."""

    def __init__(self, host=HOST):
        self.host = host
        self.port = None
        self.messages = []  # email.message.EmailMessage, in order of arrival
        self.envelopes = []  # (mail_from, [rcpt_to, ...]) for each message
        self.refused = set()  # lower-case addresses answered with "550 mailbox unavailable"
        # Called with each message before it is taken; a reply it returns ("451 ...") refuses it.
        self.before_accept = None
        # Called (no arguments) when a client says QUIT, before the server answers it.
        self.before_quit = None
        self._condition = threading.Condition()
        self._controller = None

    def start(self):
        last_error = None
        for _attempt in range(5):  # another process may take the free port before we bind it
            controller = Controller(_Collector(self), hostname=self.host, port=free_port())
            try:
                controller.start()
            except Exception as error:  # aiosmtpd raises its own wrapper or OSError
                last_error = error
                continue
            self._controller, self.port = controller, controller.port
            return self
        raise RuntimeError(f"could not start the test SMTP server: {last_error}")

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def _received(self, message, mail_from, rcpt_tos):
        with self._condition:
            self.messages.append(message)
            self.envelopes.append((mail_from, rcpt_tos))
            self._condition.notify_all()

    def wait_for(self, count, timeout=5.0):
        """Wait until at least ``count`` messages arrived; return them all. Fails the test on timeout."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(f"expected {count} e-mails at the SMTP server, got {len(self.messages)}")
                self._condition.wait(remaining)
            return list(self.messages)

    def clear(self):
        with self._condition:
            self.messages.clear()
            self.envelopes.clear()

    @property
    def mailers(self):
        return mailers_setting(self.port, self.host)


def body_text(message, subtype="plain"):
    """The decoded text/plain (or text/html) part of a received message."""
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content().replace("\r\n", "\n") if part is not None else ""


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server for this test; Django's default mailer sends to it."""
    # aiosmtpd logs every SMTP command, addresses included, at INFO: keep its chatter out of reports.
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    server = SmtpServer().start()
    settings.MAILERS = server.mailers
    try:
        yield server
    finally:
        server.stop()
        server_log.setLevel(level)
