from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "cookstore.checkout"
    label = "checkout"
    verbose_name = _("Orders")

    def ready(self):
        from cookstore.privacy.registry import declare, register_handler

        from .privacy import OrdersHandler

        history = "order.history"
        declare(
            "checkout.Order",
            {
                "id": None, "number": history, "status": history, "language": None, "customer": history,
                "first_name": "identity.name", "last_name": "identity.name", "street": "contact.address",
                "postcode": "contact.address", "city": "contact.address", "phone": "contact.phone",
                "email": "contact.email", "email_hash": history, "door_code": "delivery.door_code",
                "birth_date": "identity.birth_date", "note": "order.note", "ip_address": "usage.ip",
                "shipping_method": history, "tracking_number": history, "shipping_price": history,
                "shipping_vat_rate": None, "subtotal": history, "vat_total": history, "total": history, "discount_code": history, "discount": history, "refunded": history, "currency": None,
                "stock_reserved": None, "reserved_until": None, "needs_attention": None, "created_at": history,
                "updated_at": None, "paid_at": history, "shipped_at": history, "delivered_at": history,
                "closed_at": None, "erased": None,
            },
        )
        declare(
            "checkout.OrderLine",
            {
                "id": None, "order": history, "product": history, "sku": history, "name": history, "name_en": history,
                "unit_price": history, "vat_rate": None, "quantity": history, "total": history, "vat": history,
                "warranty_months": history,
                "discount": history,
            },
        )
        declare(
            "checkout.OrderEvent",
            {
                "id": None, "order": history, "action": history, "from_status": history, "to_status": history,
                "detail": history, "actor": None, "created_at": history,
            },
        )
        register_handler(OrdersHandler())
