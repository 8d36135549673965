"""Django's own admin texts that its Swedish catalogue leaves in English (new in Django 6).

They stand here only so that ``makemessages`` puts them in the shop's catalogue, which Django reads
before its own (``LOCALE_PATHS`` come first). Nothing imports this module.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("- Select an option -"),  # the empty choice of a select, e.g. the list's actions
    gettext_noop("Filter by %(field_name)s"),  # the date hierarchy above a list
)
