"""The language of the user interface: which one, its catalogues, direction, digits.

fieldapp speaks Arabic and English. The catalogues are Qt's: `resources/translations/
fieldapp_LANG.qm`, compiled from the `.ts` sources by `scripts/update_translations.py`
and committed, so a wheel and the installer carry them without a build step. Qt's own
catalogue (`qtbase_LANG.qm`, from PySide6's translations folder) translates the standard
dialogs and buttons (Cancel, Open, the colour and file dialogs).

The choice is the user's, not the database's: it is kept in QSettings (`ui/language`),
asked on the first-run screen and changed from View → Language. `FIELDAPP_LANG` overrides
it for one run (scripts, screenshots, a shared laptop).

Numbers and dates are shown with the language's locale (Arabic: Arabic-Indic digits and
the Arabic separators, as the PDF report prints them); stored values stay canonical
(Western digits, ISO dates). Text the user typed (a place name, an organisation) that is
inserted into a translated sentence is wrapped in Unicode isolates (FSI … PDI) whenever
its direction can differ from the sentence's, so "Saved: خان شيخون, 2019-05-14" keeps
its date in one piece in an English window and an English place name stays whole in an
Arabic one.
"""

from __future__ import annotations

import math
import os
import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import QTableView

from fieldapp import APP_NAME, paths
from fieldapp.errors import FieldappError
from fieldapp.messages import Message

# Each language's own name: a user who cannot read the current language still finds theirs.
LANGUAGES: dict[str, str] = {"en": "English", "ar": "العربية"}
RTL_LANGUAGES = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"
SETTINGS_KEY = "ui/language"
ENV_VAR = "FIELDAPP_LANG"
CATALOGUE = "fieldapp"
# Levantine Arabic (Syria): Arabic-Indic digits, ٬ and ٫ separators, the month names used in
# Syria (أيار, not مايو) — the same choices as the PDF report (fieldapp.reports.labels).
LOCALES: dict[str, tuple[QLocale.Language, QLocale.Country]] = {
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
    "ar": (QLocale.Language.Arabic, QLocale.Country.Syria),
}

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate and its end
LRI = "\u2066"  # left-to-right isolate (key sequences, ids, file paths)
RLM = "\u200f"
_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

# Qt's standard buttons (QDialogButtonBox, QMessageBox, the progress dialog's Cancel) take
# their text from Qt's own Arabic catalogue, which uses clipped imperatives (ألغِ for
# Cancel, أغلق for Close) and leaves Yes and No in English. Our catalogue, installed after
# Qt's and so asked first, translates the same "QPlatformTheme" strings as the rest of
# fieldapp words its buttons (إلغاء, إغلاق, نعم, لا).
STANDARD_BUTTONS = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Reset"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Retry"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Ignore"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Abort"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Don't Save"),
)

_current = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []
_STARTUP_LOCALE = QLocale()


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise FieldappError(
            Message("ui.unknown_language", value=repr(lang), allowed=", ".join(LANGUAGES))
        )
    return lang


def settings() -> QSettings:
    """The per-user settings file (the same one app.py's application names select)."""
    return QSettings(APP_NAME, APP_NAME)


def saved_language() -> str | None:
    value = settings().value(SETTINGS_KEY, "")
    return str(value) if value and str(value) in LANGUAGES else None


def save_language(lang: str) -> None:
    store = settings()
    store.setValue(SETTINGS_KEY, check_language(lang))
    store.sync()


def forget_language() -> None:
    store = settings()
    store.remove(SETTINGS_KEY)
    store.sync()


def system_language() -> str:
    """Arabic on an Arabic system, English otherwise: the first-run screen's suggestion."""
    return "ar" if QLocale.system().language() == QLocale.Language.Arabic else "en"


def preferred_language() -> str:
    """$FIELDAPP_LANG, else the saved choice, else the system's language."""
    env = os.environ.get(ENV_VAR, "").strip().lower()
    if env:
        return check_language(env.split("_")[0].split("-")[0])
    return saved_language() or system_language()


def current_language() -> str:
    return _current


def is_rtl(lang: str | None = None) -> bool:
    return (lang or _current) in RTL_LANGUAGES


def locale(lang: str | None = None) -> QLocale:
    language, country = LOCALES[lang or _current]
    return QLocale(language, country)


def translations_dir() -> Path:
    return paths.resource("translations")


def qm_path(lang: str) -> Path:
    return translations_dir() / f"{CATALOGUE}_{lang}.qm"


def qt_translations_dir() -> str:
    """PySide6's folder of Qt's own catalogues (kept by the installer for our languages):
    where Qt says it is, else beside the PySide6 package (a frozen build without qt.conf)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if folder and any(Path(folder).glob("qtbase_*.qm")):
        return folder
    import PySide6

    beside = Path(PySide6.__file__).parent / "Qt" / "translations"
    return str(beside) if beside.is_dir() else folder


def _uninstall(app: QCoreApplication) -> None:
    for translator in _installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    _installed.clear()


def install_translator(translator: QTranslator, app: QCoreApplication | None = None) -> None:
    """Install one more catalogue (kept until the next apply_language), e.g. the pseudo
    translator of the tests."""
    app = app or QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    _installed.append(translator)


def apply_language(lang: str, app: QCoreApplication | None = None) -> str:
    """Make `lang` the interface language now: catalogues, locale, layout direction.

    Installing and removing translators sends every widget a LanguageChange event; the
    main window answers it by rebuilding itself (MainWindow.change_language).
    """
    global _current
    check_language(lang)
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("apply_language needs the QApplication")
    _uninstall(app)
    qt_own = QTranslator()
    if qt_own.load(locale(lang), "qtbase", "_", qt_translations_dir()):
        install_translator(qt_own, app)
    ours = QTranslator()
    path = qm_path(lang)
    if path.exists() and ours.load(str(path)):
        install_translator(ours, app)
    elif lang != DEFAULT_LANGUAGE:
        raise FieldappError(
            Message("ui.catalogue_missing", language=LANGUAGES[lang], path=str(path))
        )
    _current = lang
    QLocale.setDefault(locale(lang))
    if hasattr(app, "setLayoutDirection"):
        direction = (
            Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
        )
        app.setLayoutDirection(direction)
    return lang


def reset(app: QCoreApplication | None = None) -> None:
    """Back to the untranslated start-up state (no catalogue, left to right): for tests,
    which share one QApplication."""
    global _current
    app = app or QCoreApplication.instance()
    if app is not None:
        _uninstall(app)
        if hasattr(app, "setLayoutDirection"):
            app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    _current = DEFAULT_LANGUAGE
    QLocale.setDefault(_STARTUP_LOCALE)


# -- text inside translated sentences ------------------------------------------------------


def has_rtl(text: str) -> bool:
    return bool(_RTL_CHARS.search(text))


def isolate(value: object) -> str:
    """User text for a translated sentence, kept whole whatever its direction.

    FSI … PDI when the text may run against the sentence: always in a right-to-left
    interface, and in a left-to-right one when the text holds right-to-left letters.
    Left-to-right text in a left-to-right sentence needs nothing (and stays searchable
    and copyable as typed).
    """
    text = "" if value is None else str(value)
    if not text or (not is_rtl() and not has_rtl(text)):
        return text
    return FSI + text + PDI


def ltr(value: object) -> str:
    """Always left-to-right text (a path, a key fingerprint, a key sequence), isolated in a
    right-to-left interface so its slashes and dashes stay in place."""
    text = "" if value is None else str(value)
    return LRI + text + PDI if text and is_rtl() else text


@cache
def _digit_table(zero: str) -> dict[int, str]:
    return {ord(str(i)): chr(ord(zero) + i) for i in range(10)}


def digits(text: str) -> str:
    """Western digits in `text` written in the interface locale's digits (dates, times).

    Formatting uses the interface language's QLocale explicitly, not QLocale's process
    default, so a number reads the same whatever the system locale is (C has no grouping).
    """
    zero = locale().zeroDigit()
    return text if zero == "0" else text.translate(_digit_table(zero))


def number(value: int | float) -> str:
    """12,500 / ١٢٬٥٠٠; non-whole numbers keep the decimals they need (at most 6)."""
    loc = locale()
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return loc.toString(int(value))
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.6f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return loc.toString(float(value), "f", decimals)


def fit_headers(view: QTableView) -> None:
    """No column of `view` narrower than its (translated) title: "Injured" is longer in
    some languages than the numbers under it. Call it once the view is shown, when the
    style sheet's padding and the final font apply; the last section stretches anyway."""
    header = view.horizontalHeader()
    for i in range(header.count() - 1):
        wanted = header.sectionSizeHint(i)
        if header.sectionSize(i) < wanted:
            header.resizeSection(i, wanted)


# -- pseudo-localisation -------------------------------------------------------------------


class PseudoTranslator(QTranslator):
    """Every string about 40% longer and wrapped in right-to-left marks.

    Installed with a right-to-left layout, it shows before any translator has worked which
    labels get clipped, which layouts assume left-to-right and which strings escaped tr().
    Placeholders ({n}, %1, %n) and mnemonics survive: the padding is appended.
    """

    PAD = "~"

    def __init__(self, base: QTranslator | None = None, factor: float = 0.4):
        super().__init__()
        self.base = base
        self.factor = factor

    def isEmpty(self) -> bool:
        return False

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        if source == "QT_LAYOUT_DIRECTION":
            return "RTL"
        text = ""
        if self.base is not None:
            text = self.base.translate(context, source, disambiguation, n)
        text = text or source
        if not text.strip():
            return text
        extra = max(1, math.ceil(len(text) * self.factor))
        if text.lstrip().startswith("<"):  # rich text: a leading mark would show the tags
            return text + self.PAD * extra
        return RLM + text + self.PAD * extra + RLM
