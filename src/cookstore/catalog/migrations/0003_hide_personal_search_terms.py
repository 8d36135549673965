"""Search statistics kept before terms were checked: fold any term that may hold personal data or a
card number into the day's hidden-term row, so none is left as typed and the day's totals stay."""

from django.db import migrations
from django.db.models import F

from cookstore.catalog.search import may_hold_personal_data
from cookstore.catalog.services import HIDDEN_TERM


def hide_personal_search_terms(apps, schema_editor):
    SearchTermDay = apps.get_model("catalog", "SearchTermDay")
    rows = SearchTermDay.objects.using(schema_editor.connection.alias)
    # Collected first: rows are deleted below, which must not happen under an open cursor.
    personal = [row for row in rows.exclude(term=HIDDEN_TERM).iterator() if may_hold_personal_data(row.term)]
    for row in personal:
        hidden, _created = rows.get_or_create(day=row.day, term=HIDDEN_TERM)
        rows.filter(pk=hidden.pk).update(
            searches=F("searches") + row.searches, zero_hit_searches=F("zero_hit_searches") + row.zero_hit_searches
        )
        rows.filter(pk=row.pk).delete()

class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_index")]

    # Nothing to undo: the terms as typed are gone on purpose.
    operations = [migrations.RunPython(hide_personal_search_terms, migrations.RunPython.noop)]
