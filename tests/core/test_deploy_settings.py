"""Production settings, set only through the environment, pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "COOKSTORE_DEBUG": "0",
    "COOKSTORE_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
    "COOKSTORE_ALLOWED_HOSTS": "shop.example",
    "COOKSTORE_SMTP_HOST": "smtp.example",
}


def run_manage(*args, env_extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("COOKSTORE_", "DJANGO_"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_environment_passes_check_deploy_with_no_issues(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "DEBUG", env_extra={**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
    del env["COOKSTORE_SECRET_KEY"]
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "COOKSTORE_SECRET_KEY" in result.stderr


def test_production_cookies_and_transport_are_locked_down(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'))"
    )
    result = run_manage("shell", "-c", code, env_extra={**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)})
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "True", "Lax", "True", "True", "True"], result.stderr
