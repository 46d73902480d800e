"""Encrypted database files (SQLCipher): keys from the passphrase, opening, copying,
changing the passphrase; converting a plain database in place is store/cipher_convert.py,
a new passphrase for the database and the wrapped keys together store/rekey.py. Store.open
uses this for every encrypted file; new databases are encrypted (ops.setup.create_database).

Design (docs/security.md draws on this):

- The cipher is SQLCipher 4 (PyPI `sqlcipher3`, its own SQLite inside): AES-256-CBC per
  page, an HMAC per page (SHA-256; SHA-512 in files of format 1, see HMAC), so a wrong key
  or a changed byte is detected, never silently read. The WAL and rollback journal hold
  encrypted pages too; temporary tables and sorts are kept in memory (`temp_store =
  MEMORY`), never in a temporary file.
- The key is derived by fieldapp, not by SQLCipher: scrypt (memory-hard: 128 MiB per guess
  at N=2**17, r=8, so a seized laptop's file cannot be attacked with GPUs the way
  SQLCipher's own PBKDF2 can), with the same cost as the device key (fieldapp/passphrase.py).
  It costs 0.35-0.45 s on the development machine (0.6-0.7 s while its 2 CPUs are busy),
  once per unlock: `unlock` returns the key for further connections (tests measure it).
  SQLCipher is given the raw 32-byte key (`PRAGMA key = "x'<key><salt>'"`), so its own
  KDF is skipped.
- The salt (16 random bytes) lives where SQLCipher keeps it anyway: the first 16 bytes of
  the database file. A new database is keyed with the raw key *and* the salt; an existing
  one has its salt read from those bytes before the key is derived. Nothing else is
  stored: the key never touches the disk, and no passphrase check value exists outside
  the encrypted pages. The KDF parameters, the page size (8 KiB) and the HMAC are
  therefore part of the file format (`FORMAT`): a file of an earlier format is recognised
  by trying its settings when today's fail on page 1 (`connect`), and rewritten in
  today's by a conversion (cipher_convert.upgrade_in_place).
- A wrong passphrase and a damaged first page look the same to SQLCipher (the HMAC of
  page 1 fails): the message says both. A truncated file is told apart by its size.
- What is NOT protected: a running, unlocked session (the key and decrypted records are
  in the process's memory, and Python cannot reliably wipe them), a keylogger or screen
  capture, swap or a hibernation file holding that memory (full-disk encryption covers
  those), the file's size and modification time, and copies of the *plain* file made
  before conversion (old backups, file-system snapshots, SSD blocks: see `wipe`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlcipher3 import dbapi2 as sqlcipher

from fieldapp.errors import DatabaseError, WrongPassphrase
from fieldapp.messages import Message
from fieldapp.passphrase import SCRYPT_N, SCRYPT_P, SCRYPT_R, check_passphrase
from fieldapp.store import dialect

# sqlcipher3's exceptions are its own classes, NOT subclasses of sqlite3.Error: code that
# catches dialect.Error (sqlite3.Error) must catch this too once the store is encrypted.
Error = sqlcipher.Error
IntegrityError = sqlcipher.IntegrityError
OperationalError = sqlcipher.OperationalError
Connection = sqlcipher.Connection


class _Connection(sqlcipher.Connection):
    """sqlcipher3's connection with the `iterdump` (the database as SQL text) that the
    standard sqlite3 module has and sqlcipher3 leaves out: sqlite-utils' Database.iterdump
    and the tests that compare two databases call it on every kind of store. `hmac`: the
    HMAC setting `connect` opened the file with (format_of tells the format from it)."""

    hmac: str

    def iterdump(self) -> Any:
        from sqlite3.dump import _iterdump  # the standard library's, over any DB-API

        return _iterdump(self)


PLAIN_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
PAGE_SIZE = 8192  # as dialect.configure gives a new plain file (bench_store, bench_bundles)
COMPATIBILITY = 4  # SQLCipher 4's settings, pinned so that a SQLCipher 5 still opens the file
# The page's HMAC. Format 2 (2026-12) uses SHA-256, not SQLCipher 4's SHA-512: with the SHA
# extensions most CPUs since 2017-2019 have, it costs half as much, and every page read
# from the file and written to it pays it (docs/records.md, "Encrypted at rest: what it
# costs"). Its strength is the same for an HMAC key of 64 bytes. Files of format 1 open
# and stay in it until `fieldapp encrypt` rewrites them (cipher_convert.upgrade_in_place).
HMAC = "HMAC_SHA256"
FORMERLY = ("HMAC_SHA512",)  # format 1
_KDF = f"scrypt N={SCRYPT_N} r={SCRYPT_R} p={SCRYPT_P}, sqlcipher 4, {PAGE_SIZE}"
FORMAT = f"fieldapp-db-v2: {_KDF}, {HMAC}"
FORMAT_V1 = f"fieldapp-db-v1: {_KDF}, {FORMERLY[0]}"
_SCRYPT_N = SCRYPT_N  # tests lower it (module attribute) to run many conversions quickly


# -- what a file is ----------------------------------------------------------------------------


def describe(path: str | os.PathLike[str]) -> str:
    """What the file at `path` is: "missing", "empty", "plain" (an SQLite file in clear) or
    "encrypted" (anything else: an SQLCipher file begins with its random salt, so it cannot
    be told from noise)."""
    path = Path(path)
    if not path.exists():
        return "missing"
    if path.is_dir():
        raise DatabaseError(Message("database.is_folder", path=str(path)))
    with open(path, "rb") as handle:
        head = handle.read(len(PLAIN_HEADER))
    if not head:
        return "empty"
    return "plain" if head == PLAIN_HEADER else "encrypted"


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """An encrypted database as far as can be told without the key: not plain SQLite, and
    made of whole SQLCipher pages (any other file — a text file, a truncated copy — is
    left to the plain open, which says it is not a fieldapp database)."""
    if describe(path) != "encrypted":
        return False
    size = Path(path).stat().st_size
    return size >= PAGE_SIZE and size % PAGE_SIZE == 0


def read_salt(path: str | os.PathLike[str]) -> bytes:
    """The salt an encrypted database keeps in its first 16 bytes, or a DatabaseError
    saying why this file has none (missing, plain, truncated)."""
    path = Path(path)
    state = describe(path)
    if state in ("missing", "empty"):
        raise DatabaseError(Message("database.missing", path=str(path)))
    if state == "plain":
        raise DatabaseError(Message("cipher.not_encrypted", path=str(path)))
    size = path.stat().st_size
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise DatabaseError(
            Message("cipher.truncated", path=str(path), size=f"{size:,}", limit=f"{PAGE_SIZE:,}")
        )
    with open(path, "rb") as handle:
        return handle.read(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The 32-byte database key of a passphrase and a salt (scrypt, the device key's cost)."""
    if len(salt) != SALT_BYTES:
        raise ValueError(f"a salt is {SALT_BYTES} bytes, not {len(salt)}")
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=_SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


def unlock(path: str | os.PathLike[str], passphrase: str) -> bytes:
    """The key of an existing encrypted database, checked by opening it (so a caller can
    keep the key and open more connections without paying the KDF again)."""
    if not passphrase:
        raise _wrong_passphrase(Path(path))
    key = derive_key(passphrase, read_salt(path))
    connect(path, key=key).close()
    return key


# -- connections -------------------------------------------------------------------------------


def _raw(key: bytes, salt: bytes = b"") -> str:
    """SQLCipher's raw-key literal: 64 hex digits of key, then (new files) 32 of salt."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"a key is {KEY_BYTES} bytes, not {len(key)}")
    return f"x'{key.hex()}{salt.hex()}'"


def _settings(conn: Connection, schema: str = "main", hmac: str = "") -> None:
    """The format's settings, given after the key and before the first read, every time:
    none of them is stored in the (encrypted) header. `hmac`: an earlier format's."""
    conn.execute(f"PRAGMA {schema}.cipher_compatibility = {COMPATIBILITY}")
    conn.execute(f"PRAGMA {schema}.cipher_page_size = {PAGE_SIZE}")
    conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm = {hmac or HMAC}")


def _wrong_passphrase(path: Path) -> WrongPassphrase:
    return WrongPassphrase(Message("cipher.wrong_passphrase", path=str(path)))


def _new_file(path: Path) -> None:
    """An empty file readable by its owner only (SQLite would create it 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _keying(
    path: Path, passphrase: str | None, key: bytes | None, salt: bytes | None
) -> tuple[bytes, bytes]:
    """(key, salt to give SQLCipher) for `connect`: the salt only for a new file."""
    state = describe(path)
    if state in ("missing", "empty"):
        if key is not None and salt is not None:
            _new_file(path)
            return key, salt
        if passphrase is None:
            raise DatabaseError(Message("database.missing", path=str(path)))
        salt = os.urandom(SALT_BYTES)
        key = derive_key(check_passphrase(passphrase), salt)
        _new_file(path)
        return key, salt
    if key is None:
        if not passphrase:
            raise _wrong_passphrase(path)
        return derive_key(passphrase, read_salt(path)), b""
    read_salt(path)  # refuses a plain or truncated file with its own message
    return key, b""


def connect(
    path: str | os.PathLike[str],
    passphrase: str | None = None,
    *,
    key: bytes | None = None,
    salt: bytes | None = None,
    read_only: bool = False,
) -> Connection:
    """An autocommit connection (as dialect.connect) to an encrypted database file.

    An existing file is opened with `key`, or with the key of `passphrase` and the file's
    salt; a missing or empty file becomes a new database under `passphrase` and a fresh
    salt, or under `key` and `salt` when both are given (a backup of a database, keyed as
    it is: `read_salt` of the source and the key it was opened with). A wrong passphrase
    raises WrongPassphrase; a plain or truncated file a DatabaseError; in every case
    nothing is written. `read_only` opens an existing file that cannot be written through
    this connection (the second verifying process's view of the store).
    """
    path = Path(path)
    if read_only and describe(path) in ("missing", "empty"):
        raise DatabaseError(Message("database.missing", path=str(path)))
    key, salt = _keying(path, passphrase, key, salt)
    wrong: Exception | None = None
    for hmac in (HMAC,) if salt else (HMAC, *FORMERLY):  # a new file: today's format
        conn = _connection(path, read_only)
        try:
            _keyed(conn, key, salt, hmac)
        except sqlcipher.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc) or "encrypted" in str(exc):
                wrong = exc  # a wrong key, or a file of an earlier format: try that
                continue
            raise dialect.sqlite_error(path, exc) from exc
        conn.hmac = hmac
        return conn
    raise _wrong_passphrase(path) from wrong


def _connection(path: Path, read_only: bool) -> _Connection:
    try:
        if read_only:  # a URI, percent-encoded: a '#' or '?' in a folder name stays a path
            uri = f"{path.resolve().as_uri()}?mode=ro"
            return sqlcipher.connect(  # type: ignore[no-any-return]
                uri, uri=True, isolation_level=None, timeout=10, factory=_Connection
            )
        return sqlcipher.connect(  # type: ignore[no-any-return]
            str(path), isolation_level=None, timeout=10, factory=_Connection
        )
    except Error as exc:
        raise dialect.sqlite_error(path, exc) from exc


def _keyed(conn: Connection, key: bytes, salt: bytes, hmac: str) -> None:
    """Key a new connection and read page 1 (where a wrong key, or another format, shows)."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" on stderr
    # The process's defaults too (they are global): what an ATTACH reads page 1 with. Only
    # new files (scratch copies) are attached, so these are always today's format.
    conn.execute(f"PRAGMA cipher_default_compatibility = {COMPATIBILITY}")
    conn.execute(f"PRAGMA cipher_default_page_size = {PAGE_SIZE}")
    conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {HMAC}")
    conn.execute(f'PRAGMA key = "{_raw(key, salt)}"')  # a PRAGMA binds no parameters
    _settings(conn, "main", hmac)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA busy_timeout = 10000")
    # SQLCipher reads page 1 only now: this is where a wrong key shows.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def format_of(conn: Connection) -> str:
    """The file format of the database `conn` (made by `connect`) was opened in: FORMAT,
    or an earlier one (FORMERLY) that `upgrade_in_place` rewrites in today's."""
    hmac = getattr(conn, "hmac", HMAC)
    return FORMAT if hmac == HMAC else FORMAT_V1


# Keys of the databases unlocked in this process, by resolved path: one unlock serves every
# connection the process opens afterwards (the window's worker threads, the map renderer),
# until `forget` (locking) drops it. Memory only; never written anywhere.
_UNLOCKED: dict[str, bytes] = {}


def remember(path: str | os.PathLike[str], key: bytes) -> None:
    _UNLOCKED[str(Path(path).resolve())] = key


def forget(path: str | os.PathLike[str]) -> None:
    _UNLOCKED.pop(str(Path(path).resolve()), None)


def known_key(path: str | os.PathLike[str]) -> bytes | None:
    return _UNLOCKED.get(str(Path(path).resolve()))


def open_keyed(
    path: str | os.PathLike[str], passphrase: str | None = None, *, key: bytes | None = None
) -> tuple[Connection, bytes]:
    """A connection to an encrypted database and its key (kept by the Store for the other
    connections it opens: backups, the second verifying process): an existing file with
    `key` or the key of `passphrase` and its salt; a missing or empty one becomes a new
    database under `passphrase` and a fresh salt."""
    path = Path(path)
    if key is None and passphrase is None:
        key = known_key(path)
    if key is None:
        if passphrase is None:
            raise DatabaseError(Message("database.needs_passphrase", path=str(path)))
        if describe(path) in ("missing", "empty"):
            salt = os.urandom(SALT_BYTES)
            key = derive_key(check_passphrase(passphrase), salt)
            conn = connect(path, key=key, salt=salt)
            remember(path, key)
            return conn, key
        if not passphrase:
            raise _wrong_passphrase(path)
        key = derive_key(passphrase, read_salt(path))
    conn = connect(path, key=key)
    remember(path, key)
    from fieldapp.store.cipher_convert import sweep_plain_leftovers  # (it imports this module)

    sweep_plain_leftovers(path)  # a conversion killed after its swap left plain copies
    return conn, key


def attach(conn: Connection, path: Path, schema: str, key: bytes | None) -> None:
    """ATTACH another database file to an encrypted connection: an encrypted one under
    `key` (its own salt is read from its header), a plain one with `key=None`. Without a
    KEY clause SQLCipher would use the main database's key *and salt*."""
    raw = "" if key is None else _raw(key)
    conn.execute(f"ATTACH DATABASE ? AS {schema} KEY ?", (str(path), raw))


# -- copying, checking, wiping -----------------------------------------------------------------


def fsync_path(path: Path) -> None:
    """Flush a file, or (POSIX only: Windows has no folder handles) a folder's renames."""
    if path.is_dir() and os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY if path.is_dir() else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export(
    source: Path, dest: Path, key: bytes, salt: bytes, source_key: bytes | None = None
) -> None:
    """`sqlcipher_export` of the database `source` (plain, or encrypted under `source_key`,
    in any format `connect` opens) into the new file `dest`, keyed with `key` and `salt`, in
    today's format. The source is the main database: SQLCipher recreates its FTS5 tables
    only in that direction."""
    _new_file(dest)
    if source_key is None:
        conn = sqlcipher.connect(
            source.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None
        )
    else:
        conn = connect(source, key=source_key, read_only=True)
    try:
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(dest), _raw(key, salt)))
        _settings(conn, "encrypted")  # a new file: today's format
        # One transaction: one sync of the new file instead of one per table (1 s -> 0.03 s
        # for a 2 MB database on a busy disk).
        conn.execute("BEGIN")
        conn.execute("SELECT sqlcipher_export('encrypted')")
        for pragma in ("user_version", "application_id"):  # not copied by the export
            value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            conn.execute(f"PRAGMA encrypted.{pragma} = {value}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    fsync_path(dest)


def encrypt_copy(
    plain_path: str | os.PathLike[str], passphrase: str, dest: str | os.PathLike[str]
) -> bytes:
    """An encrypted copy of the plain database `plain_path` at the new file `dest`, under
    `passphrase` and a fresh salt; returns the key. The plain file is only read."""
    plain, dest = Path(plain_path), Path(dest)
    if describe(plain) != "plain":
        raise DatabaseError(Message("cipher.not_plain", path=str(plain)))
    if dest.exists():
        raise DatabaseError(Message("backup.exists", path=str(dest)))
    salt = os.urandom(SALT_BYTES)
    key = derive_key(check_passphrase(passphrase), salt)
    try:
        export(plain, dest, key, salt)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            dest.unlink()
        if isinstance(exc, Error | OSError):
            raise dialect.sqlite_error(dest, exc) from exc
        raise
    return key


@dataclass(frozen=True)
class Content:
    """What a conversion must keep: the revisions (count and a hash of their ids, in
    arrival order) and a hash of every table's rows, the schema and user_version."""

    revisions: int
    revision_ids: str
    tables: str


def content(conn: sqlite3.Connection | Connection) -> Content:
    """The Content of a database, read through a plain or an encrypted connection. Rows
    are hashed in column order (rowids that SQLite may renumber are left out)."""
    ids = hashlib.sha256()
    count = 0
    for (revision_id,) in conn.execute("SELECT id FROM revisions ORDER BY n"):
        ids.update(revision_id.encode() + b"\n")
        count += 1
    tables = hashlib.sha256()
    schema = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    tables.update(repr((schema, conn.execute("PRAGMA user_version").fetchone())).encode())
    for kind, name, _table, sql in schema:
        virtual = (sql or "").upper().startswith("CREATE VIRTUAL")  # its shadow tables count
        if kind != "table" or name.startswith("sqlite_") or virtual:
            continue
        width = len(conn.execute(f'SELECT * FROM "{name}" LIMIT 0').description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        tables.update(f"\n{name}\n".encode())
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}'):
            tables.update(repr(row).encode())
    return Content(count, ids.hexdigest(), tables.hexdigest())


def wipe(path: Path) -> None:
    """Overwrite a file with zeros, flush it to the disk, then delete it.

    What this can and cannot do: on a hard disk with ext4/NTFS in their default modes the
    blocks are rewritten in place, so the old bytes are gone. On an SSD or a USB stick the
    controller writes the zeros to fresh flash cells and only marks the old ones unused
    (wear levelling): they stay readable with lab tools until erased. Copy-on-write and
    journaling file systems (btrfs, ZFS, APFS, ext4 data=journal) and snapshots (Time
    Machine, Windows shadow copies) may keep older versions too. Overwriting lowers what a
    casual search finds; only full-disk encryption protects those leftovers.
    """
    with contextlib.suppress(FileNotFoundError):
        with open(path, "r+b") as handle:
            overwrite(handle)
        path.unlink()


def overwrite(handle: Any) -> None:
    """Zeros over every byte of an open file, flushed to the disk (see `wipe`)."""
    size = os.fstat(handle.fileno()).st_size
    handle.seek(0)
    block = b"\0" * (1 << 20)
    for start in range(0, size, len(block)):
        handle.write(block[: min(len(block), size - start)])
    handle.flush()
    os.fsync(handle.fileno())


# -- changing the passphrase -------------------------------------------------------------------


def rekey(path: str | os.PathLike[str], old: str, new: str) -> bytes:
    """Change an encrypted database's passphrase (`PRAGMA rekey`, one transaction: a crash
    leaves the old passphrase or the new one working, never neither). Returns the new key.

    The salt is kept: SQLCipher reads it from the main file when a connection is keyed,
    while a rekey in WAL mode leaves the new page 1 in the -wal until a checkpoint, so a
    new salt would, after a crash there, open with neither passphrase. A salt is not a
    secret and the new key differs anyway (it is derived from the new passphrase)."""
    path = Path(path)
    check_passphrase(new)
    conn = connect(path, old)
    try:
        return rekey_connection(conn, path, new)
    finally:
        conn.close()


def rekey_connection(conn: Connection, path: Path, new: str) -> bytes:
    """`rekey` through an open connection (the store's: other connections keyed with the
    old key fail after it). Not inside a transaction: SQLCipher commits the open
    transaction together with the re-encryption, and a later ROLLBACK undoes nothing
    (tests/test_cipher.py shows it)."""
    check_passphrase(new)
    key = derive_key(new, read_salt(path))
    rekey_with(conn, key)
    check_salt_kept(conn, path)
    return key


def rekey_with(conn: Connection, key: bytes) -> None:
    """Re-encrypt the database of `conn` under `key` (its salt kept). SQLCipher commits
    the connection's open transaction together with the rewritten pages."""
    conn.execute(f'PRAGMA rekey = "{_raw(key)}"')


def check_salt_kept(conn: Connection, path: Path) -> None:
    """After a rekey: the connection still uses the salt in the file's first bytes (a new
    salt would leave the file openable by neither passphrase after a crash)."""
    if conn.execute("PRAGMA cipher_salt").fetchone()[0] != read_salt(path).hex():
        raise DatabaseError(Message("cipher.salt_changed", path=str(path)))
