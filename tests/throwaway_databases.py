"""A throwaway PostgreSQL database on the server a URL points at: made and dropped by the backup round-trip
tests and by the load benches (bench/gunicorn_harness.py), which need a database of their own."""

import secrets
from urllib.parse import urlsplit, urlunsplit


def create_pg_database(server_url: str, *, prefix: str = "xcxt_scratch") -> str:
    """A new empty database on that server; its URL."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def drop_pg_database(server_url: str, database_url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
