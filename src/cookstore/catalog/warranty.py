"""How a manufacturer's warranty period is said to customers and staff ("2 år", "18 månader").

The warranty is the maker's promise and comes on top of the consumer's statutory right to complain
(reklamation, 3 years from delivery), which no warranty shortens.
"""

from django.utils.translation import ngettext


def describe(months):
    """The period in words, in whole years where it is whole years; "" for no warranty."""
    months = int(months or 0)
    if months <= 0:
        return ""
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
