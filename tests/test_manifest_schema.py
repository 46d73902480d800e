"""The bundle manifest's JSON Schema (resources/schemas/bundle-manifest.schema.json, published
as docs/bundle-manifest.schema.json) and its check (fieldapp/sync/bundle/manifest_schema.py).

The schema describes what fieldapp's reader accepts, no more and no less where a schema can
say it: real manifests pass, each kind of violation is refused naming its JSON path, and
every violation the schema finds is one the reader refuses too.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from jsonschema import Draft202012Validator
from test_sync_helpers import INCIDENT as INCIDENT_VALUES
from test_sync_helpers import device_factory, device_key, read_bundle, repack

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle import manifest as manifest_mod
from fieldapp.sync.bundle import manifest_schema
from fieldapp.sync.bundle.manifest_schema import check_manifest_schema, json_path
from fieldapp.sync.errors import BundleError
from fieldapp.sync.export import export_bundle

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ROOT / "resources" / "schemas" / "bundle-manifest.schema.json"
PUBLISHED = ROOT / "docs" / "bundle-manifest.schema.json"
OLDEST_READ = getattr(fmt, "OLDEST_READ", 2)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle from a relaying device: the manifest lists another author in `devices`."""
    where = tmp_path_factory.mktemp("schema")
    devices = device_factory()
    bilal, amal = devices.new(where, "Bilal"), devices.new(where, "Amal")
    with Store.open(bilal) as store:
        store.add(INCIDENT, {**INCIDENT_VALUES, "location": "Saraqib"})
        export_bundle(store, where / "bilal.zip", PASSPHRASE, full=True)
    from fieldapp.sync.merge import merge_bundle

    with Store.open(amal) as store:
        merge_bundle(store, where / "bilal.zip", trust_new=True)
        store.add(INCIDENT, INCIDENT_VALUES)
        export_bundle(store, where / "amal.zip", PASSPHRASE, full=True)
    return where / "amal.zip"


@pytest.fixture
def manifest(bundle: Path) -> dict[str, Any]:
    data = json.loads(read_bundle(bundle)[fmt.MANIFEST])
    assert data["devices"], "the fixture's bundle relays another device's revisions"
    return data


def refusal(manifest: Any) -> BundleError:
    with pytest.raises(BundleError) as caught:
        check_manifest_schema(manifest, "b.zip")
    assert caught.value.code == "bundle.manifest_schema"
    return caught.value


# -- one schema, packaged and published --------------------------------------------------


def test_the_published_schema_is_the_packaged_one():
    """One source of truth: resources/schemas/ (packaged, what verification reads); the
    copy in docs/ is what third parties read, byte for byte the same."""
    assert PUBLISHED.read_bytes() == PACKAGED.read_bytes()


def test_it_is_a_valid_draft_2020_12_schema():
    schema = json.loads(PACKAGED.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert manifest_schema.schema() == schema


def test_it_names_the_format_versions_this_fieldapp_reads():
    version = manifest_schema.schema()["properties"]["format_version"]
    assert (version["minimum"], version["maximum"]) == (OLDEST_READ, fmt.FORMAT_VERSION)
    assert set(manifest_schema.schema()["properties"]["files"]["required"]) == set(fmt.CSV_FILES)


# -- real manifests pass -------------------------------------------------------------------


def test_a_real_manifest_follows_the_schema(manifest: dict[str, Any]):
    assert manifest["format_version"] == fmt.FORMAT_VERSION
    check_manifest_schema(manifest, "amal.zip")
    Draft202012Validator(manifest_schema.schema()).validate(manifest)  # a stock validator too


def test_a_format_2_manifest_fieldapp_wrote_follows_the_schema():
    """tests/data/bundle-manifest-v2.json: the manifest of a relay bundle exported by
    fieldapp at 7011287 (format 2, before revision ids were RFC 8785)."""
    v2 = json.loads((ROOT / "tests" / "data" / "bundle-manifest-v2.json").read_bytes())
    assert v2["format_version"] == 2 and v2["devices"]
    check_manifest_schema(v2, "v2.zip")
    manifest_mod._check_manifest("v2.zip", v2)  # and the reader takes it, as before
    manifest_mod._check_devices("v2.zip", v2)


@pytest.mark.parametrize("version", range(OLDEST_READ, fmt.FORMAT_VERSION + 1))
def test_every_format_version_read_passes(manifest: dict[str, Any], version: int):
    manifest["format_version"] = version
    check_manifest_schema(manifest, "old.zip")


def test_optional_fields_may_be_absent_or_null(manifest: dict[str, Any]):
    for key in ("app_version", "encoding"):
        del manifest[key]
    manifest["revisions"] = {"count": manifest["revisions"]["count"], "first_timestamp": None}
    manifest["future_field"] = {"anything": [1, 2]}  # the reader has always ignored these
    check_manifest_schema(manifest, "b.zip")


# -- each kind of violation, with its path -------------------------------------------------

Edit = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Edit:
    def edit(m: dict[str, Any]) -> None:
        target = m
        for part in path[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return edit


_DELETE = object()
HEX = "ab" * 32
# fmt: off
VIOLATIONS: list[tuple[str, Edit, str, str]] = [
    ("missing field", _set(["bundle_id"], _DELETE), "$.bundle_id", "is missing"),
    ("missing nested", _set(["author", "name"], _DELETE), "$.author.name", "is missing"),
    ("wrong constant", _set(["format"], "zip"), "$.format", 'must be "fieldapp-bundle"'),
    ("format 1", _set(["format_version"], 1), "$.format_version", "at least"),
    ("newer format", _set(["format_version"], 99), "$.format_version", "at most"),
    ("float for integer", _set(["sequence"], 1.0), "$.sequence", "an integer"),
    ("bool for integer", _set(["sequence"], True), "$.sequence", "an integer"),
    ("sequence 0", _set(["sequence"], 0), "$.sequence", "at least 1"),
    ("sequence beyond 2**53", _set(["sequence"], 2**53 + 1), "$.sequence", "at most"),
    ("text for boolean", _set(["full"], "yes"), "$.full", "a boolean"),
    ("bad uuid", _set(["bundle_id"], "not-a-uuid"), "$.bundle_id", "at least 36"),
    ("upper-case uuid", _set(["bundle_id"], "A" * 8 + "-aaaa-aaaa-aaaa-" + "a" * 12),
     "$.bundle_id", "must match"),
    ("bad timestamp", _set(["created_at"], "2019-05-14 10:00:00.000Z"), "$.created_at",
     "must match"),
    ("hour 24", _set(["created_at"], "2019-05-14T24:00:00.000Z"), "$.created_at", "match"),
    ("long name", _set(["author", "name"], "x" * 201), "$.author.name", "at most 200"),
    ("upper-case fingerprint", _set(["devices", 0, "fingerprint"], HEX.upper()),
     "$.devices[0].fingerprint", "must match"),
    ("fingerprint and a newline", _set(["author", "fingerprint"], HEX + "\n"),
     "$.author.fingerprint", "at most 64"),
    ("long certificate", _set(["devices", 0, "certificate"], "x" * 20_001),
     "$.devices[0].certificate", "at most 20000"),
    ("devices not a list", _set(["devices"], {}), "$.devices", "an array"),
    ("device not an object", _set(["devices", 0], "x"), "$.devices[0]", "an object"),
    ("negative count", _set(["revisions", "count"], -1), "$.revisions.count", "at least 0"),
    ("count beyond int64", _set(["revisions", "count"], 2**63), "$.revisions.count",
     "at most"),
    ("bad range time", _set(["revisions", "last_timestamp"], "today"),
     "$.revisions.last_timestamp", "null or a timestamp"),
    ("unknown kind", _set(["records", "meeting"], 1), "$.records.meeting", "not allowed"),
    ("missing kind", _set(["records", "incident"], _DELETE), "$.records.incident", "missing"),
    ("extra file", _set(["files", "notes.txt"], {"sha256": HEX, "size": 1}),
     "$.files['notes.txt']", "not allowed"),
    ("bad digest", _set(["files", "revisions.csv", "sha256"], "00"),
     "$.files['revisions.csv'].sha256", "at least 64"),
    ("float size", _set(["files", "incidents.csv", "size"], 10.0),
     "$.files['incidents.csv'].size", "an integer"),
]
# fmt: on


@pytest.mark.parametrize(
    ("edit", "path", "rule"), [v[1:] for v in VIOLATIONS], ids=[v[0] for v in VIOLATIONS]
)
def test_each_violation_is_refused_with_its_path(
    manifest: dict[str, Any], edit: Edit, path: str, rule: str
):
    edit(manifest)
    error = refusal(manifest)
    assert error.params["entry"] == path
    assert rule in error.params["text"]
    expected = f"b.zip: the manifest does not follow the bundle manifest schema at {path}: it "
    assert str(error).startswith(expected)


# checked by the reader before the signature (manifest._read_manifest): the format, its
# version, the author's fingerprint against its certificate (tests/test_bundle_refusals.py)
READ_EARLIER = {"wrong constant", "format 1", "newer format", "fingerprint and a newline"}
LATER = [v for v in VIOLATIONS if v[0] not in READ_EARLIER]


@pytest.mark.parametrize("edit", [v[1] for v in LATER], ids=[v[0] for v in LATER])
def test_what_the_schema_refuses_the_reader_refuses_too(manifest: dict[str, Any], edit: Edit):
    """The schema is no stricter than fieldapp's reader (a bundle fieldapp wrote or
    accepted before does not start failing), checked field by field."""
    edit(manifest)
    with pytest.raises(BundleError) as caught:
        manifest_mod._check_manifest("b.zip", manifest)
        manifest_mod._check_devices("b.zip", manifest)
        raise AssertionError("the reader accepted it")
    assert caught.value.code in ("bundle.manifest_malformed", "bundle.device_certificate_mismatch")


def test_not_an_object_at_all():
    assert refusal(["a list"]).params["entry"] == "$"
    assert "an object" in refusal(None).params["text"]


def test_too_many_devices(manifest: dict[str, Any]):
    manifest["devices"] = manifest["devices"] * 100_001
    error = refusal(manifest)
    assert (error.params["entry"], error.params["text"]) == (
        "$.devices",
        "must hold at most 100,000 items",
    )


def test_a_hostile_key_is_shown_short_and_safe(manifest: dict[str, Any]):
    manifest["records"]["\x1b[31m" + "k" * 500] = 1
    error = refusal(manifest)
    assert len(error.params["entry"]) < 80 and "\x1b" not in str(error)


def test_json_paths():
    assert json_path([]) == "$"
    assert json_path(["devices", 3, "name"]) == "$.devices[3].name"
    assert json_path(["files", "it's.csv"]) == "$.files['it\\'s.csv']"


# -- verification uses it -------------------------------------------------------------------


def test_verification_checks_the_schema(bundle: Path, tmp_path: Path, monkeypatch):
    """Every bundle read goes through the schema once, after the reader's own checks; a
    manifest the schema refuses is refused with the schema's message and path."""
    if not hasattr(manifest_mod, "check_manifest_schema"):
        pytest.skip("manifest.py does not call the schema check yet")
    from fieldapp.sync.verify import verify_bundle

    seen: list[str] = []
    real = manifest_mod.check_manifest_schema
    monkeypatch.setattr(
        manifest_mod,
        "check_manifest_schema",
        lambda m, name: seen.append(name) or real(m, name),
    )
    verify_bundle(bundle, None).close()
    assert seen == [bundle.name]
    # a stricter schema (no app_version longer than 3 characters) refuses the same bundle
    strict = copy.deepcopy(manifest_schema.schema())
    strict["properties"]["app_version"] = {"type": "string", "maxLength": 3}
    strict_class = type(manifest_schema.validator())  # its JSON-integer type checker
    monkeypatch.setattr(manifest_schema, "validator", lambda: strict_class(strict))
    monkeypatch.setattr(manifest_mod, "check_manifest_schema", real)
    with pytest.raises(BundleError) as caught:
        verify_bundle(bundle, None)
    assert caught.value.code == "bundle.manifest_schema"
    assert caught.value.params["entry"] == "$.app_version"


def test_a_resigned_manifest_breaking_the_schema_is_refused(bundle: Path, tmp_path: Path):
    """A signer's own app writing a manifest fieldapp would not: refused before merging,
    with the reader's message where it has one (here: the records' kinds)."""
    from fieldapp.sync.verify import verify_bundle

    key = device_key(_author_db(bundle, tmp_path))
    forged = repack(
        bundle, tmp_path / "forged.zip", key, manifest_edit=_set(["records", "meeting"], 0)
    )
    with pytest.raises(BundleError) as caught:
        verify_bundle(forged, None)
    assert caught.value.code in ("bundle.manifest_malformed", "bundle.manifest_schema")


def _author_db(bundle: Path, tmp_path: Path) -> Path:
    """The signing device of the fixture's bundle: Amal, same key in every copy."""
    return device_factory().new(tmp_path, "Amal")


# -- the cost: once per bundle, milliseconds --------------------------------------------------


def test_the_check_costs_milliseconds(manifest: dict[str, Any]):
    check_manifest_schema(manifest, "warm.zip")  # the schema is loaded once per process
    many = copy.deepcopy(manifest)
    many["devices"] = manifest["devices"] * 1000  # a coordinator relaying 1,000 devices
    for m, budget in ((manifest, 0.05), (many, 0.5)):
        started = time.perf_counter()
        for _ in range(5):
            check_manifest_schema(m, "b.zip")
        assert (time.perf_counter() - started) / 5 < budget
