"""Which service e-mails have gone out, so a task that runs twice sends once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """One service e-mail accepted by the mail server for an order.

    Holds the order's id, not a foreign key: the row only says that the mail went out, and the
    notifications app owns no part of the order (it reads it through checkout).
    """

    order_id = models.BigIntegerField(_("order id"))
    kind = models.CharField(_("kind"), max_length=40)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        constraints = [models.UniqueConstraint(fields=["order_id", "kind"], name="sentmail_once_per_order_and_kind")]

    def __str__(self):
        return f"{self.kind} #{self.order_id}"
