"""Start-up configuration, checked in a fresh interpreter as an operator would see it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INHERITED_NOT = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in INHERITED_NOT}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("url", ["garbage", "", "http://example.com/db", "postgres://"])
def test_bad_database_url_stops_with_one_line(url):
    result = run_manage("check", DATABASE_URL=url)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0]


def test_debug_off_requires_secret_key():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Invalid environment variable SECRET_KEY: must be set when DEBUG is off"
    ]


def test_bad_boolean_names_the_variable():
    result = run_manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_settings_pass_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7!kq2-production-like-secret-key-with-enough-length-and-variety-81",
        ALLOWED_HOSTS="cchc.namson.gov.vn",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "value"),
    [("SESSION_IDLE_HOURS", "0"), ("LOGIN_FAILURE_LIMIT", "0"), ("LOGIN_COOLOFF_MINUTES", "-5")],
)
def test_security_limits_below_one_stop_with_one_line(name, value):
    result = run_manage("check", **{name: value})

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert name.split("_")[0] in lines[0] and "must be at least 1" in lines[0]
