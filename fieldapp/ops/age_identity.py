"""Export the coordinator's age identity, so the reference `age` tool (or rage) can open
the bundles field workers sealed to this device: `age -d -i identity.age bundle.age`.

The secret never leaves in clear: the file is age's own passphrase-encrypted identity
(scrypt), written whole or not at all, readable by its owner only (0600). Its passphrase
is by default a new one, not the device's: the file may be handed to a second coordinator
or kept in an office safe, and whoever holds it must not learn the passphrase that opens
this database and signs as this device. Reusing the device passphrase is a choice
(`same_passphrase`).

Also the one rule for naming a bundle file (sealed: .age), for the command line, which
reaches the services through this layer only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldapp import diskfull
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.passphrase import check_passphrase
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store
from fieldapp.sync import seal
from fieldapp.sync.seal import bundle_path

__all__ = ["AgeIdentityExported", "bundle_path", "export_age_identity"]

SUGGESTED_NAME = "age-identity.age"


@dataclass(frozen=True)
class AgeIdentityExported:
    path: Path
    recipient: str  # the age1... recipient the identity opens bundles for
    same_passphrase: bool  # the file opens with the device passphrase
    changes: Changes = NOTHING  # a file is written; the database is not touched


def export_age_identity(
    store: Store,
    out: str | Path,
    passphrase: str,
    file_passphrase: str | None = None,
    *,
    replace: bool = False,
    task: Task = NO_TASK,
) -> AgeIdentityExported:
    """Write this device's age identity to `out`, encrypted under `file_passphrase`
    (None: the device passphrase). `passphrase` opens the stored identity. Refused, with
    nothing written: no sealing key yet, a wrong passphrase, a file passphrase too short,
    an existing file unless `replace` (the window's save dialog has asked already)."""
    out = Path(out)
    store.require_device()
    if out.is_dir():
        raise FieldappError(Message("file.is_a_folder", path=out, text=out / SUGGESTED_NAME))
    if not out.parent.is_dir():
        raise FieldappError(Message("file.folder_missing", path=out.parent))
    if out.exists() and not replace:
        raise FieldappError(Message("age_identity.file_exists", path=out))
    if seal.age_recipient(store) is None:
        raise FieldappError(Message("age_identity.no_sealing_key"))
    secret = check_passphrase(passphrase if file_passphrase is None else file_passphrase)
    task.report(0, 3)
    identity = seal.age_identity(store, passphrase)  # WrongPassphrase: nothing written
    task.check()
    task.report(1, 3)
    data = seal.identity_file(identity, secret)
    task.check()
    task.report(2, 3)
    diskfull.write_atomically(out, data)  # a private temporary file (0600), renamed
    task.report(3, 3)
    return AgeIdentityExported(out, str(identity.to_public()), file_passphrase is None)
