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
