"""Background work of the statistics."""

from django.tasks import task


@task()
def rollup_statistics():
    """Roll new raw events into the hourly and daily aggregates. Safe to run twice: each day is
    recomputed whole from its events (two runs at the same moment leave one's figures per day)."""
    from . import services

    services.destroy_old_salts()
    return len(services.rollup())
