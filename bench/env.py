"""Where the benchmark's data lives and how Django is started on it.

The bench never touches the project's own database: PostgreSQL gets a
database of its own per size (created on first use), SQLite a file under
bench/out/. Django runs as in production (DEBUG off, cached templates,
static files from the manifest) but over plain HTTP on loopback.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SIZES = {"50k": 50_000, "500k": 500_000}
PG_ADMIN_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAMES = {"50k": "bench_h20", "500k": "bench_h20_500k"}


def database_url(db: str, size: str) -> str:
    if db == "postgres":
        return f"{PG_ADMIN_URL}/{PG_NAMES[size]}"
    OUT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{OUT / f'bench_{size}.sqlite3'}"


def server_env(db: str, size: str) -> dict[str, str]:
    """The environment the app runs with, in this process and under gunicorn."""
    return {
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": database_url(db, size),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(OUT / "media"),
    }


def ensure_pg_database(size: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
        name = PG_NAMES[size]
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup(db: str, size: str) -> None:
    """Point Django at the bench database and start it (once per process)."""
    if db == "postgres":
        ensure_pg_database(size)
    os.environ.update(server_env(db, size))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
