from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "cookstore.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from django.core.checks import register

        from cookstore.privacy.registry import declare, declare_not_about_customers, register_handler

        from .privacy import PaymentsHandler

        from .checks import check_no_test_provider_in_production, check_payment_provider

        register(check_payment_provider)
        register(check_no_test_provider_in_production, deploy=True)

        # No card data anywhere; payments are part of an order's history (bookkeeping).
        history = "order.history"
        declare(
            "payments.Payment",
            {
                "id": None, "order": history, "provider": None, "method": history, "reference": history,
                "token": None, "amount": history, "currency": None, "status": history, "refunded": history,
                "reason": None, "created_at": history, "updated_at": None,
            },
        )
        declare(
            "payments.PaymentEvent",
            {
                "id": None, "provider": None, "event_id": None, "type": None, "payment": history,
                "received_at": None, "result": None, "facts": history,
            },
        )
        declare(
            "payments.Refund",
            {
                "id": None, "payment": history, "amount": history, "status": history, "reference": history,
                "key": None, "actor": "staff.account", "detail": None, "created_at": history, "updated_at": None,
            },
        )
        # TestPSP's own books: order numbers and amounts of test payments, never a card or a name.
        declare(
            "payments.TestPspPayment",
            {
                "id": None, "merchant_reference": history, "method": None, "received": None, "late": None, "amount": history,
                "currency": None, "status": None, "decline_reason": None, "return_url": None, "language": None, "refunded": history,
                "created_at": None, "updated_at": None,
            },
        )
        declare(
            "payments.TestPspRefund",
            {"id": None, "payment": history, "amount": history, "idempotency_key": None, "created_at": None},
        )
        declare(
            "payments.TestPspEvent",
            {
                "id": None, "type": None, "data": history, "created_at": None, "attempts": None,
                "delivered_at": None, "last_error": None,
            },
        )
        declare_not_about_customers(
            "payments.TestPspPayment", "payments.TestPspRefund", "payments.TestPspEvent",
            reason="The built-in test provider's own books: they stand for the provider's systems, outside the shop.",
        )
        register_handler(PaymentsHandler())
