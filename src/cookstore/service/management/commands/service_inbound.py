"""Run the customer-service mail receiver: SMTP on 127.0.0.1, mail to the service address becomes cases."""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from cookstore.service import inbound


class Command(BaseCommand):
    help = (
        "Receive customer-service mail over SMTP on 127.0.0.1 (port COOKSTORE_SERVICE_INBOUND_PORT, 2525): "
        "let the mail server deliver the service address and its plus-addresses here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.SERVICE_INBOUND_PORT)

    def handle(self, *args, port, **options):
        # aiosmtpd logs every SMTP command at INFO, the senders' and recipients' addresses included.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        stop = threading.Event()
        for name in ("SIGINT", "SIGTERM"):
            signal.signal(getattr(signal, name), lambda *_args: stop.set())
        controller = inbound.start(port)
        self.stdout.write(f"Receiving mail for {settings.SERVICE_ADDRESS} on 127.0.0.1:{port}")
        try:
            stop.wait()
        finally:
            controller.stop()
            self.stdout.write("Stopped.")
