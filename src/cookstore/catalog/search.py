"""Full-text product search that understands Swedish word forms.

Two backends behind one small interface, chosen by the database in use:

- PostgreSQL: a ``tsvector`` table with the built-in ``swedish`` configuration and a GIN index,
  ranked with ``ts_rank_cd``;
- SQLite: an FTS5 table holding Snowball-stemmed text (FTS5 has no Swedish stemmer, so we stem in
  Python with the same Snowball algorithm PostgreSQL uses), ranked with ``bm25``, plus an FTS5
  trigram table that finds a word inside a compound ("burk" in "förvaringsburk").

A query first looks for products that have all its words, in two ways at once: as Swedish word
forms (stemmed, as prefixes; ranked first) and, for words of four letters or more, inside
compounds ("burk" finds "förvaringsburk"; ranked after). Only when nothing has all the words does
it fall back to products with any of them. Only active products are indexed.
"""

import re
from dataclasses import dataclass

import snowballstemmer
from django.db import connection

from cookstore.core.pan import SEPARATOR

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# Shorter fragments match inside too many unrelated words ("ost" in "rostfri").
MIN_SUBSTRING = 4
_WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("swedish")


def tidy(text):
    """Text as typed, with single spaces and no control characters (PostgreSQL refuses a NUL)."""
    return " ".join("".join(char if char.isprintable() else " " for char in str(text or "")).split())


def normalise_query(text):
    """The query as counted and cached: lower case, single spaces, at most 100 characters."""
    text = tidy(text).lower()
    return text[:MAX_QUERY_LENGTH].strip()


# Seven digits or more, together or in groups: a phone number ("070-123 45 67"), a personal
# identity number ("19850101-1234"), an account or card number. No product is found by such a
# number, so it is far more likely to be the shopper's own than a thing to buy. The groups are
# joined as core.pan joins a card number's, so every card number it finds is matched here too.
_LONG_NUMBER = re.compile(rf"\d(?:(?:{SEPARATOR})?\d){{6,}}")


def may_hold_personal_data(text):
    """True if a query holds a card number, an e-mail address or another long number.

    Such a query is searched like any other, but must not be kept as typed (search statistics).
    """
    text = tidy(text)
    return "@" in text or bool(_LONG_NUMBER.search(text))


def query_terms(text):
    """The words of a query, without duplicates and in order, at most eight."""
    seen = []
    for word in _WORD.findall(normalise_query(text)):
        word = word.replace("_", "")
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


# Definite and plural endings the Snowball stemmer leaves on ("stekpannan", "knivarna").
_DEFINITE_ENDINGS = ("arna", "orna", "erna", "ena", "na", "en", "et", "an")


def term_stems(term):
    """The stems to search a query word by: its Snowball stem and, for a definite form, a shorter one."""
    stems = [_stemmer.stemWord(term)]
    for ending in _DEFINITE_ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 4:
            shorter = _stemmer.stemWord(term[: -len(ending)])
            if shorter not in stems:
                stems.append(shorter)
            break
    return stems


def stem_text(text):
    words = _WORD.findall(str(text).lower())
    return " ".join(_stemmer.stemWords(words))


@dataclass(frozen=True)
class Document:
    """What is indexed for one product, field by field, by weight."""

    product_id: int
    name: str
    brand: str
    category: str
    body: str

    @property
    def full_text(self):
        return " ".join((self.name, self.brand, self.category, self.body))


@dataclass(frozen=True)
class SearchHits:
    ids: list
    total: int


class SearchBackend:
    """Keeps the product search index and answers queries.

    Implementations guarantee: ``search`` returns ids of indexed products only, best match first,
    with ``total`` counting every match; indexing the same document twice keeps one entry.
    """

    vendor = None

    def create_tables(self, cursor):
        raise NotImplementedError

    def drop_tables(self, cursor):
        raise NotImplementedError

    def replace(self, cursor, documents):
        """Store these documents, replacing any earlier version of the same products."""
        raise NotImplementedError

    def remove(self, cursor, product_ids):
        raise NotImplementedError

    def clear(self, cursor):
        raise NotImplementedError

    def match(self, cursor, terms, mode, limit, offset):
        """Return SearchHits for one pass.

        mode "all": products with every word, as a word form or (for ``substring_words``) inside
        a compound, word-form matches first; mode "any": products with any word as a word form.
        """
        raise NotImplementedError

    def search(self, text, limit, offset=0):
        terms = query_terms(text)
        if not terms:
            return SearchHits([], 0)
        with connection.cursor() as cursor:
            hits = self.match(cursor, terms, "all", limit, offset)
            if hits.total or len(terms) == 1:
                return hits
            return self.match(cursor, terms, "any", limit, offset)


def substring_words(terms):
    """The words to look for inside compounds, or None when one of them is too short for it."""
    if all(len(term) >= MIN_SUBSTRING for term in terms):
        return terms
    return None


class SqliteSearchBackend(SearchBackend):
    vendor = "sqlite"
    # bm25 weights per column: name, brand, category, body.
    _RANK = "bm25(catalog_product_fts, 10.0, 4.0, 3.0, 1.0)"

    def create_tables(self, cursor):
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5("
            "name, brand, category, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_trigram USING fts5("
            "text, tokenize = 'trigram')"
        )

    def drop_tables(self, cursor):
        cursor.execute("DROP TABLE IF EXISTS catalog_product_fts")
        cursor.execute("DROP TABLE IF EXISTS catalog_product_trigram")

    def replace(self, cursor, documents):
        documents = list(documents)
        self.remove(cursor, [doc.product_id for doc in documents])
        cursor.executemany(
            "INSERT INTO catalog_product_fts (rowid, name, brand, category, body) VALUES (%s, %s, %s, %s, %s)",
            [
                (doc.product_id, stem_text(doc.name), stem_text(doc.brand), stem_text(doc.category), stem_text(doc.body))
                for doc in documents
            ],
        )
        cursor.executemany(
            "INSERT INTO catalog_product_trigram (rowid, text) VALUES (%s, %s)",
            [(doc.product_id, doc.full_text.lower()) for doc in documents],
        )

    def remove(self, cursor, product_ids):
        ids = [(int(pk),) for pk in product_ids]
        cursor.executemany("DELETE FROM catalog_product_fts WHERE rowid = %s", ids)
        cursor.executemany("DELETE FROM catalog_product_trigram WHERE rowid = %s", ids)

    def clear(self, cursor):
        cursor.execute("DELETE FROM catalog_product_fts")
        cursor.execute("DELETE FROM catalog_product_trigram")

    def match(self, cursor, terms, mode, limit, offset):
        joiner = " AND " if mode == "all" else " OR "
        stemmed = joiner.join("(" + " OR ".join(f'"{stem}"*' for stem in term_stems(term)) + ")" for term in terms)
        words = substring_words(terms) if mode == "all" else None
        if words is None:
            cursor.execute("SELECT count(*) FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [stemmed])
            total = cursor.fetchone()[0]
            if not total:
                return SearchHits([], 0)
            cursor.execute(
                f"SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s"
                f" ORDER BY {self._RANK}, rowid LIMIT %s OFFSET %s",
                [stemmed, limit, offset],
            )
            return SearchHits([row[0] for row in cursor.fetchall()], total)
        inside = " AND ".join(f'"{word}"' for word in words)
        matches = (
            f"SELECT rowid AS id, 0 AS tier, {self._RANK} AS score FROM catalog_product_fts"
            " WHERE catalog_product_fts MATCH %s"
            " UNION ALL SELECT rowid, 1, bm25(catalog_product_trigram) FROM catalog_product_trigram"
            " WHERE catalog_product_trigram MATCH %s"
        )
        # The page and the number of all hits in one pass over both indexes (a window over the
        # grouped hits); only a page past the last one needs the count on its own.
        cursor.execute(
            f"SELECT id, count(*) OVER () FROM ({matches}) GROUP BY id ORDER BY min(tier), min(score), id"
            " LIMIT %s OFFSET %s",
            [stemmed, inside, limit, offset],
        )
        rows = cursor.fetchall()
        if rows:
            return SearchHits([row[0] for row in rows], rows[0][1])
        if not offset:
            return SearchHits([], 0)
        cursor.execute(f"SELECT count(DISTINCT id) FROM ({matches})", [stemmed, inside])
        return SearchHits([], cursor.fetchone()[0])


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"

    def create_tables(self, cursor):
        # No foreign key to catalog_product: a key would make Django's flush (TRUNCATE of the
        # model tables) fail; reindex_products removes the rows of deleted products instead.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS catalog_product_search ("
            " product_id bigint PRIMARY KEY,"
            " document tsvector NOT NULL,"
            " plain text NOT NULL)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS catalog_product_search_document ON catalog_product_search USING gin (document)"
        )

    def drop_tables(self, cursor):
        cursor.execute("DROP TABLE IF EXISTS catalog_product_search")

    def replace(self, cursor, documents):
        cursor.executemany(
            "INSERT INTO catalog_product_search (product_id, document, plain) VALUES (%s,"
            " setweight(to_tsvector('swedish', %s), 'A') || setweight(to_tsvector('swedish', %s), 'B')"
            " || setweight(to_tsvector('swedish', %s), 'B') || setweight(to_tsvector('swedish', %s), 'C'),"
            " %s) ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document, plain = EXCLUDED.plain",
            [
                (doc.product_id, doc.name, doc.brand, doc.category, doc.body, doc.full_text.lower())
                for doc in documents
            ],
        )

    def remove(self, cursor, product_ids):
        cursor.execute("DELETE FROM catalog_product_search WHERE product_id = ANY(%s)", [list(map(int, product_ids))])

    def clear(self, cursor):
        cursor.execute("DELETE FROM catalog_product_search")

    def match(self, cursor, terms, mode, limit, offset):
        joiner = " & " if mode == "all" else " | "
        # Terms are \w+ only, so they cannot carry tsquery syntax of their own; PostgreSQL stems
        # each prefix itself with the same Snowball rules.
        tsquery = joiner.join(
            "(" + " | ".join(f"{form}:*" for form in sorted({term, *term_stems(term)})) + ")" for term in terms
        )
        words = substring_words(terms) if mode == "all" else None
        condition, params = "document @@ query", []
        if words is not None:
            condition += " OR (" + " AND ".join(["plain LIKE %s"] * len(words)) + ")"
            params = ["%" + word.replace("%", "").replace("\\", "") + "%" for word in words]
        source = f"FROM catalog_product_search, to_tsquery('swedish', %s) query WHERE {condition}"
        cursor.execute(f"SELECT count(*) {source}", [tsquery, *params])
        total = cursor.fetchone()[0]
        if not total:
            return SearchHits([], 0)
        cursor.execute(
            f"SELECT product_id {source} ORDER BY document @@ query DESC, ts_rank_cd(document, query) DESC,"
            " length(plain), product_id LIMIT %s OFFSET %s",
            [tsquery, *params, limit, offset],
        )
        return SearchHits([row[0] for row in cursor.fetchall()], total)


BACKENDS = {backend.vendor: backend for backend in (SqliteSearchBackend(), PostgresSearchBackend())}


def backend_for(conn=None):
    vendor = (conn or connection).vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise RuntimeError(f"No product search backend for the {vendor} database") from None


def search_products(text, limit, offset=0):
    return backend_for().search(text, limit, offset)
