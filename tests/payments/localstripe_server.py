"""Run localstripe (a fake Stripe) on 127.0.0.1 at the given port, with nothing kept on disk.

Usage: python tests/payments/localstripe_server.py PORT. Its own CLI listens on every interface
and pickles its state to /tmp; this wrapper does neither.
"""

import sys

from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None

if __name__ == "__main__":
    web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
