"""Security by default: headers on every page, and a production configuration that passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def production_environment(tmp_path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "a-production-secret-" + "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
        "SITE_URL": "https://portal.example.org",
        "SECURE": "1",
        "DEBUG": "0",
        "VAR_DIR": str(tmp_path),
    }


def test_production_settings_pass_check_deploy(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='portal.example.org').get('/countries/');"
        "print(r.status_code, r.get('Location'));"
        "r = Client(HTTP_HOST='portal.example.org').get('/healthz', secure=True);"
        "print(r.get('Strict-Transport-Security'))"
    )
    env = {**production_environment(tmp_path), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "301 https://portal.example.org/countries/", result.stderr
    assert lines[1] == "max-age=31536000; includeSubDomains; preload"


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    """Several app servers must share one key: none of them may make up its own."""
    env = production_environment(tmp_path)
    del env["SECRET_KEY"]
    result = run_check(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set. With SECURE=1 (production)" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_outside_production_a_key_is_generated_once_and_kept_in_var(tmp_path):
    """The laptop set-up (make run: no environment at all) keeps working with a key of its own."""
    env = {"PATH": os.environ.get("PATH", ""), "VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    assert run_check(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    again = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert len(key) >= 50 and again.stdout.strip() == key
