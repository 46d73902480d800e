"""Commands for signed bundles: export, verify, merge, keys, devices, conflicts, resolve,
duplicates."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fieldapp.cli import age_identity as age_identity_cli
from fieldapp.cli.common import ProgressLine, open_path, open_store, passphrase, print_table
from fieldapp.domain.display import safe_text
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.identity.keys import format_fingerprint
from fieldapp.messages import Message
from fieldapp.ops import bundles as bundle_ops
from fieldapp.ops import curation as curation_ops
from fieldapp.ops import setup as setup_ops
from fieldapp.ops.age_identity import bundle_path
from fieldapp.ops.bundles import BundleInfo, MergeSummary, ranges
from fieldapp.paths import default_db_path
from fieldapp.progress import Task
from fieldapp.store import Store

KIND_NAMES = {"incidents": INCIDENT, "displacements": DISPLACEMENT}


def register(sub: argparse._SubParsersAction) -> None:
    _register_bundles(sub)
    _register_devices(sub)
    _register_conflicts(sub)
    _register_duplicates(sub)


def _register_bundles(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a signed bundle of this database's changes")
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the bundle to write (.zip; a sealed one is an age file: .age, and a FILE "
        "ending in .zip is written as .age)",
    )
    p.add_argument("--full", action="store_true", help="every record, not only what changed")
    p.add_argument(
        "--seal-to",
        metavar="RECIPIENT",
        help="encrypt the bundle to a coordinator's age recipient (age1...); it opens "
        "with fieldapp or with age -d",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("verify", help="check a bundle (or a signed PDF report) without merging")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("merge", help="verify bundles and merge them into this database")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--trust-new",
        action="store_true",
        help="trust signers this database does not know yet (check their fingerprint first)",
    )
    p.set_defaults(func=cmd_merge)


def _register_devices(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("keys", help="this device's keys and the trusted keys of others")
    keys = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    k = keys.add_parser("show", help="this device's fingerprint and age recipient")
    k.set_defaults(func=cmd_keys_show)
    k = keys.add_parser("export", help="write this device's certificate for a coordinator")
    k.add_argument("--out", required=True, metavar="CERTFILE")
    k.set_defaults(func=cmd_keys_export)
    k = keys.add_parser("trust", help="trust the device whose certificate this is")
    k.add_argument("certificate", metavar="CERTFILE")
    k.set_defaults(func=cmd_keys_trust)
    k = keys.add_parser("untrust", help="stop trusting a device's key")
    k.add_argument("fingerprint", metavar="FINGERPRINT", help="the fingerprint or its start")
    k.set_defaults(func=cmd_keys_untrust)
    k = keys.add_parser("list", help="every known device key and whether it is trusted")
    k.set_defaults(func=cmd_keys_list)
    age_identity_cli.register(keys)

    p = sub.add_parser("devices", help="known devices, their bundles and missing bundles")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_devices)


def _register_conflicts(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("conflicts", help="records with competing versions, side by side")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_conflicts)

    p = sub.add_parser("resolve", help="end a conflict by choosing what to keep")
    p.add_argument("id", help="record id (or its first 6+ characters)")
    p.add_argument("--take", metavar="REV", help="keep this version whole (revision id start)")
    p.add_argument(
        "--pick",
        action="append",
        default=[],
        metavar="FIELD=REV",
        help="keep this field from that version (repeatable); the rest from --take or the "
        "version shown now",
    )
    p.set_defaults(func=cmd_resolve)


def _pair_options(d: argparse.ArgumentParser) -> None:
    """Which pairs: the kind, how far apart in km and in days."""
    d.add_argument("what", nargs="?", choices=sorted(KIND_NAMES), default="incidents")
    d.add_argument("--km", type=float, default=2.0, help="distance in km (default 2)")
    d.add_argument("--days", type=int, default=1, help="days apart (default 1)")


def _register_duplicates(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("duplicates", help="possible duplicate records: list, link, merge")
    dup = p.add_subparsers(dest="dup_command", metavar="ACTION", required=True)
    d = dup.add_parser("list", help="pairs that may be the same event")
    _pair_options(d)
    d.add_argument("--limit", type=int, default=200, help="at most this many pairs")
    d.add_argument("--all", action="store_true", help="include pairs already marked same")
    d.add_argument("--format", choices=("table", "json"), default="table")
    d.set_defaults(func=cmd_dup_list)
    d = dup.add_parser("link", help="record a decision about a pair")
    d.add_argument("a")
    d.add_argument("b")
    group = d.add_mutually_exclusive_group(required=True)
    group.add_argument("--distinct", action="store_true", help="different events: stop flagging")
    group.add_argument("--same", action="store_true", help="the same event, kept as two records")
    group.add_argument("--none", action="store_true", help="forget an earlier decision")
    d.set_defaults(func=cmd_dup_link)
    d = dup.add_parser("merge", help="merge OTHER into KEEP (both histories are kept)")
    d.add_argument("keep")
    d.add_argument("other")
    d.add_argument(
        "--take",
        action="append",
        default=[],
        metavar="FIELD",
        help="take this field's value from OTHER (repeatable)",
    )
    d.set_defaults(func=cmd_dup_merge)
    d = dup.add_parser(
        "merge-exact", help="merge every listed pair whose fields are all equal (one step)"
    )
    _pair_options(d)
    d.set_defaults(func=cmd_dup_merge_exact)
    d = dup.add_parser(
        "mark-distinct", help="record every listed pair as different events (one step)"
    )
    _pair_options(d)
    d.add_argument(
        "--yes", action="store_true", required=True, help="confirm: they will not be listed again"
    )
    d.set_defaults(func=cmd_dup_mark_distinct)


# -- export / verify / merge ---------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    out = bundle_path(Path(args.out), sealed=bool(args.seal_to))  # sealed: .age
    with open_store(args) as store:
        store.require_device()
        secret = passphrase("Passphrase (to sign the bundle): ")
        try:
            result = bundle_ops.export(
                store,
                out,
                secret,
                full=args.full,
                seal_to=args.seal_to,
                task=Task(ProgressLine("Exporting")),
            ).bundle
        except bundle_ops.NothingToExport as exc:
            print(str(exc))
            return 0
    what = "every record" if result.full else "changes since the last bundle"
    counts = ", ".join(f"{n:,} {k} rows" for k, n in result.records.items())
    print(f"Wrote {result.path} ({result.size:,} bytes): bundle #{result.seq}, {what}")
    print(f"  {result.revisions:,} revisions; {counts}")
    print(f"  Signed by {format_fingerprint(result.fingerprint)}")
    for title, units in result.places:
        print(f"  Places register: {safe_text(title)} ({units:,} units)")
    if result.sealed_to:
        print(f"  Sealed to {result.sealed_to} (an age file)")
    if out != Path(args.out):
        what = "an age file, not a zip" if result.sealed_to else "a zip, not an age file"
        print(f"  Named {out.name}, not {Path(args.out).name}: it is {what}")
    return 0


def _db_for_verify(args: argparse.Namespace) -> Store | None:
    path = default_db_path(args.db)
    if not Path(path).exists():
        return None
    return open_path(Path(path))


def cmd_verify(args: argparse.Namespace) -> int:
    if str(args.file).lower().endswith(".pdf"):
        try:
            from fieldapp.cli.reports import verify_pdf
        except ImportError:
            raise FieldappError(Message("pdf.no_reports_module")) from None
        return verify_pdf(args)
    store = _db_for_verify(args)
    try:
        with bundle_ops.verify(
            store,
            args.file,
            passphrase=lambda: passphrase("Passphrase (to open the sealed bundle): "),
            task=Task(ProgressLine("Verifying")),
        ) as verified:
            info, parts, seconds = verified.info, verified.parts, verified.bundle.seconds
    finally:
        if store is not None:
            store.close()
    print(f"OK: {info.path} is an intact fieldapp bundle, signed by the key it names")
    _print_info(info, store is not None)
    how = "two processes" if parts == 2 else "one process"
    print(f"  {'Checked:':<14}every row, in {seconds:.1f} s ({how})")
    return 0


def _print_info(info: BundleInfo, with_db: bool) -> None:
    s = info.signer
    if not with_db:
        trust = "unknown (no database to ask)"
    elif s.trusted:
        trust = "yes"
    else:
        trust = "NO: check the fingerprint with the sender, then merge with --trust-new"
    kind = "full" if info.full else "incremental"
    rows = ", ".join(f"{n:,} {k}" for k, n in info.records.items())
    lines = [
        ("Signer", f"{s.name} ({s.organisation})"),
        ("Fingerprint", format_fingerprint(s.fingerprint)),
        ("Trusted here", trust),
        ("Bundle", f"#{info.sequence} ({kind}), id {info.bundle_id}"),
        ("Written", info.created_at),
        ("Revisions", f"{info.revisions:,} (current records: {rows})"),
        ("Sealed", "yes (age)" if info.sealed else "no"),
    ]
    if info.places.get("editions"):
        editions, units = info.places["editions"], info.places.get("units", 0)
        lines.append(("Places", f"{editions:,} register edition(s), {units:,} units"))
    if info.already_merged:
        lines.append(("Merged", "already merged into this database"))
    for label, value in lines:  # names and ids come from the bundle: shown escaped
        print(f"  {label + ':':<14}{safe_text(value)}")


def _print_summary(summary: MergeSummary) -> None:
    s = summary.signer
    signer, organisation = safe_text(s.name), safe_text(s.organisation)  # from the bundle
    name = safe_text(summary.path.name)
    if summary.already_merged:
        print(
            f"{name}: bundle #{summary.sequence} from {signer} was already merged; nothing changed"
        )
        return
    c = summary.counts()
    print(
        f"{name}: merged bundle #{summary.sequence} from {signer} ({organisation}): "
        f"{c['new']:,} new, {c['updated']:,} updated, {c['deleted']:,} deleted, "
        f"{c['conflicts']:,} conflicts, {c['skipped']:,} skipped (already here)"
    )
    if summary.trusted_now:
        print(f"  Now trusting {signer}'s key {format_fingerprint(s.fingerprint)}")
    for note in summary.places:  # edition titles come from the bundle: shown escaped
        print(f"  {safe_text(str(note))}")
    if summary.conflicts:
        print("  Records with competing versions: see `fieldapp conflicts`")
    if summary.missing_before:
        missing = ranges(summary.missing_before)
        print(f"  Warning: bundle(s) {missing} from {signer} have not arrived; ask for them")
    elif summary.far_ahead:
        print(
            f"  Warning: bundle #{summary.sequence} from {signer} is far ahead: "
            f"{summary.far_ahead:,} earlier bundles have not arrived; check with the sender"
        )


def cmd_merge(args: argparse.Namespace) -> int:
    worst = 0
    with open_store(args) as store:
        store.require_device()
        for file in args.files:
            try:
                summary = bundle_ops.merge(
                    store,
                    [file],
                    trust_new=args.trust_new,
                    passphrase=lambda: passphrase("Passphrase (to open the sealed bundle): "),
                    task=Task(ProgressLine(f"Merging {Path(file).name}")),
                ).summary
            except FieldappError as exc:
                if len(args.files) == 1:
                    raise
                print(f"fieldapp: error: {file}: {exc}", file=sys.stderr)
                worst = max(worst, exc.exit_code or 1)
                continue
            _print_summary(summary)
    return worst


# -- keys and devices ----------------------------------------------------------------------


def cmd_keys_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        key = setup_ops.sealing_key(
            store, lambda: passphrase("Passphrase (to create the sealing key): ")
        )
    device, recipient = key.device, key.recipient
    print(f"Device:        {safe_text(device.name)} ({safe_text(device.organisation)})")
    print(f"Fingerprint:   {format_fingerprint(device.id)}")
    print(f"Age recipient: {recipient}")
    print("Field workers seal bundles to you with: fieldapp export --seal-to " + recipient)
    print("To open sealed bundles with the age tool too: fieldapp keys export-age-identity")
    return 0


def cmd_keys_export(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        written = setup_ops.export_certificate(store, args.out)
    print(f"Wrote {written.path}; fingerprint {format_fingerprint(written.fingerprint)}")
    return 0


def cmd_keys_trust(args: argparse.Namespace) -> int:
    path = Path(args.certificate)
    if not path.is_file():  # before the database is opened: the first problem to fix
        raise FieldappError(Message("keys.no_certificate_file", path=path))
    with open_store(args) as store:
        result = setup_ops.trust(store, path).result
    state = "already trusted" if result.was_trusted else "now trusted"
    print(f"{safe_text(result.name)} ({safe_text(result.organisation)}) is {state}")
    print(f"Fingerprint: {format_fingerprint(result.fingerprint)}")
    print("Check that this matches what `fieldapp keys show` prints on that device.")
    return 0


def cmd_keys_untrust(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        label = setup_ops.untrust(store, args.fingerprint).label
    print(f"No longer trusting {label}; its bundles will be refused")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = bundle_ops.devices(store)
    rows = [
        [
            format_fingerprint(d.fingerprint)[:19],
            d.name + (" (this device)" if d.is_self else ""),
            d.organisation,
            "yes" if d.trusted else "no",
            (d.trusted_at or d.added_at)[:10],
        ]
        for d in report
    ]
    print_table(rows, ["fingerprint", "name", "organisation", "trusted", "since"])
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = bundle_ops.devices(store)
    if args.format == "json":
        out = [
            {
                "fingerprint": d.fingerprint,
                "name": d.name,
                "organisation": d.organisation,
                "trusted": d.trusted,
                "this_device": d.is_self,
                "bundles_received": d.received,
                "bundles_missing": d.missing,
                "bundles_far_ahead": d.far_ahead,  # missing, too many to list
                "last_bundle_merged_at": d.last_bundle_at,
                "bundles_sent": d.sent,
                "revisions": d.revisions,
            }
            for d in report
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    rows = [
        [
            format_fingerprint(d.fingerprint)[:9],
            d.name + (" (this device)" if d.is_self else ""),
            "yes" if d.trusted else "no",
            ranges(d.received) if not d.is_self else f"{d.sent} sent",
            ranges(d.missing)
            or (f"{d.far_ahead:,} (far ahead)" if d.far_ahead else "")
            or ("" if d.is_self or not d.received else "none"),
            (d.last_bundle_at or "")[:16].replace("T", " "),
            f"{d.revisions:,}",
        ]
        for d in report
    ]
    print_table(
        rows, ["key", "device", "trusted", "bundles", "missing", "last bundle", "revisions"]
    )
    missing = [d for d in report if d.missing]
    for d in missing:
        print(f"Missing from {safe_text(d.name)}: bundle(s) {ranges(d.missing)}")
    for d in (d for d in report if d.far_ahead):
        print(f"Missing from {safe_text(d.name)}: {d.far_ahead:,} earlier bundles (far ahead)")
    return 0


# -- conflicts -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def cmd_conflicts(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = curation_ops.conflicts(store)
    if args.format == "json":
        out = [
            {
                "record": c.record_id,
                "kind": c.kind,
                "differing": c.differing,
                "versions": [
                    {
                        "revision": v.id,
                        "author": v.author,
                        "timestamp": v.revision.timestamp,
                        "deleted": v.revision.deleted,
                        "provisional": v.provisional,
                        "data": v.revision.data,
                    }
                    for v in c.versions
                ],
            }
            for c in found
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("No conflicts.")
        return 0
    for c in found:
        print(f"Record {c.record_id} ({c.kind}): {len(c.versions)} competing versions")
        headers = ["field"] + [f"{v.id[:12]}{' *' if v.provisional else ''}" for v in c.versions]
        rows = [
            ["author", *[v.author for v in c.versions]],
            ["time", *[v.revision.timestamp[:19].replace("T", " ") for v in c.versions]],
        ]
        if any(v.revision.deleted for v in c.versions):
            rows.append(["deleted", *["yes" if v.revision.deleted else "" for v in c.versions]])
        for name in c.differing:
            rows.append([name, *[_text(c.value(v, name)) for v in c.versions]])
        print_table(rows, headers)
        print(
            f"  * shown now. Resolve: fieldapp resolve {c.record_id[:8]} --take "
            f"{c.versions[0].id[:12]}  (or --pick FIELD=REV)\n"
        )
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    picks: dict[str, str] = {}
    for item in args.pick:
        name, sep, rev = item.partition("=")
        if not sep or not name or not rev:
            raise FieldappError(Message("cli.bad_pick", value=repr(item)))
        picks[name.strip()] = rev.strip()
    with open_store(args) as store:
        done = curation_ops.resolve(store, args.id, take=args.take, picks=picks)
    print(f"{done.record_id} resolved (revision {done.revision.id[:12]})")
    return 0


# -- duplicates ----------------------------------------------------------------------------


def cmd_dup_list(args: argparse.Namespace) -> int:
    kind = KIND_NAMES[args.what]
    with open_store(args) as store:
        found = curation_ops.find_duplicates(
            store, kind, km=args.km, days=args.days, limit=args.limit, include_linked=args.all
        ).candidates
    if args.format == "json":
        print(json.dumps([vars(c) for c in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("No possible duplicates.")
        return 0
    rows = [
        [
            c.a[:8],
            c.b[:8],
            c.date_a,
            c.date_b,
            _text(c.location_a),
            _text(c.location_b),
            "" if c.distance_km is None else f"{c.distance_km:.2f}",
            "same name" if c.same_name else "nearby",
            c.link or "",
        ]
        for c in found
    ]
    print_table(rows, ["a", "b", "date a", "date b", "place a", "place b", "km", "why", "link"])
    print("Decide: fieldapp duplicates link A B --distinct|--same, or duplicates merge KEEP OTHER")
    return 0


def cmd_dup_link(args: argparse.Namespace) -> int:
    relation = "distinct" if args.distinct else "same" if args.same else "none"
    with open_store(args) as store:
        linked = curation_ops.link(store, args.a, args.b, relation)
    a, b = linked.a, linked.b
    print(f"{a[:8]} and {b[:8]}: {relation if relation != 'none' else 'decision removed'}")
    return 0


def cmd_dup_merge(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        kind = store.kind_of(store.resolve_id(args.keep))
        names = {f.name for f in FIELDS[kind]}
        for name in args.take:
            if name not in names:
                raise FieldappError(Message("cli.take_not_a_field", field=name, kind=kind))
        result = curation_ops.merge_duplicates(store, args.keep, args.other, args.take).result
    print(f"Merged {result.removed} into {result.kept}; both histories are kept")
    if result.repointed:
        print(f"  {len(result.repointed)} displacement report(s) now name {result.kept[:8]}")
    return 0


def cmd_dup_merge_exact(args: argparse.Namespace) -> int:
    """What the duplicates view's "Merge all exact duplicates" does."""
    kind = KIND_NAMES[args.what]
    with open_store(args) as store:
        result = curation_ops.merge_all_exact(store, kind, km=args.km, days=args.days)
    left = result.left
    print(f"Merged {result.done:,} exact duplicate pair(s); both histories of each are kept")
    if left:
        print(f"  {left:,} other pair(s) need a person: fieldapp duplicates list")
    return 0


def cmd_dup_mark_distinct(args: argparse.Namespace) -> int:
    """What the duplicates view's "Mark all shown as distinct" does."""
    kind = KIND_NAMES[args.what]
    with open_store(args) as store:
        done = curation_ops.mark_all_distinct(store, kind, km=args.km, days=args.days).done
    print(f"Marked {done:,} pair(s) as different events; they are not listed again")
    return 0
