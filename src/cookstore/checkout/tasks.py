"""Background work of checkout."""

from django.tasks import task

from . import services


@task()
def release_reservation(order_id):
    """Cancel an order still unpaid when its reservation runs out, and put its stock back.

    Enqueued for the moment the reservation ends; a payment started later pushes that moment,
    so the task re-checks and does nothing for an order that is paid or not yet expired.
    """
    from .models import Order

    if not services.release_if_expired(order_id):
        order = Order.objects.filter(pk=order_id, status=Order.Status.AWAITING_PAYMENT).only("reserved_until").first()
        if order and order.reserved_until:
            release_reservation.using(run_after=order.reserved_until).enqueue(order_id)
