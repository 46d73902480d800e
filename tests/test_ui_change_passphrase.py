"""File → Change passphrase… typed into as a person would: the wrong current passphrase is
said in place and changes nothing; the right one re-keys the database and re-wraps the keys,
and the window goes on showing and reading the records under the new key."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import WrongPassphrase
from fieldapp.identity import keys
from fieldapp.store import Store, cipher, rekey
from fieldapp.sync.seal import ensure_age_identity
from fieldapp.ui import i18n
from fieldapp.ui.change_passphrase import ChangePassphraseDialog
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow

OLD = "old passphrase 1"
NEW = "new passphrase 2"
FAST_N = 2**10
LOCATION = "Kafr Nabl"
JOB_TIMEOUT = 20_000


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "_SCRYPT_N", FAST_N)


def _make(path: Path, *, encrypt: bool) -> Path:
    """A database with 12 incidents and a signing and a sealing key under OLD (low cost)."""
    store = Store.open(path, create=True, encrypt=encrypt, passphrase=OLD if encrypt else None)
    with store:
        keys.save_identity(store, keys.create_identity("Amal", "Idlib Response", OLD, n=FAST_N))
        ensure_age_identity(store, OLD)
        rows = [
            {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": LOCATION}
            for _ in range(12)
        ]
        store.add_many(INCIDENT, rows)
    return path


@pytest.fixture
def encrypted(tmp_path: Path):
    path = _make(tmp_path / "field.db", encrypt=True)  # unlocked, as the window finds it
    yield path
    Store.lock(path)


def digest(path: Path) -> str:
    h = hashlib.sha256()
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            h.update(file.read_bytes())
    return h.hexdigest()


def _window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(AppContext(path), extensions=())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.incidents.model.rowCount() == 12, timeout=5_000)
    return window


def _open(qtbot, window: MainWindow) -> ChangePassphraseDialog:
    window.change_passphrase_action.trigger()
    dialog = window.findChild(ChangePassphraseDialog, "change_passphrase_dialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def _closed(window: MainWindow) -> bool:
    """No change-passphrase dialog is shown (closed ones are deleted)."""
    found = window.findChildren(ChangePassphraseDialog)
    return not any(d.isVisible() for d in found)


def _type(qtbot, dialog: ChangePassphraseDialog, current: str, new: str, repeat: str) -> None:
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.repeat, repeat)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=JOB_TIMEOUT)


def _info_box() -> QMessageBox:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    boxes = [b for b in boxes if b.isVisible()]
    assert len(boxes) == 1, boxes
    return boxes[0]


def _opens_only_with(path: Path, passphrase: str) -> None:
    other = OLD if passphrase == NEW else NEW
    with pytest.raises(WrongPassphrase):
        cipher.connect(path, other)
    conn = cipher.connect(path, passphrase)
    conn.close()


def test_the_menu_entry_changes_the_passphrase_and_the_window_keeps_working(qtbot, encrypted):
    window = _window(qtbot, encrypted)
    assert window.change_passphrase_action in window.menu("file").actions()
    before = digest(encrypted)
    dialog = _open(qtbot, window)
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    assert dialog.length.text().startswith("•")

    # a wrong current passphrase: said under its field, selected, nothing changed
    _type(qtbot, dialog, "not the passphrase", NEW, NEW)
    assert dialog.isVisible()
    assert dialog.current_message.isVisible()
    assert dialog.current_message.text() == "Wrong passphrase. Try again."
    assert dialog.current.selectedText() == "not the passphrase"
    window.context.close()  # the dialog's own reopened store, before the bytes are compared
    assert digest(encrypted) == before
    _opens_only_with(encrypted, OLD)

    # the right one
    _type(qtbot, dialog, OLD, NEW, NEW)
    qtbot.waitUntil(lambda: _closed(window), timeout=JOB_TIMEOUT)
    box = _info_box()
    assert "new passphrase" in box.text()
    box.close()
    _opens_only_with(encrypted, NEW)
    with Store.open(encrypted, create=False, passphrase=NEW) as store:
        envelope = store.require_device().private_key
        age = rekey.wrappings(store).age_identity
    keys.decrypt_private_key(envelope, NEW)
    keys.decrypt_age_identity(age, NEW)
    with pytest.raises(WrongPassphrase):
        keys.decrypt_private_key(envelope, OLD)

    # the window reads through a store opened again, under the new key
    assert cipher.known_key(encrypted) == cipher.derive_key(NEW, encrypted.read_bytes()[:16])
    qtbot.waitUntil(lambda: window.incidents.model.rowCount() == 12, timeout=5_000)
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: window.incidents.model.rowCount() == 12, timeout=5_000)
    assert window.incidents.model.index(0, 0).data() is not None
    assert window.context.store().count(INCIDENT) == 12
    assert window.context.store()._key == cipher.known_key(encrypted)


@pytest.mark.parametrize(
    ("new", "repeat", "field", "says"),
    [
        ("short", "short", "new", "at least 8"),
        (NEW, NEW + " typo", "repeat", "differ"),
        (OLD, OLD, "new", "same as the current"),
    ],
)
def test_bad_new_passphrases_are_refused_in_place(qtbot, encrypted, new, repeat, field, says):
    window = _window(qtbot, encrypted)
    before = digest(encrypted)
    dialog = _open(qtbot, window)
    _type(qtbot, dialog, OLD, new, repeat)
    assert dialog.isVisible() and dialog.message.isVisible()
    assert says in dialog.message.text()
    assert dialog.focusWidget() is getattr(dialog, field)
    assert digest(encrypted) == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(window), timeout=JOB_TIMEOUT)


def test_a_plain_database_rewraps_the_keys_and_says_it_is_not_encrypted(qtbot, tmp_path):
    path = _make(tmp_path / "plain.db", encrypt=False)
    window = _window(qtbot, path)
    dialog = _open(qtbot, window)
    assert "not encrypted" in dialog.intro.text()
    _type(qtbot, dialog, OLD, NEW, NEW)
    qtbot.waitUntil(lambda: _closed(window), timeout=JOB_TIMEOUT)
    box = _info_box()
    assert "fieldapp encrypt" in box.text()
    box.close()
    assert cipher.describe(path) == "plain"
    with Store.open(path, create=False) as store:
        keys.decrypt_private_key(store.require_device().private_key, NEW)
    assert window.incidents.model.rowCount() == 12


def test_the_dialog_speaks_arabic(qtbot, encrypted):
    i18n.apply_language("ar")
    try:
        window = _window(qtbot, encrypted)
        assert window.change_passphrase_action.text() != "Change &passphrase…"
        dialog = _open(qtbot, window)
        assert dialog.windowTitle() != "Change passphrase"
        assert i18n.has_rtl(dialog.windowTitle()) and i18n.has_rtl(dialog.intro.text())
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        _type(qtbot, dialog, "not the passphrase", NEW, NEW)
        assert i18n.has_rtl(dialog.current_message.text())
        dialog.reject()
    finally:
        i18n.reset()  # no catalogue at all, as the other tests expect (not English's plurals)
