"""Background work of the statistics."""

from django.tasks import task


@task()
def rollup_statistics():
    """Roll new raw events into the hourly and daily aggregates. Safe to run twice or at the same time:
    each day is recomputed whole from its events."""
    from . import services

    services.destroy_old_salts()
    return len(services.rollup())
