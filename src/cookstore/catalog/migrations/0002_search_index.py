"""The product search index (FTS5 on SQLite, tsvector + GIN on PostgreSQL) and the version row."""

from django.db import migrations

from cookstore.catalog.search import backend_for


def create_search_tables(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection).create_tables(cursor)


def drop_search_tables(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection).drop_tables(cursor)


def create_version_row(apps, schema_editor):
    apps.get_model("catalog", "CatalogState").objects.get_or_create(pk=1, defaults={"version": 1})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_tables, drop_search_tables),
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
    ]
