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
