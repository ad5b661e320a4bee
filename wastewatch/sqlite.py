"""SpatiaLite needs SQLite extension loading, which some Python builds (pyenv) leave out."""

import sys

from django.core.exceptions import ImproperlyConfigured


def ensure_extension_loading() -> None:
    """Swap in pysqlite3 when the interpreter's sqlite3 cannot load extensions."""
    import sqlite3

    if hasattr(sqlite3.Connection, "enable_load_extension"):
        return
    try:
        import pysqlite3
        import pysqlite3.dbapi2
    except ImportError as exc:
        raise ImproperlyConfigured(
            "This Python's sqlite3 cannot load extensions, so SpatiaLite cannot work. "
            "Install pysqlite3-binary, use a Python built with extension loading "
            "(Debian's /usr/bin/python3), or set DATABASE_URL to a PostGIS database."
        ) from exc
    sys.modules["sqlite3"] = pysqlite3
    sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2
