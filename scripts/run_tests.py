"""Run the whole suite: on SQLite, then on a PostgreSQL server started here and stopped after, then the
production-like stack's tests (tests/stack), which start their own PostgreSQL, Redis, nginx and gunicorn.

Usage: python scripts/run_tests.py [--only sqlite|postgres|stack] [extra pytest arguments]
The PostgreSQL server lives in a temporary folder, listens on 127.0.0.1 at a free port and
trusts local connections; as root it runs as the ``postgres`` user, as PostgreSQL requires.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from stack import free_port, pg_bin  # scripts/stack.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup"]


@contextmanager
def postgres_server():
    folder = Path(tempfile.mkdtemp(prefix="cookstore-pg-"))
    data, sockets = folder / "data", folder / "sock"
    sockets.mkdir()
    as_user = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [*as_user, pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync"],
        check=True, stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    subprocess.run(
        [*as_user, pg_bin("pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start"],
        check=True, stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/cookstore"
    finally:
        subprocess.run([*as_user, pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


def run_pytest(label, extra, env, command=PYTEST):
    print(f"\n=== Test suite on {label} ===", flush=True)
    result = subprocess.run([*command, *extra], cwd=ROOT, env=env)
    # pytest's exit code 5 means no test ran: that is a failure of the suite, not a pass.
    return result.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["sqlite", "postgres", "stack"])
    args, extra = parser.parse_known_args()
    env = {**os.environ, "COOKSTORE_DEBUG": "1"}
    env.pop("COOKSTORE_DATABASE_URL", None)
    failures = []
    if args.only in (None, "sqlite"):
        if run_pytest("SQLite", extra, env):
            failures.append("SQLite")
    if args.only in (None, "postgres"):
        with postgres_server() as url:
            if run_pytest("PostgreSQL", extra, {**env, "COOKSTORE_DATABASE_URL": url}):
                failures.append("PostgreSQL")
    if args.only in (None, "stack"):
        # One process: the tests share one running stack, and the stack's processes use both cores.
        # Other tests a filter leaves in are deselected here (they ran above).
        stack_run = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "--stack", "-m", "stack"]
        code = run_pytest("the production-like stack", extra or ["tests/stack"], env, command=stack_run)
        if code and not (code == 5 and extra):  # a filter that leaves no stack test is no failure
            failures.append("the production-like stack")
    if failures:
        print(f"\nThe suite failed on: {', '.join(failures)}")
        return 1
    print("\nThe suite passed on SQLite, PostgreSQL and the production-like stack." if args.only is None
          else f"\nThe suite passed on {args.only}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
