from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "cookstore.service"
    label = "service"
    verbose_name = _("Customer service")

    def ready(self):
        from cookstore.privacy.registry import declare, declare_no_personal_data, register_handler

        from .privacy import CasesHandler

        case, text = "service.case", "service.message"
        case_fields = {
            "id": None, "number": case, "token": None, "topic": case, "state": case, "channel": case,
            "language": None, "customer": case, "email": "contact.email", "email_hash": case,
            "name": "identity.name", "order": case, "assigned_to": None, "created_at": case, "updated_at": None,
            "waiting_since": None, "closed_at": case, "goods_received_at": case, "refunded_amount": case,
            "decision": case, "decision_reason": text, "decided_at": case, "newsletter_withdrawn_at": case,
        }
        declare("service.Case", case_fields)
        declare("service.PrivacyCase", case_fields)  # the privacy officer's list: the same rows
        declare(
            "service.Message",
            {"id": None, "case": case, "author": case, "staff": None, "body": text, "created_at": case},
        )
        declare(
            "service.Attachment",
            # The file itself (sealed, outside the database) holds the photo or PDF: the rows are its index.
            {"id": None, "case": case, "message": case, "stored_name": case, "content_type": case, "size": None,
             "created_at": case},
        )
        declare("service.CaseLine", {"id": None, "case": case, "order_line": case, "quantity": case, "claim_basis": case})
        declare_no_personal_data(
            "service.SentCaseMail", reason="Which case mail the mail server accepted: ids and kinds only.",
        )
        register_handler(CasesHandler())
