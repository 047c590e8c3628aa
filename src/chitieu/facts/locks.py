"""Waiting for a store another process is using: how long (``CHITIEU_LOCK_WAIT``), what is said
while waiting, and the PostgreSQL session limits of an import.

Imports into one store never interleave. A DuckDB file is locked by the process that opens it for
writing (readers share a lock of their own); a second process retries opening it until the wait
runs out. On PostgreSQL an import takes a transaction-level advisory lock (``IMPORT_LOCK``, keyed
by the store's schema) at the start of its write, so that two imports of the same codes write one
after the other, whatever the engine keeps.
"""

from __future__ import annotations

import os
import sys

from chitieu.errors import ChitieuError

LOCK_WAIT_ENV = "CHITIEU_LOCK_WAIT"
"""Seconds a command waits for another import into the same store (default ten minutes)."""
DEFAULT_LOCK_WAIT = 600.0
STATEMENT_TIMEOUT_ENV = "CHITIEU_STATEMENT_TIMEOUT"
"""Seconds one statement of an import may run on PostgreSQL (0: no limit; default two hours)."""
DEFAULT_STATEMENT_TIMEOUT = 7200.0
STALE_AFTER_ENV = "CHITIEU_STALE_AFTER"
"""Seconds after which a session holding an import's lock while idle in its transaction is
named as possibly abandoned (default five minutes)."""
DEFAULT_STALE_AFTER = 300.0

WAITING = "đang có một lần nạp khác vào kho này, đang chờ…"
"""Said once (stderr) when the store is held by another process and this one starts waiting."""

IMPORT_LOCK = 0x63686974
"""The first key of the PostgreSQL advisory lock of chitieu's imports («chit»); the second is the
hash of the store's schema, so that stores in other schemas of a database do not wait."""


def seconds(name: str, default: float) -> float:
    """A duration in seconds from the environment variable ``name``; ``ChitieuError`` when it is
    not a number of seconds."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses NaN
        raise ChitieuError(f"{name} phải là số giây (ví dụ 600), không phải «{text}»")
    return value


def lock_wait() -> float:
    """How long to wait for another process's hold on the store (``CHITIEU_LOCK_WAIT``)."""
    return seconds(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT)


def statement_timeout() -> float:
    """How long one statement of an import may run on PostgreSQL (``CHITIEU_STATEMENT_TIMEOUT``)."""
    return seconds(STATEMENT_TIMEOUT_ENV, DEFAULT_STATEMENT_TIMEOUT)


def stale_after() -> float:
    """After how long idle in its transaction a lock holder is named as possibly abandoned."""
    return seconds(STALE_AFTER_ENV, DEFAULT_STALE_AFTER)


def announce(message: str) -> None:
    """Say ``message`` on stderr at once (scripts read stdout; the user sees why nothing moves)."""
    print(message, file=sys.stderr, flush=True)


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs on this machine (one of another user's counts)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
