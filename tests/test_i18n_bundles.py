"""Refused bundles in the Arabic interface: the reasons a coordinator reads most often come
from fieldapp/sync/verify.py in English; each must match a template of labels.MESSAGES and
be shown translated, with its file name left to right, numbers in Arabic-Indic digits, and
a bad value's own validation message translated inside it. Real bundles, damaged the ways
the refusal tests damage them."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from test_sync_helpers import (
    device_factory,
    device_key,
    displacement,
    forge,
    incident,
    read_bundle,
    repack,
    write_zip,
)

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.messages import code_of
from fieldapp.store import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.export import export_bundle
from fieldapp.sync.verify import verify_bundle
from fieldapp.ui import i18n, labels, message_labels


@pytest.fixture(autouse=True)
def _language_reset(qapp):
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("i18n-bundles")
    field = device_factory().new(root, "Amal")
    with Store.open(field) as store:
        store.add(INCIDENT, incident())
        store.add(DISPLACEMENT, displacement())
        export_bundle(store, root / "amal.zip", PASSPHRASE)
    return root / "amal.zip", field


def _refusal(path: Path) -> str:
    with pytest.raises(FieldappError) as caught:
        verify_bundle(path).close()
    return str(caught.value)


def _damaged(bundle: tuple[Path, Path], tmp_path: Path) -> dict[str, str]:
    good, field = bundle
    key = device_key(field)
    files = read_bundle(good)
    out: dict[str, str] = {}

    flipped = bytearray(files[fmt.REVISIONS])
    flipped[len(flipped) // 2] ^= 0x01
    altered = {**files, fmt.REVISIONS: bytes(flipped)}
    out["altered"] = _refusal(write_zip(tmp_path / "a.zip", altered))
    manifest = json.loads(files[fmt.MANIFEST])
    manifest["sequence"] += 1
    edited = json.dumps(manifest, indent=2).encode()
    out["signature"] = _refusal(write_zip(tmp_path / "s.zip", {**files, fmt.MANIFEST: edited}))
    raw = good.read_bytes()
    (tmp_path / "t.zip").write_bytes(raw[: len(raw) // 2])
    out["truncated"] = _refusal(tmp_path / "t.zip")
    missing = {n: d for n, d in files.items() if n != fmt.SIGNATURE}
    out["missing"] = _refusal(write_zip(tmp_path / "m.zip", missing))

    def newer(m: dict) -> None:
        m["format_version"] = 7

    out["version"] = _refusal(repack(good, tmp_path / "v.zip", key, manifest_edit=newer))
    bomb = {**files, fmt.REVISIONS: bytes(50 << 20)}
    out["bomb"] = _refusal(write_zip(tmp_path / "b.zip", bomb))
    text = files[fmt.RECORD_FILES[INCIDENT]]
    at = text.index(b"Khan")
    bad_utf8 = text[:at] + b"\xff" + text[at + 1 :]
    out["utf-8"] = _refusal(
        repack(good, tmp_path / "u.zip", key, files={fmt.RECORD_FILES[INCIDENT]: bad_utf8})
    )

    def negative(revs: list[dict]) -> None:
        for r in revs:
            if r["kind"] == DISPLACEMENT:
                r["data"]["individuals"] = -10

    out["value"] = _refusal(forge(good, tmp_path / "n.zip", key, negative))
    out["nowhere"] = _refusal(tmp_path / "does-not-exist.zip")

    def renamed(new: str) -> Path:
        entries = [(new if n == "incidents.csv" else n, d) for n, d in files.items()]
        return write_zip(tmp_path / "r.zip", entries)

    out["outside"] = _refusal(renamed("../incidents.csv"))
    out["absolute"] = _refusal(renamed("/etc/incidents.csv"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns when writing a duplicate
        twice = [*files.items(), ("incidents.csv", files["incidents.csv"])]
        out["twice"] = _refusal(write_zip(tmp_path / "d.zip", twice))
    out["unexpected"] = _refusal(write_zip(tmp_path / "x.zip", {**files, "run-me.exe": b"MZ"}))
    link = {**files, "incidents.csv": b"/etc/passwd"}
    out["link"] = _refusal(write_zip(tmp_path / "l.zip", link, **{"incidents.csv": 0o120777 << 16}))
    many = {**files, **{f"extra-{i}.txt": b"x" for i in range(20)}}
    out["entries"] = _refusal(write_zip(tmp_path / "e.zip", many))
    header, rest = files["incidents.csv"].split(b"\r\n", 1)
    short = header.replace(b",location,", b",")
    out["column"] = _refusal(
        repack(good, tmp_path / "c.zip", key, files={"incidents.csv": short + b"\r\n" + rest})
    )

    def more(m: dict) -> None:
        m["revisions"]["count"] += 1

    out["count"] = _refusal(repack(good, tmp_path / "k.zip", key, manifest_edit=more))
    return out


def test_refusals_are_shown_in_arabic(bundle, tmp_path):
    messages = _damaged(bundle, tmp_path)
    unknown = {k: m for k, m in messages.items() if code_of(m) is None}
    assert not unknown, unknown
    assert labels.message(messages["altered"]) == messages["altered"]  # English: as it is
    i18n.apply_language("ar")
    shown = {k: labels.message(m) for k, m in messages.items()}
    untranslated = {k: s for k, s in shown.items() if s == messages[k]}
    assert not untranslated, untranslated
    assert shown["altered"].startswith(i18n.ltr("revisions.csv"))
    assert "عُدّلت الحزمة أو تلفت بعد توقيعها" in shown["altered"]
    assert "التوقيع لا يطابق قائمة المحتويات" in shown["signature"]
    assert "ليست حزمة كاملة" in shown["truncated"] and "ليست حزمة كاملة" in shown["missing"]
    supported = str(fmt.FORMAT_VERSION).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert "٧" in shown["version"] and supported in shown["version"]  # Arabic-Indic digits
    assert "قنبلة ضغط" in shown["bomb"]
    assert "UTF-8" in shown["utf-8"]
    # The bad value: the field's Arabic label and its validation message, translated too.
    assert "رُفضت الحزمة؛ لم يُدمج شيء" in shown["value"]
    individuals = next(f for f in FIELDS[DISPLACEMENT] if f.name == "individuals")
    assert labels.field_label(individuals) in shown["value"]
    assert "negative" not in shown["value"]
    assert "لا توجد حزمة" in shown["nowhere"]
    assert "يشير إلى خارج الحزمة" in shown["outside"] and "مسار مطلق" in shown["absolute"]
    assert "مكرر" in shown["twice"] and "«" in shown["unexpected"] and "رابط" in shown["link"]
    assert "٢٥" in shown["entries"]  # 25 entries, in Arabic-Indic digits
    assert "location" in shown["column"] and "سطر العناوين" in shown["column"]
    assert "قائمة المحتويات تذكر" in shown["count"]


def test_a_broken_translation_never_loses_the_reason(bundle, tmp_path, monkeypatch):
    """A translation whose placeholders do not fit shows the English original."""
    good, _field = bundle
    files = read_bundle(good)
    del files[fmt.SIGNATURE]
    message = _refusal(write_zip(tmp_path / "m.zip", files))
    i18n.apply_language("ar")
    monkeypatch.setattr(labels.QCoreApplication, "translate", lambda context, text, *a: "{nothing}")
    assert labels.message(message) == message


def test_refusals_of_the_container_and_manifest_are_translated_by_code(
    bundle, tmp_path, monkeypatch
):
    """The zip and manifest checks raise coded errors: shown in Arabic with the English
    matcher (the legacy path, kept for raise sites not coded yet) switched off."""
    messages = _damaged(bundle, tmp_path)
    by_code = {
        "signature": "bundle.bad_signature",
        "truncated": "bundle.truncated",
        "missing": "bundle.entry_missing",
        "version": "bundle.newer_format",
        "bomb": "bundle.zip_bomb",
        "nowhere": "bundle.not_found",
        "outside": "bundle.outside",
        "absolute": "bundle.absolute_path",
        "twice": "bundle.twice",
        "unexpected": "bundle.unexpected_file",
        "link": "bundle.link",
        "entries": "bundle.entry_count",
        "column": "bundle.column_missing",
    }
    assert {k: getattr(messages[k], "code", None) for k in by_code} == by_code

    assert not hasattr(message_labels, "message_template")  # nothing else to fall back on
    i18n.apply_language("ar")
    shown = {k: labels.message(messages[k]) for k in by_code}
    assert not {k: s for k, s in shown.items() if s == messages[k]}
    assert "قنبلة ضغط" in shown["bomb"] and "٧" in shown["version"]
    assert "رابط" in shown["link"] and "٢٥" in shown["entries"]
