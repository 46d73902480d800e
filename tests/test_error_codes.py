"""Errors carry a code and values; the window translates them by code, not by matching
English sentences (fieldapp/messages.py, fieldapp/errors.py, fieldapp/ui/labels.py).

The checks over the source (every coded raise site names a code of the catalogue with the
values its template needs; codes and templates unique; the catalogue listed for lupdate
and translated into Arabic) keep a new message from going untranslated or mis-filled.
"""

from __future__ import annotations

import ast
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from fieldapp import catalogue
from fieldapp.domain import validation
from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled, FieldappError, NotFound, ValidationError
from fieldapp.messages import CATALOGUE, Message, placeholders
from fieldapp.sync.errors import BundleError
from fieldapp.ui import i18n, labels, message_labels

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "fieldapp"
ARABIC_TS = ROOT / "resources" / "translations" / "fieldapp_ar.ts"


@pytest.fixture
def arabic(qapp):
    i18n.apply_language("ar")
    yield
    i18n.reset()


@pytest.fixture
def no_legacy():
    """There is no English matcher to fall back on: what is translated is translated by
    its code (the regex over English sentences was deleted once every site was coded)."""
    assert not hasattr(message_labels, "message_template")
    assert not hasattr(message_labels, "_legacy_message")
    assert "re.compile" not in Path(message_labels.__file__).read_text(encoding="utf-8")


# -- a coded message is the English text it always was --------------------------------------


def test_a_coded_error_reads_as_the_old_english_text():
    exc = NotFound(Message("record.not_found", id="0f3c"))
    assert str(exc) == "no record with id 0f3c"
    assert exc.code == "record.not_found"
    assert exc.params == {"id": "0f3c"}
    value = repr("14/05/2019")
    problem = Message("date.not_a_date", value=value)
    assert problem == "'14/05/2019' is not a date; write it as YYYY-MM-DD, e.g. 2019-05-14"
    assert str(ValueError(problem)).code == "date.not_a_date"  # type: ignore[attr-defined]


def test_an_error_raised_the_old_way_still_works_without_a_code():
    exc = FieldappError("something the user can fix")
    assert str(exc) == "something the user can fix"
    assert exc.code is None and exc.params == {}
    assert FieldappError().code is None


def test_a_message_crosses_processes_with_its_code():
    """The parallel bundle check sends its refusals back through pickle."""
    exc = pickle.loads(pickle.dumps(BundleError(Message("bundle.link", file="a.zip", value="'x'"))))
    assert exc.code == "bundle.link" and exc.params == {"file": "a.zip", "value": "'x'"}
    assert str(exc) == "a.zip is refused: the entry 'x' is a link"


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(KeyError):
        Message("no.such.code")


def test_raise_sites_give_their_code():
    """Real raise sites, through the functions a caller uses."""
    checked = validation.check(INCIDENT, {"event_date": "14/05/2019", "killed": "-3"})
    assert checked.errors["event_date"].code == "date.not_a_date"  # type: ignore[attr-defined]
    assert checked.errors["killed"].code == "number.negative"  # type: ignore[attr-defined]
    assert checked.errors["location"] == "is required"
    assert checked.errors["location"].code == "field.required"  # type: ignore[attr-defined]
    with pytest.raises(ValueError) as caught:
        validation.parse_date("2019-02-30")
    assert str(caught.value) == "'2019-02-30' is not a real calendar date"
    assert str(caught.value).code == "date.not_real"  # type: ignore[attr-defined]
    from fieldapp.progress import check

    with pytest.raises(Cancelled) as cancel:
        check(lambda: True)
    assert cancel.value.code == "cancelled.nothing_written"
    with pytest.raises(ValidationError) as invalid:
        validation.clean(INCIDENT, {"event_date": "2019-05-14", "killed": "x"})
    assert invalid.value.errors["killed"].code == "number.not_whole"  # type: ignore[attr-defined]


# -- the window translates by code -----------------------------------------------------------


def test_the_arabic_window_translates_a_coded_error_without_the_regex(arabic, no_legacy):
    exc = NotFound(Message("record.not_found", id="0f3c"))
    assert labels.error_text(exc) == "لا يوجد سجل بالمعرّف " + i18n.ltr("0f3c")
    refused = BundleError(Message("bundle.entry_count", file="x.zip", count="25", expected=5))
    shown = labels.error_text(refused)
    assert "٢٥" in shown and "٥" in shown and i18n.ltr("x.zip") in shown
    problem = validation.check(INCIDENT, {"killed": "-3"}).errors["killed"]
    assert labels.message(problem) == i18n.number(-3) + " عدد سالب؛ الأعداد تبدأ من الصفر"


def test_a_message_inside_a_message_is_translated_by_its_code(arabic, no_legacy):
    reason = Message("number.negative", number=-3)
    refused = BundleError(
        Message(
            "bundle.bad_value",
            entry="displacements.csv",
            line=4,
            id="abc",
            column="individuals",
            reason=reason,
        )
    )
    shown = labels.error_text(refused)
    assert "عدد سالب" in shown and "negative" not in shown
    assert "رُفضت الحزمة؛ لم يُدمج شيء" in shown


def test_english_shows_the_coded_text_as_it_is(qapp, no_legacy):
    i18n.reset()
    exc = NotFound(Message("record.not_found", id="0f3c"))
    assert labels.error_text(exc) == "no record with id 0f3c"


def test_an_uncoded_text_is_shown_as_it_is_never_guessed_at(arabic, no_legacy):
    """A string without a code is not one of fieldapp's messages (a library's text): the
    window shows it as it is, even when it reads like a template."""
    exc = FieldappError("no record with id 0f3c")
    assert exc.code is None
    assert labels.error_text(exc) == "no record with id 0f3c"
    coded = NotFound(Message("record.not_found", id="0f3c"))
    assert labels.error_text(coded) == "لا يوجد سجل بالمعرّف " + i18n.ltr("0f3c")


def test_a_validation_error_is_shown_field_by_field_translated(arabic, no_legacy):
    from fieldapp.domain import validation
    from fieldapp.domain.fields import INCIDENT

    try:
        validation.clean(INCIDENT, {"event_date": "yesterday", "killed": -1})
    except ValidationError as exc:
        problem = exc
    shown = labels.error_text(problem)
    assert "yesterday" in shown and "event_date" not in shown  # the field's label, not its name
    assert all(f" {english}" not in shown for english in problem.errors.values())


def test_a_broken_translation_of_a_coded_message_shows_the_english(arabic, monkeypatch):
    # only the message code's lookup is broken: patching QCoreApplication.translate itself
    # broke every window an earlier test left alive, at its next repaint
    broken = SimpleNamespace(translate=lambda c, t, *a: "{nothing}")
    monkeypatch.setattr(message_labels, "QCoreApplication", broken)
    exc = NotFound(Message("record.not_found", id="0f3c"))
    assert labels.error_text(exc) == "no record with id 0f3c"


# -- the catalogue ---------------------------------------------------------------------------


def _dict_keys(path: Path, name: str) -> list[str]:
    """The keys of the dict literal `name` in `path`, as written; a `**PART` inside it
    stands for the keys of PART's literal in fieldapp/catalogue_<...>.py, in its place."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
        ):
            assert isinstance(node.value, ast.Dict)
            keys: list[str] = []
            for key, value in zip(node.value.keys, node.value.values, strict=True):
                if isinstance(key, ast.Constant):
                    keys.append(key.value)
                elif key is None and isinstance(value, ast.Name):
                    parts = sorted(path.parent.glob("catalogue_*.py"))
                    keys += next(
                        _dict_keys(p, value.id) for p in parts if value.id in p.read_text()
                    )
            return keys
    raise AssertionError(f"no {name} in {path}")


def _catalogue_keys() -> list[str]:
    """The codes as written in fieldapp/catalogue.py (a dict keeps only the last of two)."""
    return _dict_keys(Path(catalogue.__file__), "CATALOGUE")


def _duplicates(items: list[str]) -> list[str]:
    return sorted({i for i in items if items.count(i) > 1})


def test_codes_and_templates_are_unique():
    keys = _catalogue_keys()
    assert len(keys) == len(CATALOGUE)
    assert not _duplicates(keys)
    assert not _duplicates(list(CATALOGUE.values()))
    assert _duplicates(["a.b", "c.d", "a.b"]) == ["a.b"]  # the check can fail


def test_lupdate_sees_every_template():
    """message_catalogue.MESSAGES (what pyside6-lupdate reads) is the catalogue, in its order;
    a failure prints the lines to put there."""
    listed = message_labels.MESSAGES
    wanted = tuple(CATALOGUE.values())
    missing = [
        f'    QT_TRANSLATE_NOOP("messages", {t!r}),  # {code}'
        for code, t in CATALOGUE.items()
        if t not in listed
    ]
    where = "fieldapp/ui/message_catalogue.py (or message_catalogue_part2.py)"
    assert not missing, f"add to {where}, in the catalogue's order:\n" + "\n".join(missing)
    assert listed == wanted, [t for t in listed if t not in wanted]
    assert labels.MESSAGES is listed


def test_every_template_has_an_arabic_translation():
    found: dict[str, str] = {}
    for context in ET.parse(ARABIC_TS).getroot().iter("context"):
        if context.findtext("name") != "messages":
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None:
                found[message.findtext("source") or ""] = translation.text or ""
    missing = [t for t in CATALOGUE.values() if not found.get(t, "").strip()]
    assert not missing, missing
    wrong = [t for t in CATALOGUE.values() if placeholders(found[t]) != placeholders(t)]
    assert not wrong, wrong


# -- every coded raise site fills its template -------------------------------------------------


def coded_calls(path: Path) -> list[tuple[int, str | None, set[str] | None]]:
    """(line, code, keyword names) of every Message(...) call in a file; code None when it
    is not a literal, names None when they are passed as **mapping."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "Message":
            continue
        first = node.args[0] if node.args else None
        code = first.value if isinstance(first, ast.Constant) else None
        names = {k.arg for k in node.keywords if k.arg is not None}
        spread = any(k.arg is None for k in node.keywords)
        found.append((node.lineno, code, None if spread else names))  # type: ignore[arg-type]
    return found


def problems(root: Path) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "messages.py" and path.parent == root:
            continue  # the definition (and _rebuild's Message(code, **params))
        for line, code, names in coded_calls(path):
            where = f"{path.relative_to(root.parent)}:{line}"
            if code is None:
                out.append(f"{where}: the code is not a literal string")
            elif code not in CATALOGUE:
                out.append(f"{where}: unknown code {code!r}")
            elif names is None:
                out.append(f"{where}: {code}: values passed as **mapping cannot be checked")
            elif names != placeholders(CATALOGUE[code]):
                want = sorted(placeholders(CATALOGUE[code]))
                out.append(f"{where}: {code} takes {want}, given {sorted(names)}")
    return out


def test_every_coded_raise_site_gives_the_values_its_template_needs():
    sites = [c for p in PACKAGE.rglob("*.py") for c in coded_calls(p)]
    assert len(sites) > 100, "the walk finds the coded raise sites"
    assert not problems(PACKAGE), "\n".join(problems(PACKAGE))


def test_the_raise_site_check_catches_mistakes(tmp_path):
    fake = tmp_path / "fieldapp"
    fake.mkdir()
    (fake / "bad.py").write_text(
        "from fieldapp.messages import Message\n"
        "a = Message('record.not_found', ident=1)\n"
        "b = Message('no.such.code')\n"
        "c = Message(CODE, id=1)\n"
        "d = Message('record.not_found', id=1)\n",
        encoding="utf-8",
    )
    found = problems(fake)
    assert len(found) == 3, found
    assert "record.not_found takes ['id'], given ['ident']" in found[0]
    assert "unknown code 'no.such.code'" in found[1]
    assert "not a literal" in found[2]


def test_a_malformed_revision_row_names_its_reason_by_code(arabic, no_legacy):
    from fieldapp.sync.bundle import rows

    with pytest.raises(BundleError) as caught:
        rows._parse_slowly(3, ["x"] * 10)
    exc = caught.value
    assert str(exc) == "revisions.csv line 3: 'x' is not a revision id; refused"
    assert exc.code == "bundle.revision_malformed"
    assert exc.params["reason"].code == "revision.bad_id"
    shown = labels.error_text(exc)
    assert "ليس معرّف مراجعة" in shown and "not a revision id" not in shown


def test_other_exceptions_with_a_code_of_their_own_are_shown_as_they_are(arabic):
    assert labels.error_text(SystemExit(2)) == "2"
    problem = ValueError(Message("number.not_finite"))
    assert labels.error_text(problem) == "يجب أن يكون رقماً محدوداً"


def test_an_untrusted_signer_is_translated_by_its_code(arabic, no_legacy):
    """The refusal a coordinator meets most: coded, and shown in Arabic."""
    from types import SimpleNamespace

    from fieldapp.sync import merge

    signer = SimpleNamespace(name="Amal", organisation="IRN", fingerprint="ab" * 32)
    info = SimpleNamespace(path=Path("amal.zip"), signer=signer)
    exc = merge.untrusted(info)  # type: ignore[arg-type]
    shown = labels.error_text(exc)
    assert "لا تثق بمفتاحه" in shown and "does not trust" not in shown


def test_the_last_converted_services_raise_by_code(arabic, no_legacy, tmp_path):
    """A few of the sites coded last (reports, tile archives, migrations, merging): the same
    English as before, and the Arabic window shows them by code."""
    import sqlite3

    from fieldapp.maps.mbtiles import MBTiles
    from fieldapp.reports.labels import check_language
    from fieldapp.store import migrate, records

    with pytest.raises(FieldappError) as language:
        check_language("fr")
    assert str(language.value) == "unknown report language 'fr'; use one of en, ar"
    assert "«" + i18n.isolate("fr") + "»" in labels.error_text(language.value)
    with pytest.raises(FieldappError) as tiles:
        MBTiles(tmp_path / "none.mbtiles")
    assert tiles.value.code == "tiles.missing"
    assert "غير موجود" in labels.error_text(tiles.value)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(FieldappError) as foreign:
        migrate.check_openable(conn, db_path=other)
    conn.close()
    assert str(foreign.value) == (
        f"{other} is an SQLite database made by another program, not by fieldapp; choose "
        "another file (it was not changed)"
    )
    assert "SQLite" in labels.error_text(foreign.value)
    forged = records._forged("ab" * 32, "0f3c")
    assert str(forged) == (
        "revision abababababab of record 0f3c is linked to another record's history; the data "
        "is inconsistent and nothing was merged"
    )
    assert "غير متّسقة" in labels.error_text(forged)


def test_the_row_refusals_of_the_bundle_check_are_coded(arabic, no_legacy):
    """sync/bundle/check.py's refusals of a revisions.csv line: the data-form one has its
    own code; the not-grouped one is a reason nested in the generic line refusal."""
    form = Message("bundle.data_not_stored_form", line=4, id="ab12")
    assert str(form) == (
        "revisions.csv line 4 (record ab12): the data is not in the form fieldapp stores "
        "(fields missing, extra or not normalised); refused"
    )
    assert labels.message(form) != form
    grouped = Message("bundle.revision_malformed", line=9, reason=Message("revision.not_grouped"))
    assert str(grouped) == (
        "revisions.csv line 9: revisions are not grouped by record (record ids must ascend); "
        "refused"
    )
    shown = labels.message(grouped)
    assert "غير مجمّعة" in shown and i18n.number(9) in shown


# -- modules already converted stay coded ----------------------------------------------------

ERRORS = frozenset(
    {"FieldappError", "ValidationError", "NotFound", "DatabaseError", "NotInitialised",
     "WrongPassphrase", "Cancelled", "BundleError", "UntrustedSigner", "SealedBundleError",
     "NothingToExport", "TileArchiveError", "MapRenderError"}
)  # fmt: skip
CODED_MODULES = (
    "domain/validation.py", "domain/fields.py", "identity/keys.py", "curation/conflicts.py",
    "curation/duplicates.py", "sync/bundle/container.py", "sync/bundle/manifest.py",
    "sync/bundle/rows.py", "sync/devices.py", "store/backup.py", "store/restore.py",
    "store/demo.py", "store/devices.py", "progress.py", "paths.py",
    "cli/common.py", "cli/maps.py", "cli/records.py", "cli/reports.py", "cli/sync.py",
    "ops/files.py", "ops/reports.py", "ops/setup.py",
    "reports/data.py", "reports/pdf.py", "reports/generate.py", "reports/verify.py",
    "reports/fonts.py", "reports/labels.py", "reports/sign.py",
    "maps/gazetteer.py", "maps/mbtiles.py", "qtkit/render.py",
    "store/migrate.py", "store/records.py", "store/scratch.py",
    "sync/bundle/check.py", "sync/bundle/parallel.py",
)  # fmt: skip


def _english(node: ast.expr) -> bool:
    """An English literal or f-string, or a ValidationError's {option: English} mapping."""
    if isinstance(node, (ast.Constant, ast.JoinedStr)):
        return True
    if isinstance(node, ast.Dict):
        return any(isinstance(v, (ast.Constant, ast.JoinedStr)) for v in node.values)
    return isinstance(node, ast.DictComp) and isinstance(node.value, (ast.Constant, ast.JoinedStr))


def uncoded_raises(path: Path, names: frozenset[str] = ERRORS, root: Path = ROOT) -> list[str]:
    """Errors made from an English string literal or f-string (not a Message)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name in names and _english(node.args[0]):
            out.append(f"{path.relative_to(root)}:{node.lineno}: {name}")
    return out


def test_no_module_raises_an_uncoded_error():
    """Every FieldappError in fieldapp/ is made from a Message (there is no English matcher
    to fall back on: an uncoded message would reach the Arabic window in English)."""
    found = [u for path in sorted(PACKAGE.rglob("*.py")) for u in uncoded_raises(path)]
    assert not found, "raise these with a Message (fieldapp/messages.py):\n" + "\n".join(found)


def test_converted_modules_raise_only_coded_errors():
    found = [u for m in CODED_MODULES for u in uncoded_raises(PACKAGE / m)]
    domain = [u for m in ("domain/validation.py", "domain/fields.py")
              for u in uncoded_raises(PACKAGE / m, frozenset({"ValueError"}))]  # fmt: skip
    assert not found + domain, "\n".join(found + domain)


def test_the_uncoded_raise_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "raise NotFound(f'no record with id {x}')\nraise NotFound(Message('a'))\n"
        "raise ValidationError({'--limit': 'must be 0 or more'})\n"
        "raise ValidationError({o: f'not {o}' for o in x})\n"
        "raise ValidationError({'--limit': Message('cli.not_zero_or_more')})\n"
    )
    found = uncoded_raises(bad, root=tmp_path)
    assert found == ["bad.py:1: NotFound", "bad.py:3: ValidationError", "bad.py:4: ValidationError"]
