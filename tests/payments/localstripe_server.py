"""Run localstripe (a fake Stripe) on 127.0.0.1 at the given port, with nothing kept on disk.

Usage: python tests/payments/localstripe_server.py PORT [RECORD_FILE]. Its own CLI listens on every
interface and pickles its state to /tmp; this wrapper does neither. With RECORD_FILE, every request
it receives is appended there as a JSON line (method, path, query, body): what the shop sent Stripe.
"""

import json
import sys

from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None


def recorder(path):
    @web.middleware
    async def record(request, handler):
        body = await request.text()
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"method": request.method, "path": request.path, "query": request.query_string,
                                  "body": body}) + "\n")
        return await handler(request)

    return record


if __name__ == "__main__":
    if len(sys.argv) > 2:
        server.app.middlewares.append(recorder(sys.argv[2]))
    web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
