"""The shop's session engine on the embedded default: Django's database sessions, read and
written with one plain SQL statement each.

Every add to the cart reads and writes its session. Django's own backend builds each of those
statements through the ORM and wraps the write in a transaction of its own; on SQLite that came to
about a fifth of an add to the cart's time. Rows, columns, encoding and expiry stay exactly
Django's (``django.contrib.sessions.models.Session``), so ``clearsessions``, the data-retention run
and a switch back to ``django.contrib.sessions.backends.db`` work unchanged. Creating a session
(once per visitor) keeps Django's path.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _sql(self):
        model = self.model
        using = router.db_for_write(model)
        connection = connections[using]
        return connection, connection.ops.quote_name(model._meta.db_table)

    def load(self):
        connection, table = self._sql()
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        data = self._get_session()
        connection, table = self._sql()
        expires = connection.ops.adapt_datetimefield_value(self.get_expiry_date())
        try:
            # One statement: atomic by itself, and on SQLite it holds the write lock only while it runs.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s",
                    [self.encode(data), expires, self.session_key],
                )
                updated = cursor.rowcount
        except DatabaseError as exc:
            raise UpdateError from exc
        if updated != 1:
            # The row is gone (signed out elsewhere, or removed by clearsessions): as Django's backend.
            raise UpdateError
