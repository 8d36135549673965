"""Queries per uncached page on a bench catalog (run by bench/run.py with the shop's environment).

Usage: python bench/query_counts.py PATHFILE   (JSON on stdout)

PATHFILE is JSON: {"page name": [path, ...]}. Each path is asked twice with the page cache
emptied before each: "cold" also forgets the process's category tree and shared fragments (the
first request after a catalog change), "warm" keeps them (a long-tail request). Printed: the
largest number of queries of each kind per page name.
"""

import json
import sys

import django
from django.conf import settings


def main(pathfile):
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cookstore.catalog import selectors
    from cookstore.core import fragments

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pages = json.loads(open(pathfile).read())
    client = Client()
    client.get("/")
    result = {}
    for name, paths in pages.items():
        counts = {"cold": 0, "warm": 0}
        for path in paths:
            for kind in ("cold", "warm"):
                cache.clear()
                if kind == "cold":
                    selectors._tree_memo.clear()
                    fragments.clear()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                counts[kind] = max(counts[kind], len(queries))
        result[name] = counts
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
