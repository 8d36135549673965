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
    "COOKSTORE_BASE_URL": "https://shop.example",
    "COOKSTORE_SMTP_HOST": "smtp.example",
    # Fixed test keys (32 bytes each, urlsafe base64); production makes its own with generate_field_key.
    "COOKSTORE_FIELD_KEYS": "k20260101:" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
    "COOKSTORE_LOOKUP_KEY": "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=",
    # Production takes card payments through Stripe.
    "COOKSTORE_STRIPE_SECRET_KEY": "sk_live_example",
    "COOKSTORE_STRIPE_PUBLISHABLE_KEY": "pk_live_example",
    "COOKSTORE_STRIPE_WEBHOOK_SECRET": "whsec_example",
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


def test_check_deploy_wants_the_public_https_address_for_canonical_links(tmp_path):
    cases = {
        "http://shop.example": "core.E001",  # search engines and e-mail links on plain HTTP
        "https://www.shop.example": "core.E002",  # a host the shop itself would refuse
    }
    for base_url, error in cases.items():
        env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path), "COOKSTORE_BASE_URL": base_url}
        result = run_manage("check", "--deploy", env_extra=env)
        assert result.returncode != 0
        assert error in result.stderr and "COOKSTORE_BASE_URL" in result.stderr
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
    del env["COOKSTORE_BASE_URL"]  # the laptop default, http://127.0.0.1:8000
    result = run_manage("check", "--deploy", env_extra=env)
    assert "core.E001" in result.stderr and "core.E002" in result.stderr


def test_a_base_url_with_a_path_is_refused_with_an_example(tmp_path):
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path), "COOKSTORE_BASE_URL": "https://shop.example/butik"}
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "COOKSTORE_BASE_URL must be the shop's public address like https://shop.example" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
    del env["COOKSTORE_SECRET_KEY"]
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "COOKSTORE_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_field_keys_and_says_how_to_make_them(tmp_path):
    for missing in ("COOKSTORE_FIELD_KEYS", "COOKSTORE_LOOKUP_KEY"):
        env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
        del env[missing]
        result = run_manage("check", env_extra=env)
        assert result.returncode != 0
        assert missing in result.stderr
        assert "manage.py generate_field_key" in result.stderr


def test_production_refuses_malformed_field_keys_without_echoing_them(tmp_path):
    short_key = "c2hvcnQta2V5"
    cases = {
        f"k1:{short_key}": "32 bytes",
        "k1:not base64!": "not urlsafe base64",
        "no-key-id-separator": "key_id:key",
        f"{PRODUCTION['COOKSTORE_FIELD_KEYS']},{PRODUCTION['COOKSTORE_FIELD_KEYS']}": "twice",
    }
    for value, complaint in cases.items():
        env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path), "COOKSTORE_FIELD_KEYS": value}
        result = run_manage("check", env_extra=env)
        assert result.returncode != 0
        assert complaint in result.stderr
        assert short_key not in result.stderr


def test_keys_made_as_the_message_says_start_production(tmp_path):
    env = {key: value for key, value in PRODUCTION.items() if not key.endswith(("_FIELD_KEYS", "_LOOKUP_KEY"))}
    env.update(COOKSTORE_DATA_DIR=str(tmp_path), COOKSTORE_DEBUG="1")
    field_key = run_manage("generate_field_key", env_extra=env).stdout.strip()
    lookup_key = run_manage("generate_field_key", "--lookup", env_extra=env).stdout.strip()
    assert field_key.startswith("k20") and len(field_key.split(":")[1]) == 44

    env.update(COOKSTORE_DEBUG="0", COOKSTORE_FIELD_KEYS=field_key, COOKSTORE_LOOKUP_KEY=lookup_key)
    code = "from django.conf import settings as s; print(s.FIELD_ENCRYPTION_KEYS[0][0], len(s.LOOKUP_HASH_KEY))"
    result = run_manage("shell", "-c", code, env_extra=env)
    assert result.stdout.splitlines()[-1].split() == [field_key.split(":")[0], "32"], result.stderr


def test_production_cookies_and_transport_are_locked_down(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'))"
    )
    result = run_manage("shell", "-c", code, env_extra={**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)})
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "True", "Lax", "True", "True", "True"], result.stderr


def test_production_refuses_stripe_without_its_publishable_key(tmp_path):
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
    del env["COOKSTORE_STRIPE_PUBLISHABLE_KEY"]
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0 and "COOKSTORE_STRIPE_PUBLISHABLE_KEY" in result.stderr


def test_check_deploy_fails_for_the_test_payment_provider_in_production(tmp_path):
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path), "COOKSTORE_PAYMENT_PROVIDER": "testpsp",
           "COOKSTORE_TESTPSP_SECRET": "a-test-provider-secret"}
    result = run_manage("check", "--deploy", env_extra=env)
    assert result.returncode != 0
    assert "payments.E002" in result.stdout + result.stderr
    assert run_manage("check", env_extra=env).returncode == 0  # a plain check (e.g. the benchmark) still runs


def test_check_deploy_fails_when_mail_would_be_printed_to_the_process_log(tmp_path):
    env = {**PRODUCTION, "COOKSTORE_DATA_DIR": str(tmp_path)}
    del env["COOKSTORE_SMTP_HOST"]  # the console backend: every e-mail, names and addresses, into the log
    result = run_manage("check", "--deploy", env_extra=env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "notifications.E001" in output and "COOKSTORE_SMTP_HOST" in output
    assert run_manage("check", env_extra=env).returncode == 0  # a plain check (e.g. the benchmark) still runs
