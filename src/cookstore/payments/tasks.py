"""Background work of payments."""

from django.tasks import task


@task()
def deliver_testpsp_event(event_id):
    """POST one TestPSP event to the shop's webhook, signed; retried with backoff until delivered.

    Takes the event's id; running it twice sends the same event (same id) twice, which the
    shop applies once.
    """
    from .testpsp import services

    return services.deliver_event(event_id)


@task()
def expire_testpsp_payment(payment_id):
    """TestPSP: end a Swish request the payer did not answer in time (reason "timeout")."""
    from .testpsp import services

    services.expire(payment_id=payment_id)


@task()
def settle_testpsp_payment(payment_id):
    """TestPSP: a payment scripted to be paid late is paid now."""
    from .testpsp import services

    services.settle(payment_id=payment_id)
