"""TestPSP: a payment provider built into the shop for development, demos and tests.

It behaves as a separate company would: its own records, its own hosted card page under
``/testpsp/``, its own secret. It tells the shop about a payment only through a signed redirect
back to the shop and a signed webhook (``signing``). It never stores anything of a card.
"""
