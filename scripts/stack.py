"""A production-like Cookstore on one machine, every part on 127.0.0.1.

Usage: .venv/bin/python scripts/stack.py [--dir var/stack] [--web 2] [--workers 2] [--https-port 8443]
[--inbound-port 2525]
(or ``make stack``). Starts, and stops on Ctrl-C:

- PostgreSQL (data kept in DIR/postgres between runs), Redis (cache and sessions, nothing on disk),
- a local SMTP sink that keeps every mail as a file in DIR/mail (a Maildir),
- two or more gunicorn instances of the shop, each on a port of its own,
- two or more ``manage.py db_worker`` processes (they also run the privacy core's daily retention),
- ``manage.py service_inbound``, customer service's mail receiver (mail to the service address
  becomes cases; a real mail server hands it that address),
- nginx from Debian, terminating TLS with a self-signed certificate made here (DIR/tls/cert.pem)
  and balancing between the gunicorn instances; it serves product images itself.

Every shop process gets the same environment variables (``Stack.env``) and nothing else: that is
the configuration that deploys to many machines. The secrets (secret key, field keys, lookup key,
metrics token) are made on the first run and kept in DIR/secrets.json, so the data stays readable.
Tests drive the same class: ``Stack(folder, ...).start()``, then kill and restart its parts.
"""

import argparse
import base64
import datetime
import glob
import http.client
import ipaddress
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"PostgreSQL's {name} was not found: run scripts/ensure-system-deps.sh")
    return path


def _key():
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def make_certificate(folder):
    """A self-signed certificate for localhost and 127.0.0.1 (EC P-256), valid 90 days."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    os.chmod(folder / "key.pem", 0o600)
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


NGINX_CONF = """\
worker_processes 2;
{user}
pid {dir}/nginx/nginx.pid;
error_log {dir}/logs/nginx-error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    # One JSON line per request, without the visitor's address, browser or the URL (which can hold tokens).
    log_format shop escape=json '{{"time":"$time_iso8601","request_id":"$request_id","method":"$request_method",'
                                '"status":$status,"seconds":$request_time,"upstream":"$upstream_addr"}}';
    access_log {dir}/logs/nginx-access.log shop;
    client_body_temp_path {dir}/nginx/tmp/body;
    proxy_temp_path {dir}/nginx/tmp/proxy;
    fastcgi_temp_path {dir}/nginx/tmp/fastcgi;
    uwsgi_temp_path {dir}/nginx/tmp/uwsgi;
    scgi_temp_path {dir}/nginx/tmp/scgi;
    server_tokens off;

    upstream shop {{
{upstreams}
        keepalive 32;
    }}

    server {{
        listen {host}:{https_port} ssl;
        server_name localhost;
        ssl_certificate {dir}/tls/cert.pem;
        ssl_certificate_key {dir}/tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:tls:1m;
        client_max_body_size 5m;

        location /media/ {{
            alias {media}/;
            expires 7d;
        }}
        # Health and metrics are for probes and Prometheus, which talk to each instance directly.
        location /-/ {{
            return 404;
        }}
        location / {{
            proxy_pass http://shop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
            # An instance that refuses the connection is skipped (a POST too: it never reached
            # it); one that dies while answering a POST is not retried elsewhere, which could
            # place an order twice.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
        # No instance answers: a page saying so, as a 503 (try again), never a bare 502.
        error_page 502 504 =503 /unavailable.html;
        location = /unavailable.html {{
            root {dir}/nginx/pages;
            internal;
            add_header Retry-After 10 always;
        }}
    }}
}}
"""

UNAVAILABLE_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Tillfälligt otillgänglig – Cookstore</title></head>
<body><h1>Butiken är tillfälligt otillgänglig</h1><p>Försök igen om en liten stund. Höll du på att
beställa? Titta först efter en orderbekräftelse i din e-post, så att du inte beställer två gånger.</p>
<p lang="en">The shop is briefly unavailable. Please try again in a moment; if you were placing an
order, look for its confirmation in your e-mail first.</p></body></html>
"""


class StackError(RuntimeError):
    pass


class Stack:
    """The parts of a production-like shop, started and stopped together, each one restartable."""

    def __init__(self, folder, *, web=2, workers=2, https_port=None, web_ports=None, postgres_port=None,
                 redis_port=None, smtp_port=None, inbound_port=None, own_smtp=True, products=300, gunicorn_workers=2,
                 fast_disk=False, extra_env=None, worker_heartbeat=None):
        self.dir = Path(folder).resolve()
        self.web_count, self.worker_count = web, workers
        self.https_port = https_port or free_port()
        self.web_ports = list(web_ports or [free_port() for _ in range(web)])
        self.postgres_port = postgres_port or free_port()
        self.redis_port = redis_port or free_port()
        self.smtp_port = smtp_port or free_port()
        self.inbound_port = inbound_port or free_port()
        self.own_smtp = own_smtp  # False: the caller runs the SMTP server on smtp_port (tests)
        self.products = products
        self.gunicorn_workers = gunicorn_workers
        self.fast_disk = fast_disk  # tests: no fsync in PostgreSQL
        self.extra_env = dict(extra_env or {})
        self.web = {}  # index -> Popen
        self.workers = {}  # index -> Popen
        self.services = {}  # name -> Popen (redis, smtp, nginx, inbound)
        self._worker_runs = 0
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    # ------------------------------------------------------------------ configuration

    @property
    def base_url(self):
        return f"https://localhost:{self.https_port}"

    @property
    def database_url(self):
        return f"postgres://postgres@{HOST}:{self.postgres_port}/cookstore"

    def secrets(self):
        path = self.dir / "secrets.json"
        if not path.exists():
            path.write_text(json.dumps({
                "COOKSTORE_SECRET_KEY": secrets.token_urlsafe(50),
                "COOKSTORE_FIELD_KEYS": f"k{datetime.date.today():%Y%m%d}:{_key()}",
                "COOKSTORE_LOOKUP_KEY": _key(),
                "COOKSTORE_TESTPSP_SECRET": secrets.token_urlsafe(32),
                "COOKSTORE_METRICS_TOKEN": secrets.token_urlsafe(32),
            }, indent=2))
            os.chmod(path, 0o600)
        return json.loads(path.read_text())

    def set_secret(self, name, value):
        values = self.secrets()
        values[name] = value
        (self.dir / "secrets.json").write_text(json.dumps(values, indent=2))

    def env(self):
        """The environment of every shop process: the whole configuration, the same on every machine."""
        env = {name: value for name, value in os.environ.items() if not name.startswith("COOKSTORE_")}
        env.update(self.secrets())
        env.update({
            "DJANGO_SETTINGS_MODULE": "cookstore.settings",
            "COOKSTORE_DEBUG": "0",
            "COOKSTORE_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "COOKSTORE_BASE_URL": self.base_url,
            "COOKSTORE_DATABASE_URL": self.database_url,
            "COOKSTORE_REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            "COOKSTORE_SMTP_HOST": HOST,
            "COOKSTORE_SMTP_PORT": str(self.smtp_port),
            "COOKSTORE_SMTP_STARTTLS": "0",
            "COOKSTORE_SERVICE_INBOUND_PORT": str(self.inbound_port),
            "COOKSTORE_PAYMENT_PROVIDER": "testpsp",
            "COOKSTORE_BEHIND_PROXY": "1",
            "COOKSTORE_DATA_DIR": str(self.dir / "data"),
            "COOKSTORE_SERVE_MEDIA": "0",
            "COOKSTORE_LOG_FORMAT": "json",
            # The test provider's webhooks go through the proxy, whose certificate is our own.
            "SSL_CERT_FILE": str(self.dir / "tls" / "cert.pem"),
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        env.update(self.extra_env)
        return env

    # ------------------------------------------------------------------ helpers

    def _log(self, name):
        return open(self.dir / "logs" / f"{name}.log", "ab")

    def _spawn(self, command, name, env=None):
        with self._log(name) as log:
            return subprocess.Popen(command, cwd=ROOT, env=env or self.env(), stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)

    def manage(self, *args, timeout=600, env=None):
        result = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env or self.env(),
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
        return result.stdout

    @staticmethod
    def _wait_port(port, timeout=30, process=None):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise StackError(f"a process meant to listen on port {port} ended ({process.returncode})")
            with socket.socket() as sock:
                if sock.connect_ex((HOST, port)) == 0:
                    return
            time.sleep(0.1)
        raise StackError(f"nothing listens on {HOST}:{port} after {timeout} s")

    def http_get(self, port, path, timeout=5):
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def _wait_ready(self, port, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.http_get(port, "/-/ready/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise StackError(f"the instance on port {port} is not ready after {timeout} s")

    # ------------------------------------------------------------------ PostgreSQL

    def _pg_ctl(self, *args, check=True):
        return subprocess.run([*self.as_postgres, pg_bin("pg_ctl"), "-D", str(self.dir / "postgres" / "data"), *args],
                              check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start_postgres(self):
        folder = self.dir / "postgres"
        data, sockets = folder / "data", folder / "sock"
        sockets.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(folder, "postgres")
            shutil.chown(sockets, "postgres")
        if not data.exists():
            subprocess.run([*self.as_postgres, pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                            "-E", "UTF8", "--locale=C.UTF-8", *(["--no-sync"] if self.fast_disk else [])],
                           check=True, stdout=subprocess.DEVNULL)
        options = f"-p {self.postgres_port} -k {sockets} -c listen_addresses={HOST} -c max_connections=200"
        if self.fast_disk:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._pg_ctl("-l", str(folder / "server.log"), "-o", options, "-w", "start")
        created = subprocess.run([*self.as_postgres, pg_bin("createdb"), "-h", HOST, "-p", str(self.postgres_port),
                                  "-U", "postgres", "cookstore"], capture_output=True, text=True)
        if created.returncode and "already exists" not in created.stderr:
            raise StackError(f"createdb failed: {created.stderr}")

    def stop_postgres(self, mode="fast"):
        self._pg_ctl("-m", mode, "-w", "stop", check=False)

    def restart_postgres(self, down_seconds=0.0):
        """Stop PostgreSQL (ending every connection), stay down a while, start it again."""
        self.stop_postgres("fast")
        time.sleep(down_seconds)
        self.start_postgres()

    def backup(self, path):
        """The documented backup: ``pg_dump --format=custom`` of the shop's database into ``path``."""
        subprocess.run([pg_bin("pg_dump"), "--format=custom", f"--file={path}", self.database_url],
                       check=True, capture_output=True)

    def restore(self, path, database):
        """The documented restore: a fresh, empty database, then ``pg_restore`` of a backup into it."""
        server = self.database_url.rsplit("/", 1)[0]
        subprocess.run([pg_bin("createdb"), "-h", HOST, "-p", str(self.postgres_port), "-U", "postgres", database],
                       check=True, capture_output=True)
        subprocess.run([pg_bin("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={server}/{database}", str(path)],
                       check=True, capture_output=True)
        return f"{server}/{database}"

    # ------------------------------------------------------------------ the other services

    def start_redis(self):
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.services["redis"] = self._spawn(
            [redis, "--bind", HOST, "--port", str(self.redis_port), "--save", "", "--appendonly", "no",
             "--dir", str(self.dir / "redis"), "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
            "redis",
        )
        self._wait_port(self.redis_port, process=self.services["redis"])

    def start_smtp(self):
        self.services["smtp"] = self._spawn(
            [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"{HOST}:{self.smtp_port}", "-c", "aiosmtpd.handlers.Mailbox",
             str(self.dir / "mail")],
            "smtp",
        )
        self._wait_port(self.smtp_port, process=self.services["smtp"])

    def write_nginx_config(self, ports=None):
        upstreams = "\n".join(f"        server {HOST}:{port} max_fails=1 fail_timeout=2s;" for port in (ports or self.web_ports))
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        (self.dir / "nginx" / "nginx.conf").write_text(NGINX_CONF.format(
            dir=self.dir, host=HOST, https_port=self.https_port, upstreams=upstreams, user=user,
            media=self.dir / "data" / "media",
        ))

    def start_nginx(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.dir / "nginx" / "tmp" / sub).mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.dir / "nginx" / "tmp" / sub, "nobody")
        (self.dir / "nginx" / "pages").mkdir(exist_ok=True)
        (self.dir / "nginx" / "pages" / "unavailable.html").write_text(UNAVAILABLE_PAGE)
        self.write_nginx_config()
        self.services["nginx"] = self._spawn(
            [nginx, "-p", str(self.dir / "nginx"), "-c", str(self.dir / "nginx" / "nginx.conf"), "-g", "daemon off;"],
            "nginx",
        )
        self._wait_port(self.https_port, process=self.services["nginx"])

    # ------------------------------------------------------------------ the shop's processes

    def start_web(self, index, env=None):
        port = self.web_ports[index]
        metrics_dir = self.dir / "prometheus" / f"web-{index}"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        process_env = {**(env or self.env()), "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        self.web[index] = self._spawn(
            [GUNICORN, "cookstore.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(self.gunicorn_workers),
             "--no-control-socket", "--timeout", "60", "--graceful-timeout", "10", "--worker-tmp-dir", "/dev/shm"],
            f"web-{index}", env=process_env,
        )
        self._wait_port(port, process=self.web[index])
        self._wait_ready(port)

    def stop_web(self, index, sig=signal.SIGTERM):
        process = self.web.pop(index, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def start_worker(self, index, env=None):
        self._worker_runs += 1
        self.workers[index] = self._spawn(
            [PYTHON, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "0.2",
             "--worker-id", f"stack-{index}-{self._worker_runs}-{secrets.token_hex(4)}"],
            f"worker-{index}", env=env,
        )

    def stop_worker(self, index, sig=signal.SIGTERM):
        process = self.workers.pop(index, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def start_inbound(self, env=None):
        """Customer service's mail receiver; one is enough (a mail server retries while it is away)."""
        self.services["inbound"] = self._spawn([PYTHON, str(ROOT / "manage.py"), "service_inbound"], "inbound", env=env)
        self._wait_port(self.inbound_port, process=self.services["inbound"])

    def reload_nginx(self, ports):
        """Send requests only to ``ports`` from now on; requests under way finish where they are."""
        self.write_nginx_config(ports)
        os.kill(self.services["nginx"].pid, signal.SIGHUP)
        time.sleep(1.0)  # nginx starts new workers with the new list, the old ones finish and leave

    def rolling_restart(self, env=None):
        """Restart every web instance, worker and the mail receiver one after another, so the shop never
        stops answering.

        Each instance is first taken out of the proxy's list: stopped while in it, the requests
        the kernel had queued for it (not yet taken by a gunicorn worker) would be cut off.
        """
        active = [self.web_ports[index] for index in sorted(self.web)]
        for index in sorted(self.web):
            self.reload_nginx([port for port in active if port != self.web_ports[index]])
            self.stop_web(index)
            self.start_web(index, env=env)
            self.reload_nginx(active)
        for index in sorted(self.workers):
            self.stop_worker(index)
            self.start_worker(index, env=env)
        if "inbound" in self.services:
            self._end("inbound")
            self.start_inbound(env=env)

    # ------------------------------------------------------------------ all together

    def start(self):
        for sub in ("logs", "mail", "redis", "data", "nginx"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o755)
        if not (self.dir / "tls" / "cert.pem").exists():
            make_certificate(self.dir / "tls")
        try:
            self.start_postgres()
            self.start_redis()
            if self.own_smtp:
                self.start_smtp()
            self.manage("migrate", "--no-input", "-v", "0")
            self.manage("demo_catalog", "--if-empty", "--products", str(self.products))
            self.manage("collectstatic", "--no-input", "-v", "0")
            for index in range(self.web_count):
                self.start_web(index)
            for index in range(self.worker_count):
                self.start_worker(index)
            self.start_inbound()
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        for index in list(self.workers):
            self.stop_worker(index)
        for name in ("nginx", "inbound"):
            self._end(name)
        for index in list(self.web):
            self.stop_web(index)
        for name in ("smtp", "redis"):
            self._end(name)
        self.stop_postgres("fast")

    def _end(self, name):
        process = self.services.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def tls_context(self):
        """A client TLS context that trusts the stack's own certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.dir / "tls" / "cert.pem"))

    def describe(self):
        lines = [
            f"shop (TLS, nginx):     {self.base_url}/",
            *(f"web instance {i + 1}:        http://{HOST}:{port}/  (gunicorn, {self.gunicorn_workers} workers)"
              for i, port in enumerate(self.web_ports[: self.web_count])),
            f"background workers:    {self.worker_count} x manage.py db_worker",
            f"customer-service mail: {HOST}:{self.inbound_port} (manage.py service_inbound; mail to the service "
            "address becomes cases)",
            f"PostgreSQL:            {self.database_url}",
            f"Redis:                 redis://{HOST}:{self.redis_port}/0",
            f"SMTP sink:             {HOST}:{self.smtp_port}, mails in {self.dir / 'mail'}",
            f"certificate to trust:  {self.dir / 'tls' / 'cert.pem'}",
            f"logs:                  {self.dir / 'logs'}",
            f"metrics:               curl -H 'Authorization: Bearer <COOKSTORE_METRICS_TOKEN from "
            f"{self.dir / 'secrets.json'}>' http://{HOST}:{self.web_ports[0]}/-/metrics/",
        ]
        return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=str(ROOT / "var" / "stack"), help="where data, logs and secrets live")
    parser.add_argument("--web", type=int, default=2, help="gunicorn instances (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes (default 2)")
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--first-web-port", type=int, default=8101)
    parser.add_argument("--postgres-port", type=int, default=5433)
    parser.add_argument("--redis-port", type=int, default=6380)
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--inbound-port", type=int, default=2525, help="customer service's mail receiver")
    parser.add_argument("--products", type=int, default=300, help="demo catalog size on the first run")
    args = parser.parse_args()
    if args.web < 1 or args.workers < 1:
        parser.error("--web and --workers must be at least 1")
    stack = Stack(
        args.dir, web=args.web, workers=args.workers, https_port=args.https_port,
        web_ports=range(args.first_web_port, args.first_web_port + args.web), postgres_port=args.postgres_port,
        redis_port=args.redis_port, smtp_port=args.smtp_port, inbound_port=args.inbound_port, products=args.products,
    )
    print("Starting the stack ...", flush=True)
    stack.start()
    print(stack.describe() + "\n\nCtrl-C stops everything.", flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            time.sleep(1)
            for name, process in [*stack.services.items(), *(("web", p) for p in stack.web.values())]:
                if process.poll() is not None:
                    print(f"{name} ended ({process.returncode}); see {stack.dir / 'logs'}", flush=True)
                    stopping.append(True)
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping ...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
