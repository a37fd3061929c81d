"""Read settings from the environment, refusing a bad value with one clear line.

A wrong value stops start-up through SystemExit so the operator sees a single
line naming the variable, not a traceback.
"""

import os

import dj_database_url

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


def refuse(name: str, why: str):
    raise SystemExit(f"Invalid environment variable {name}: {why}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    refuse(name, f"expected one of 1/0, true/false, yes/no, on/off, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        refuse(name, f"expected a whole number, got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default_url: str) -> dict:
    raw = os.environ.get(name)
    url = default_url if raw is None else raw.strip()
    if not url:
        refuse(name, "is set but empty; unset it for the default SQLite file")
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in DATABASE_SCHEMES:
        refuse(name, f"expected sqlite:///path or postgres://user@host:port/name, got {url!r}")
    try:
        config = dj_database_url.parse(url, conn_max_age=60 if scheme != "sqlite" else 0)
    except ValueError as exc:
        refuse(name, str(exc))
    if not config.get("NAME"):
        refuse(name, f"names no database, got {url!r}")
    return config
