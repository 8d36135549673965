"""Signals of the privacy core, for parts that must react to a finished action they do not own."""

from django.dispatch import Signal

# Sent by ``services.record_consent`` after a consent choice is in the ledger (inside the caller's
# transaction). Sender: the ConsentEvent model. Arguments: ``email`` (in memory only, never to be
# logged), ``purpose``, ``given`` (bool), ``language``. The newsletter keeps the address to write
# to from it; whether it may write is still asked of the ledger each time.
consent_recorded = Signal()

# Sent by ``services.object_to_marketing`` and ``services.restrict_processing`` once an objection
# (art. 21) or a restriction (art. 18) is in force (inside the caller's transaction). Sender: the
# ProcessingLimit model. Arguments: ``emails`` (in memory only, never to be logged), ``kind``
# ("objection" or "restriction"). Parts that keep a profile for marketing delete it at once.
processing_limited = Signal()
