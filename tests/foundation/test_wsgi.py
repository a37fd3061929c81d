"""The WSGI entry point under a bad environment: one line, and gunicorn's boot-error code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INHERITED_NOT = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
# gunicorn stops the whole server when a worker exits with this code; any
# other code and it boots another worker, forever.
GUNICORN_WORKER_BOOT_ERROR = 3
BAD_URL = "Invalid environment variable DATABASE_URL: expected sqlite:///path or "


def _environment(**env) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in INHERITED_NOT}
    return environment | env


def test_importing_the_wsgi_app_with_a_bad_variable_exits_with_code_3():
    result = subprocess.run(
        [sys.executable, "-c", "import tracker.wsgi"],
        cwd=ROOT,
        env=_environment(DATABASE_URL="foo"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == GUNICORN_WORKER_BOOT_ERROR
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(BAD_URL)


def test_manage_py_keeps_exit_code_1():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_environment(DATABASE_URL="foo"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1


@pytest.mark.skipif(
    shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None,
    reason="gunicorn is not installed",
)
def test_gunicorn_stops_instead_of_rebooting_workers():
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))

    result = subprocess.run(
        [gunicorn, "tracker.wsgi", "--bind", "127.0.0.1:0", "--workers", "2"],
        cwd=ROOT,
        env=_environment(DATABASE_URL="foo"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    # It stopped on its own (the timeout would have raised): how the halt
    # surfaces (exit 3, or 1 with a traceback) depends on when the worker died.
    assert result.returncode != 0
    assert "Worker failed to boot." in result.stderr
