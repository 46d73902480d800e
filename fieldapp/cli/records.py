"""Commands for the device identity and the records: init, add, edit, delete, restore,
list, show, history, demo."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping

from fieldapp.cli.common import ProgressLine, open_path, open_store, passphrase, write_records
from fieldapp.domain import validation, vocab
from fieldapp.domain.display import safe_text
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, KINDS, Field, columns
from fieldapp.errors import FieldappError, ValidationError
from fieldapp.identity.keys import format_fingerprint
from fieldapp.messages import Message
from fieldapp.ops import files as file_ops
from fieldapp.ops import records as record_ops
from fieldapp.ops import setup as setup_ops
from fieldapp.ops import signatures as signature_ops
from fieldapp.paths import default_db_path
from fieldapp.progress import Task
from fieldapp.store import Filter, Store
from fieldapp.store.query import default_sort

TABLE_COLUMNS = {
    INCIDENT: ("id", "event_date", "sub_event_type", "location", "admin1", "killed", "injured"),
    DISPLACEMENT: (
        "id",
        "report_date",
        "direction",
        "location",
        "admin1",
        "individuals",
        "households",
    ),
}
PLURAL = {"incidents": INCIDENT, "displacements": DISPLACEMENT}
_ID_HELP = "record id, or a unique prefix of it (6+ characters)"


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


# "is not a field of an incident record": an option of the other kind of record
_NOT_A_FIELD = {
    INCIDENT: Message("field.unknown_incident"),
    DISPLACEMENT: Message("field.unknown_displacement"),
}


def _not_a_field_named(kind: str, given: str) -> Message:
    """What --clear says of a name that is not one of `kind`'s fields."""
    if kind == INCIDENT:
        return Message("cli.clear_not_incident_field", value=repr(given))
    return Message("cli.clear_not_displacement_field", value=repr(given))


def _option_errors(kind: str, exc: ValidationError) -> ValidationError:
    """The same errors keyed by the options the user typed (--date, not event_date)."""
    options = {f.name: f.option for f in FIELDS[kind]}
    return ValidationError(
        {options.get(name, name): message for name, message in exc.errors.items()},
        exc.warnings,
    )


def _warn(kind: str, values: Mapping[str, object], places: Mapping[str, str] | None = None) -> None:
    """Plausibility warnings (households x size far from individuals, coordinates outside
    the named governorate...) go to stderr."""
    options = {f.name: f.option for f in FIELDS[kind]}
    found = {**validation.check(kind, values).warnings, **(places or {})}
    for name, message in found.items():
        print(f"fieldapp: warning: {options.get(name, name)}: {message}", file=sys.stderr)


# long: one parser per command, in the order `fieldapp --help` lists them
def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create the database and this device's identity")
    p.add_argument("--name", help="your name or your team's (shown on bundles and reports)")
    p.add_argument("--org", help="your organisation")
    p.add_argument(
        "--plain",
        action="store_true",
        help="leave the database unencrypted (not recommended: anyone holding the laptop can "
        "read it; by default it is encrypted under the device key's passphrase)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("add", help="add an incident or a displacement report")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind in KINDS:
        kp = kinds.add_parser(kind, help=f"add {_a(kind)} record; prints its id")
        for f in FIELDS[kind]:
            # the event type follows from the sub-event type, so it may be left out
            _add_field_option(kp, f, required=f.required and f.name != "event_type")
        kp.set_defaults(func=cmd_add)

    p = sub.add_parser("edit", help="edit a record (adds a revision)")
    p.add_argument("id", help=_ID_HELP)
    seen: set[str] = set()
    for kind in KINDS:
        for f in FIELDS[kind]:
            if f.option not in seen:
                seen.add(f.option)
                _add_field_option(p, f, required=False)
    p.add_argument(
        "--clear",
        action="append",
        default=[],
        metavar="FIELD",
        help="empty a field (repeatable), e.g. --clear notes",
    )
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser(
        "delete",
        help="delete records (their history is kept); several ids are deleted together",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help=_ID_HELP + "; several may be given")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser(
        "restore",
        help="bring back a deleted record, or an older version of one (adds a revision)",
    )
    p.add_argument("id", help=_ID_HELP)
    p.add_argument(
        "--revision",
        metavar="REV",
        help="the revision whose values to bring back (6+ characters, see `fieldapp history`);"
        " default: the last version before the deletion",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("list", help="list current records")
    p.add_argument("what", choices=sorted(PLURAL))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_filter_options(p)
    p.add_argument("--sort", help="column to sort by (default: the date)")
    p.add_argument(
        "--desc",
        action="store_true",
        help="sort newest / largest first (the default without --sort, as in the window)",
    )
    p.add_argument("--asc", action="store_true", help="sort oldest / smallest first")
    p.add_argument("--limit", type=int, help="at most this many records")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one record with all its fields")
    p.add_argument("id", help=_ID_HELP)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("history", help="a record's revisions, oldest first")
    p.add_argument("id", help=_ID_HELP)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser(
        "signatures",
        help="check every revision's author signature, by device; exit 1 if one fails",
    )
    p.add_argument(
        "--sign",
        action="store_true",
        help="first sign this device's unsigned revisions (needs the passphrase)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_signatures)

    p = sub.add_parser("demo", help="load sample data (north-west Syria) into an empty database")
    p.set_defaults(func=cmd_demo)


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The filters every listing, map and report accepts."""
    p.add_argument("--from", dest="date_from", metavar="DATE", help="from this date (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="up to this date (YYYY-MM-DD)")
    p.add_argument("--admin1", help="governorate: a name in any known spelling, or its P-code")
    p.add_argument("--admin2", help="district: a name in any known spelling, or its P-code")
    p.add_argument("--admin3", help="sub-district: a name in any known spelling, or its P-code")
    p.add_argument("--search", metavar="TEXT", help="words in location, notes, source, actors")
    p.add_argument("--event-type", help="ACLED event type (incidents)")


def filter_from_args(args: argparse.Namespace) -> Filter:
    for name, label in (("date_from", "--from"), ("date_to", "--to")):
        value = getattr(args, name, None)
        if value:
            try:
                setattr(args, name, validation.parse_date(value).isoformat())
            except ValueError as exc:
                raise ValidationError({label: str(exc)}) from None
    event_type = getattr(args, "event_type", None)
    if event_type:
        known = {t.casefold(): t for t in vocab.EVENT_TYPES}
        if event_type.strip().casefold() not in known:
            raise ValidationError(
                {
                    "--event-type": Message(
                        "choice.not_allowed",
                        value=repr(event_type),
                        allowed=", ".join(vocab.EVENT_TYPES),
                    )
                }
            )
        event_type = known[event_type.strip().casefold()]
    return Filter(
        date_from=getattr(args, "date_from", None),
        date_to=getattr(args, "date_to", None),
        admin1=getattr(args, "admin1", None),
        admin2=getattr(args, "admin2", None),
        admin3=getattr(args, "admin3", None),
        search=getattr(args, "search", None),
        event_type=event_type,
    )


def _dest(f: Field) -> str:
    return "f_" + f.option.lstrip("-").replace("-", "_")


_METAVAR = {"date": "YYYY-MM-DD", "int": "N", "float": "NUMBER", "text": "TEXT", "idlist": "ID"}


def _add_field_option(p: argparse.ArgumentParser, f: Field, required: bool) -> None:
    help_text = f.label
    if f.choices and f.name != "sub_event_type":  # 25 sub-event types: too many to list
        help_text += ": " + ", ".join(str(k) for k in f.choices())
    if f.name == "event_type":
        help_text += " (may be left out: the sub-event type implies it)"
    if f.name == "sub_event_type":
        help_text += " (ACLED) belonging to the event type, e.g. 'Air/drone strike'"
    if f.type in ("multi", "idlist"):
        help_text += " (repeatable)"
    kwargs: dict[str, object] = {"dest": _dest(f), "help": help_text, "required": required}
    if f.type in ("multi", "idlist"):
        kwargs["action"] = "append"
    if f.choices:
        kwargs["metavar"] = f.option.lstrip("-").upper().replace("-", "_")
    else:
        kwargs["metavar"] = _METAVAR.get(f.type, "VALUE")
    p.add_argument(f.option, **kwargs)


def _values(args: argparse.Namespace, kind: str, only_given: bool) -> dict[str, object]:
    values: dict[str, object] = {}
    for f in FIELDS[kind]:
        value = getattr(args, _dest(f), None)
        if value is None and only_given:
            continue
        values[f.name] = value
    return values


def cmd_init(args: argparse.Namespace) -> int:
    path = default_db_path(args.db)
    fresh = not path.exists() or (path.is_file() and path.stat().st_size == 0)
    if not fresh:
        with open_path(path) as store:
            device = store.device()
        if device is not None:
            raise FieldappError(
                Message(
                    "cli.database_taken",
                    path=path,
                    name=device.name,
                    organisation=device.organisation,
                )
            )
    # Everything is asked and checked before the file is created: a refused passphrase
    # leaves no half-made database behind.
    name = args.name or _ask("Your name (or your team's): ")
    org = args.org or _ask("Organisation: ")
    secret = passphrase("Choose a passphrase for the device key: ", confirm=True)
    identity = setup_ops.create_identity(name, org, secret)
    if fresh:  # one passphrase for the key and the database (encrypted unless --plain)
        setup_ops.create_database(path, identity, secret, encrypt=not args.plain)
    else:  # an existing database without a device (made by an older version or a script)
        with open_path(path) as store:
            setup_ops.save_identity(store, identity)
        if not args.plain and not Store.is_encrypted(path):
            file_ops.encrypt(path, secret)
    print(f"Created {path}" if fresh else f"Set up {path}")
    if args.plain:
        print("The database is NOT encrypted: encrypt it with `fieldapp encrypt`.")
    else:
        print("The database is encrypted: it opens only with this passphrase. Keep it safe.")
    print(f"Device: {identity.name} ({identity.organisation})")
    print(f"Key fingerprint: {format_fingerprint(identity.fingerprint)}")
    return 0


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise FieldappError(Message("cli.name_org_no_terminal"))
    return input(prompt)


def cmd_add(args: argparse.Namespace) -> int:
    values = _values(args, args.kind, only_given=False)
    with open_store(args) as store:
        try:
            added = record_ops.add(store, args.kind, values)
        except ValidationError as exc:
            raise _option_errors(args.kind, exc) from None
    _warn(args.kind, values, added.warnings)
    print(added.record_id)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record_id = store.resolve_id(args.id)
        kind = store.kind_of(record_id)
        changes = _values(args, kind, only_given=True)
        own = {f.option for f in FIELDS[kind]}
        foreign = [
            f.option
            for other in KINDS
            if other != kind
            for f in FIELDS[other]
            if f.option not in own and getattr(args, _dest(f), None) is not None
        ]
        if foreign:
            raise ValidationError({o: _NOT_A_FIELD[kind] for o in foreign})
        names = {f.name: f.name for f in FIELDS[kind]}
        names |= {f.option.lstrip("-"): f.name for f in FIELDS[kind]}  # --clear lat
        for given in args.clear:
            name = names.get(given.strip().lstrip("-")) or names.get(
                given.strip().lstrip("-").replace("-", "_")
            )
            if name is None:
                raise ValidationError({"--clear": _not_a_field_named(kind, given)})
            changes[name] = None
        if not changes:
            raise FieldappError(Message("cli.nothing_to_change"))
        try:
            edited = record_ops.edit(store, record_id, changes)
        except ValidationError as exc:
            raise _option_errors(kind, exc) from None
    rev = edited.revision
    if rev is not None:
        _warn(kind, rev.data, edited.warnings)
    print(f"{record_id} unchanged" if rev is None else f"{record_id} revision {rev.id[:12]}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    """All the records or none (see ops.records.delete)."""
    with open_store(args) as store:
        revisions = record_ops.delete(store, args.ids).revisions
    for record_id, rev in revisions:
        print(f"{record_id} deleted (revision {rev.id[:12]})")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        restored = record_ops.restore(store, args.id, args.revision)
    record_id, rev = restored.record_id, restored.revision
    if rev is None:
        print(f"{record_id} unchanged (it already has those values)")
    else:
        print(f"{record_id} restored (revision {rev.id[:12]})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    kind = PLURAL[args.what]
    if args.limit is not None and args.limit < 0:
        raise ValidationError({"--limit": Message("cli.not_zero_or_more")})
    with open_store(args) as store:
        flt = filter_from_args(args)
        try:
            # without --sort: the window's order (newest first, same tie-breaks)
            order_by, descending = default_sort(kind)
            if args.sort:
                order_by, descending = args.sort, False
            descending = (descending or args.desc) and not args.asc
            records = store.query(
                kind, flt, order_by=order_by, descending=descending, limit=args.limit
            )
        except ValueError as exc:
            raise FieldappError(
                Message("cli.bad_sort", text=str(exc), allowed=", ".join(columns(kind)))
            ) from None
    write_records(records, columns(kind), args.format, TABLE_COLUMNS[kind])
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record_id = store.resolve_id(args.id)
        record = store.get(record_id)
        if record is None:
            raise FieldappError(Message("cli.record_deleted", id=record_id))
        heads = len(store.heads(record_id))
    if args.format == "json":
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        for key, value in record.items():
            if isinstance(value, list):
                value = ", ".join(value)
            print(f"{key:>20}  {'' if value is None else value}")
        if heads > 1:
            print(f"{'':>20}  CONFLICT: {heads} competing versions; see `fieldapp conflicts`")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        history = record_ops.history(store, args.id)
    revisions, authors = history.revisions, history.authors
    if args.format == "json":
        out = [
            {
                "revision": r.id,
                "parents": list(r.parents),
                "device": r.device,
                "author": authors[r.device],
                "seq": r.seq,
                "timestamp": r.timestamp,
                "deleted": r.deleted,
                "data": r.data,
                "signature": history.signatures[r.id],
            }
            for r in revisions
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    by_id = {r.id: r for r in revisions}
    for r in revisions:
        if r.deleted:
            action = "deleted"
        elif not r.parents:
            action = "created"
        elif len(r.parents) > 1:
            action = "merged " + ", ".join(p[:8] for p in r.parents)
        else:
            parent = by_id.get(r.parents[0])
            changed = [
                f.name
                for f in FIELDS[r.kind]  # in form order, not the stored (sorted) order
                if parent is None or parent.data.get(f.name) != r.data.get(f.name)
            ]
            action = "edited " + (", ".join(changed) if changed else "(no change)")
        signed = _SIGNATURE_NOTES[history.signatures[r.id]]
        print(f"{r.timestamp}  {r.id[:12]}  {authors[r.device]} #{r.seq}  {action}  [{signed}]")
    return 0


_SIGNATURE_NOTES = {
    signature_ops.SIGNED: "signed by its author",
    signature_ops.UNSIGNED: "UNSIGNED",
    signature_ops.NO_KEY: "signed; author's key unknown here",
    signature_ops.BAD: "SIGNATURE FAILS",
}


def cmd_signatures(args: argparse.Namespace) -> int:
    """By author: revisions signed and checked, unsigned, of an unknown key, failing."""
    with open_store(args) as store:
        secret = passphrase("Passphrase of the signing key: ") if args.sign else None
        census = signature_ops.check_signatures(
            store, sign_with=secret, progress=ProgressLine("Checking signatures")
        )
    if args.format == "json":
        out = [
            {"device": d, "author": census.labels[d], "own": d == census.own, **tally}
            for d, tally in census.by_device.items()
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        if args.sign:
            print(f"signed now: {census.signed_now:,} of this device's revisions")
        print(f"{'author':<44} {'signed':>9} {'unsigned':>9} {'no key':>7} {'FAILS':>6}")
        for device, tally in census.by_device.items():
            name = safe_text(census.labels[device])[:40] + (" *" if device == census.own else "")
            print(
                f"{name:<44} {tally[signature_ops.SIGNED]:>9,} {tally[signature_ops.UNSIGNED]:>9,}"
                f" {tally[signature_ops.NO_KEY]:>7,} {tally[signature_ops.BAD]:>6,}"
            )
        if census.total(signature_ops.UNSIGNED):
            print(
                "unsigned: written before fieldapp signed revisions. This device's (*) are"
                " signed at its next export or by `fieldapp signatures --sign`; another"
                " device's when a bundle from it carries them signed."
            )
    return 1 if census.total(signature_ops.BAD) else 0


def cmd_demo(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        loaded = setup_ops.load_demo(store, task=Task(ProgressLine("Loading demo data")))
    print(f"Loaded {loaded.incidents} incidents and {loaded.displacements} displacement reports")
    return 0
