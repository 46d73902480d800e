"""Every user-visible string of fieldapp/ui is translatable, translated into Arabic with the
same placeholders, and the compiled catalogues are current.

These tests read the source code and the catalogues; they need no window. The live
behaviour (switching, direction, digits, pseudo-localisation) is in test_i18n_ui.py.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from fieldapp.domain import vocab
from fieldapp.domain.fields import FIELDS

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "fieldapp" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
sys.path.insert(0, str(ROOT / "scripts"))
import update_translations  # noqa: E402

# Calls whose string arguments a user reads: Qt setters and constructors, and fieldapp's own
# helpers that put text on screen.
VISIBLE_METHODS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setTitle",
        "addAction",
        "addMenu",
        "addTab",
        "insertTab",
        "setTabText",
        "setTabToolTip",
        "addItem",
        "insertItem",
        "setItemText",
        "setIconText",
        "setAccessibleName",
        "setAccessibleDescription",
        "showMessage",
        "setLabelText",
        "setCancelButtonText",
        "setFormat",
        "addRow",
        "insertRow",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setInformativeText",
        "setSuffix",
        "setPrefix",
        "setSpecialValueText",
        "setHtml",
        "setButtonText",
        "addButton",
        "setNameFilter",
        "warning",
        "critical",
        "information",
        "question",
        "about",
        "getText",
        "getItem",
        "getInt",
        "getDouble",
        "getOpenFileName",
        "getOpenFileNames",
        "getSaveFileName",
        "getExistingDirectory",
        # fieldapp helpers
        "add_view",
        "show_error",
        "show_info",
        "confirm",
        "run_job",
    }
)
VISIBLE_CONSTRUCTORS = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QToolBar",
        "QListWidgetItem",
        "QTreeWidgetItem",
        "QTableWidgetItem",
        "QProgressDialog",
        "QMessageBox",
        "QCommandLinkButton",
        "QDockWidget",
    }
)
# Where a call also takes arguments nobody reads (a view's key, a default file name), the
# positions of the ones they do read.
VISIBLE_POSITIONS = {
    "add_view": {1},
    "getSaveFileName": {1, 3},
    "getOpenFileName": {1, 3},
    "getOpenFileNames": {1, 3},
    "getExistingDirectory": {1},
}
LOGGERS = frozenset({"log", "logger", "logging", "warnings"})
_TECHNICAL = re.compile(r"\.[a-z0-9]{1,5}")  # a file extension: ".zip"
TRANSLATING = frozenset({"tr", "translate", "_tr", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"})
IGNORE_MARK = "i18n-ignore"
_TAG = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class Untranslated:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r}) is not inside tr()"


def _readable(text: str) -> bool:
    """Text with a letter in it once markup is removed: something a user reads."""
    text = _TAG.sub("", text)
    return any(unicodedata.category(c).startswith("L") for c in text)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _literals(node: ast.expr) -> list[str]:
    """Readable literal text an expression puts on screen without translating it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if _readable(node.value) else []
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "\x00" for v in node.values)
        return [text] if _readable(text) else []
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in TRANSLATING:
            return []
        if name == "format" and isinstance(node.func, ast.Attribute):
            return _literals(node.func.value)
        if name == "join" and isinstance(node.func, ast.Attribute):
            return _literals(node.func.value)
    return []


def untranslated(path: Path) -> list[Untranslated]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name not in VISIBLE_METHODS and name not in VISIBLE_CONSTRUCTORS:
            continue
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(receiver, ast.Name) and receiver.id in LOGGERS:
            continue
        span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
        if any(IGNORE_MARK in line for line in span):
            continue
        positions = VISIBLE_POSITIONS.get(name)
        args = [a for i, a in enumerate(node.args) if positions is None or i in positions]
        for arg in [*args, *(k.value for k in node.keywords)]:
            for text in _literals(arg):
                if not _TECHNICAL.fullmatch(text):
                    found.append(Untranslated(path.name, node.lineno, name, text))
    return found


def translations_inside_tr_are_literal(path: Path) -> list[str]:
    """tr(f"...") and tr(a + b) cannot be extracted by lupdate nor matched at run time."""
    problems = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or _name(node.func) not in ("tr", "translate"):
            continue
        position = 1 if _name(node.func) == "translate" else 0
        if len(node.args) > position:
            text = node.args[position]
            if isinstance(text, (ast.JoinedStr, ast.BinOp)):
                problems.append(f"{path.name}:{node.lineno}: {ast.unparse(text)[:60]}")
    return problems


def contexts_lupdate_cannot_see(path: Path) -> list[str]:
    """Calls whose catalogue context lupdate cannot know, so their strings never reach the
    .ts (or reach it under a context the program never asks for):

    - translate(CONTEXT_VARIABLE, "text") or a helper like _tr(_C, "text"): lupdate needs
      the context as a literal;
    - other.tr("text"): lupdate files it under a guess from the variable's name, while Qt
      looks it up under the class of `other` at run time;
    - a bare tr("text") outside a class: lupdate files it under no context at all.
    """
    problems = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def in_class(node: ast.AST) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.ClassDef):
                return True
        return False

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        literal = [
            isinstance(a, ast.Constant) and isinstance(a.value, str) and _readable(a.value)
            for a in node.args
        ]
        where = f"{path.name}:{node.lineno}: {ast.unparse(node)[:70]}"
        if (
            name in ("translate", "_tr", "t", "tr")
            and len(node.args) >= 2
            and literal[1]
            and not (isinstance(node.args[0], ast.Constant))
        ):
            problems.append(where)
        elif name == "tr" and len(node.args) == 1 and literal[0]:
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            if (receiver is None and not in_class(node)) or (
                receiver is not None
                and not (isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"))
            ):
                problems.append(where)
    return problems


# -- the catalogues ------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    numerus: bool
    translations: tuple[str, ...]
    kind: str  # "" (finished), "unfinished", "obsolete", "vanished"


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            numerus = message.get("numerus") == "yes"
            if numerus:
                forms = tuple(f.text or "" for f in translation.iter("numerusform"))
            else:
                forms = (translation.text or "",)
            messages.append(
                Message(
                    name,
                    message.findtext("source") or "",
                    numerus,
                    forms,
                    translation.get("type") or "",
                )
            )
    return messages


_PLACEHOLDERS = re.compile(r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}]*)?\}|%L?\d+|%L?n")


def placeholders(text: str) -> list[str]:
    """{name}, {name:.1f}, %1, %n (and their localised %L1/%Ln), sorted; a repeated one
    counts once per use."""
    return sorted(p.replace("%L", "%") for p in _PLACEHOLDERS.findall(text))


def mnemonics(text: str) -> int:
    return len(re.findall(r"&(?!&)\S", text.replace("&&", "")))


@pytest.fixture(scope="module")
def arabic() -> list[Message]:
    return read_ts(update_translations.ts_path("ar"))


@pytest.fixture(scope="module")
def english() -> list[Message]:
    return read_ts(update_translations.ts_path("en"))


def ui_files() -> list[Path]:
    return update_translations.source_files(UI)


# -- tests ---------------------------------------------------------------------------------


def test_the_scanner_catches_untranslated_text(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label = QLabel('Plain English')\n"
        "button.setText(self.tr('Fine'))\n"
        "box.setToolTip(f'{n} records')\n"
        "bar.showMessage('Saved {n}'.format(n=1))\n"
        "self.setWindowTitle(name)\n"
        "self.setText('<b>' + self.tr('Fine') + '</b>')\n"
        "combo.addItem('—', None)\n"
        "dialogs.show_error(self, 'Oops', str(exc))\n"
        "menu.addAction('fieldapp')  # i18n-ignore: the program's name\n"
        "self.tr(f'{x} items')\n"
        "window.add_view('map', 'Map', view)\n"
        "log.warning('map page: %s', text)\n",
        encoding="utf-8",
    )
    found = {(u.line, u.text) for u in untranslated(sample)}
    assert found == {
        (1, "Plain English"),
        (3, "\x00 records"),
        (4, "Saved {n}"),
        (8, "Oops"),
        (11, "Map"),
    }
    assert translations_inside_tr_are_literal(sample) == ["sample.py:10: f'{x} items'"]


def test_every_visible_string_in_the_ui_goes_through_tr():
    problems = [str(u) for path in ui_files() for u in untranslated(path)]
    problems += [p for path in ui_files() for p in translations_inside_tr_are_literal(path)]
    assert not problems, "\n".join(problems)


def test_the_scanner_catches_contexts_lupdate_cannot_see(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "_C = 'ConflictsView'\n"
        "a = QCoreApplication.translate(_C, 'Result')\n"
        "b = _tr(_D, 'yes')\n"
        "c = dialog.tr('Bundle exported')\n"
        "d = tr('Background:')\n"
        "f = tr(_I, 'Trusted')\n"
        "e = QCoreApplication.translate('MapView', 'Map')\n"
        "class A:\n"
        "    def f(self):\n"
        "        return self.tr('Fine'), _tr(title)\n",
        encoding="utf-8",
    )
    found = [p.split(":")[1] for p in contexts_lupdate_cannot_see(sample)]
    assert found == ["2", "3", "4", "5", "6"]


def test_every_translated_string_has_a_context_lupdate_can_see():
    problems = [p for path in ui_files() for p in contexts_lupdate_cannot_see(path)]
    assert not problems, "\n".join(problems)


def test_no_catalogue_message_without_a_context(arabic):
    assert not [m.source for m in arabic if not m.context]


def test_the_catalogues_match_the_source_code(tmp_path):
    """lupdate run now finds exactly the messages the committed .ts files hold."""
    for lang in update_translations.LANGUAGES:
        committed = update_translations.ts_path(lang)
        fresh = tmp_path / committed.name
        shutil.copy(committed, fresh)
        update_translations.lupdate(lang, fresh)
        have = {(m.context, m.source, m.numerus) for m in read_ts(committed)}
        want = {(m.context, m.source, m.numerus) for m in read_ts(fresh)}
        assert have == want, (
            f"{committed.name} is out of date: run `make translations`; new: "
            f"{sorted(want - have)[:10]}, gone: {sorted(have - want)[:10]}"
        )


def test_every_arabic_message_is_translated_and_finished(arabic):
    assert len(arabic) > 300
    problems = [
        f"[{m.context}] {m.source!r}: {m.kind or 'empty'}"
        for m in arabic
        if m.kind in ("unfinished", "obsolete", "vanished")
        or not all(t.strip() for t in m.translations)
    ]
    assert not problems, "\n".join(problems)


def test_arabic_numerus_messages_have_all_six_forms(arabic):
    """Arabic counts have six forms (0, 1, 2, 3–10, 11–99, 100+): Qt picks one by n."""
    numerus = [m for m in arabic if m.numerus]
    assert numerus
    for m in numerus:
        assert len(m.translations) == 6, m.source


def test_english_numerus_messages_have_singular_and_plural(english):
    assert english, "fieldapp_en.ts holds the English plural forms"
    assert all(m.numerus for m in english)
    for m in english:
        assert len(m.translations) == 2 and all(m.translations), m.source
        assert m.kind == "", m.source
        # the plural form is the source itself ("bundle(s)" read as "bundles"), so English
        # without its catalogue still reads right for every count but one
        assert m.translations[1] == m.source.replace("(s)", "s"), m.translations


def test_translations_keep_the_placeholders(arabic, english):
    """Same placeholders as the source; a numerus form for 0, 1 or 2 may spell its count
    out ("حادثتان", two incidents) and so drop a placeholder, but never add one, and the
    general plural form keeps them all."""
    problems = []
    for m in [*arabic, *english]:
        if m.kind == "unfinished":
            continue  # reported by test_every_arabic_message_is_translated_and_finished
        want = placeholders(m.source)
        for i, form in enumerate(m.translations):
            got = placeholders(form)
            spelled_out = m.numerus and i < len(m.translations) - 1
            ok = all(got.count(p) <= want.count(p) for p in got) if spelled_out else got == want
            if not ok:
                problems.append(f"[{m.context}] {m.source!r} -> {form!r}: {got} != {want}")
    assert not problems, "\n".join(problems)


def test_translations_keep_one_mnemonic_where_the_source_has_one(arabic):
    for m in arabic:
        if mnemonics(m.source):
            assert all(mnemonics(t) == 1 for t in m.translations), (m.source, m.translations)


def test_arabic_translations_are_arabic(arabic):
    """No message left in English by accident: each translation has Arabic letters (or
    is the same technical token, like a file filter pattern)."""
    latin_only = [
        (m.context, m.source, m.translations)
        for m in arabic
        if not any(re.search("[\u0600-\u06ff]", t) for t in m.translations)
        and _readable(re.sub(r"\{[^}]*\}|\(\*\.[a-z]+\)|\*\.\w+|fieldapp", "", m.source))
    ]
    assert not latin_only, latin_only


def _first_strong(text: str) -> str | None:
    """The bidi class (L, R, AL) of the first strong character outside placeholders (their
    values are isolated or digits, which do not decide a paragraph's direction)."""
    for char in re.sub(r"\{[^{}]*\}", "", text):
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind
    return None


def test_arabic_sentences_start_right_to_left(arabic):
    """Qt lays a label out in the direction of its first strong character: an Arabic
    sentence that starts with a Latin word ("Enter للحفظ") would be laid out left to right,
    its words in the wrong order. Such translations start with a right-to-left mark."""
    wrong = [
        (m.context, form)
        for m in arabic
        for form in m.translations
        if form and _first_strong(form) == "L"
    ]
    assert not wrong, wrong


def test_field_labels_and_vocabularies_are_all_marked_for_translation():
    from fieldapp.ui import labels

    field_labels = {f.label for fields in FIELDS.values() for f in fields}
    assert set(labels.FIELD_LABELS) == field_labels
    terms = {
        *vocab.EVENT_TYPES,
        *vocab.SUB_EVENT_TYPES,
        *vocab.TARGETS.values(),
        *vocab.DIRECTIONS.values(),
        *vocab.TIME_PRECISION.values(),
        *vocab.GEO_PRECISION.values(),
    }
    assert set(labels.VOCAB_LABELS) == terms


def test_vocabulary_terms_in_arabic_use_the_humanitarian_words(arabic):
    ar = {(m.context, m.source): m.translations[0] for m in arabic}
    assert ar[("vocab", "Air/drone strike")] == "غارة جوية/بطائرة مسيّرة"
    assert "قصف مدفعي" in ar[("vocab", "Shelling/artillery/missile attack")]
    assert "صاروخي" in ar[("vocab", "Shelling/artillery/missile attack")]
    assert ar[("fields", "Admin 1 (governorate)")].startswith("المحافظة")
    assert "منطقة" in ar[("fields", "Admin 2 (district)")]
    assert "ناحية" in ar[("fields", "Admin 3 (sub-district)")]
    assert "رمز P" in ar[("fields", "Admin 1 P-code")]


def test_the_arabic_vocabulary_agrees_with_the_pdf_report(arabic):
    """The screen and the printed report call an event type by the same Arabic name."""
    from fieldapp.reports.labels import VOCAB

    ar = {(m.context, m.source): m.translations[0] for m in arabic}
    for term in (*vocab.EVENT_TYPES, *vocab.SUB_EVENT_TYPES):
        assert ar[("vocab", term)] == VOCAB["ar"][term], term
    for code, label in vocab.TARGETS.items():
        assert ar[("vocab", label)] == VOCAB["ar"][code], label


def test_compiled_catalogues_are_current():
    """The committed .qm files are what lrelease makes of the committed .ts files."""
    problems = update_translations.stale()
    assert not problems, "\n".join(problems) + "\nrun `make translations`"


def test_lrelease_finds_nothing_invalid(tmp_path):
    """Qt's own checks: accelerators, surrounding whitespace, place markers."""
    for lang in update_translations.LANGUAGES:
        result = subprocess.run(
            [
                update_translations.tool("pyside6-lrelease"),
                str(update_translations.ts_path(lang)),
                "-qm",
                str(tmp_path / f"{lang}.qm"),
                "-fail-on-invalid",
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
