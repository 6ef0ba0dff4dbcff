"""A fresh database for each measurement: a copied SQLite file, or a PostgreSQL database
created from a migrated template (both far quicker than migrating each time)."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg

PREFIX = "fp_bench"


def migrate(url: str) -> None:
    """Create the schema (and event types) in the database at `url`, in a child process."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fullpicture.config.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "fullpicture.manage", "migrate", "--verbosity", "0"],
        env=env,
        check=True,
    )


class Databases:
    """Hands out fresh databases on one server (PostgreSQL) or in one temp folder (SQLite)."""

    def __init__(self, database: str, workdir: Path) -> None:
        self.is_sqlite = database == "sqlite"
        self.workdir = workdir
        self._numbers = itertools.count(1)
        self._template = ""
        if not self.is_sqlite:
            config = dj_database_url.parse(database)
            self._server = {
                "host": config["HOST"] or "127.0.0.1",
                "port": config["PORT"] or 5432,
                "user": config["USER"] or "postgres",
                "password": config["PASSWORD"] or None,
            }
            self._url_base = database.rsplit("/", 1)[0]
        self.name = "SQLite" if self.is_sqlite else f"PostgreSQL ({self._url_base.split('@')[-1]})"

    def _admin(self, *statements: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **self._server) as conn:
            for statement in statements:
                conn.execute(statement)

    def prepare_template(self) -> None:
        """Migrate one template database; every fresh database is a copy of it."""
        if self.is_sqlite:
            self._template = str(self.workdir / "template.sqlite3")
            migrate(f"sqlite:///{self._template}")
        else:
            self._template = f"{PREFIX}_template_{os.getpid()}"
            self._admin(
                f'DROP DATABASE IF EXISTS "{self._template}"', f'CREATE DATABASE "{self._template}"'
            )
            migrate(f"{self._url_base}/{self._template}")

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """A new database's URL, dropped (or deleted) afterwards."""
        number = next(self._numbers)
        if self.is_sqlite:
            path = self.workdir / f"bench-{number}.sqlite3"
            shutil.copyfile(self._template, path)
            try:
                yield f"sqlite:///{path}"
            finally:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        else:
            name = f"{PREFIX}_{os.getpid()}_{number}"
            self._admin(
                f'DROP DATABASE IF EXISTS "{name}"',
                f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"',
            )
            try:
                yield f"{self._url_base}/{name}"
            finally:
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if not self.is_sqlite and self._template:
            self._admin(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')


def workdir() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="fp-bench-")
