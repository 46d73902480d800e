"""Every word the report prints, one dictionary per language, and the number and date
formats that go with it.

Kept apart from the layout code so that a translator (issue 7) adds a language by adding
a dictionary here: LABELS[lang] for the report's own words, VOCAB[lang] for the stored
English vocabulary (ACLED event types, directions, targets), MONTHS[lang] and DIGITS[lang].
A missing entry falls back to English, never to an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

LANGUAGES = ("en", "ar")
RTL_LANGUAGES = frozenset({"ar"})

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Incidents and displacement report",
        "period": "Period",
        "area": "Area",
        "organisation": "Organisation",
        "author": "Author device",
        "generated": "Generated",
        "filters": "Filters",
        "search": "Search",
        "event_type": "Event type",
        "all_dates": "All dates",
        "all_areas": "All areas",
        "from_date": "from {date}",
        "to_date": "up to {date}",
        "date_range": "{start} to {end}",
        "headline": "Headline figures",
        "incidents": "Incidents",
        "killed": "Killed",
        "injured": "Injured",
        "displaced_individuals": "Displaced individuals",
        "displaced_households": "Displaced households",
        "displaced_note": "Displaced: the sum of the departures reported in the period.",
        "by_area": "Totals by area",
        "governorate": "Governorate",
        "district": "District",
        "by_type": "Totals by event type",
        "sub_event_type": "Sub-event type",
        "by_direction": "Displacement reports by direction",
        "direction": "Direction",
        "reports": "Reports",
        "individuals": "Individuals",
        "households": "Households",
        "total": "Total",
        "unknown": "(not recorded)",
        "chart_title": "Incidents and casualties over time",
        "chart_incidents": "Incidents per {bucket}",
        "chart_casualties": "Killed and injured per {bucket}",
        "bucket_day": "day",
        "bucket_week": "week (starting)",
        "bucket_month": "month",
        "map_title": "Map of the records",
        "map_missing": "The map could not be drawn on this computer.",
        "incident_table": "Incidents",
        "displacement_table": "Displacement reports",
        "record_id": "ID",
        "pcode": "P-code",
        "date": "Date",
        "event": "Event",
        "location": "Location",
        "source": "Source",
        "notes": "Notes",
        "from_to": "From / to",
        "cause": "Cause",
        "from_place": "from {place}",
        "to_place": "to {place}",
        "no_incidents": "No incidents match these filters.",
        "no_displacements": "No displacement reports match these filters.",
        "shortened": "(shortened)",
        "sources": "Sources",
        "records": "records",
        "method": (
            "Figures are the sums of the records in this database that match the filters. "
            "Reports that overlap (for example a weekly and a monthly count of the same "
            "people) are added, not de-duplicated."
        ),
        "page": "page {n} of {m}",
        "draft": "DRAFT",
        "draft_banner": "DRAFT: not signed. Do not circulate as an official report.",
        "signature": "Digital signature",
        "signed_by": "Signed by",
        "signed_at": "Signed at",
        "fingerprint": "Key fingerprint",
        "verify_hint": (
            "The PDF carries a digital signature (PAdES) made with this device's key. Check it "
            "with `fieldapp verify FILE.pdf` or in the signature panel of a PDF reader; any "
            "change to the file after signing is reported."
        ),
        "unsigned": "Not signed (draft).",
        "utc": "UTC",
        "warning_title": "Check before relying on these totals",
        "warn_conflicts_one": (
            "{n} record in this report's scope has an unresolved conflict (competing "
            "versions from different devices): the version counted may not be the final one."
        ),
        "warn_conflicts": (
            "{n} records in this report's scope have unresolved conflicts (competing "
            "versions from different devices): the versions counted may not be the final ones."
        ),
        "warn_duplicates_one": (
            "{n} pair of records may be the same event reported twice ({exact} exact, "
            "{likely} likely): the totals may count it twice."
        ),
        "warn_duplicates": (
            "{n} pairs of records may be the same event reported twice ({exact} exact, "
            "{likely} likely): the totals may count them twice."
        ),
        "warn_action": (
            "Resolve them under Sync → Conflicts and Sync → Possible duplicates (or "
            "`fieldapp conflicts`, `fieldapp duplicates list`), then make the report again."
        ),
    },
    "ar": {
        "title": "تقرير الحوادث والنزوح",
        "period": "الفترة",
        "area": "المنطقة",
        "organisation": "المنظمة",
        "author": "الجهاز المُعِدّ",
        "generated": "تاريخ الإعداد",
        "filters": "عوامل التصفية",
        "search": "بحث",
        "event_type": "نوع الحدث",
        "all_dates": "كل التواريخ",
        "all_areas": "كل المناطق",
        "from_date": "من {date}",
        "to_date": "حتى {date}",
        "date_range": "من {start} إلى {end}",
        "headline": "الأرقام الرئيسية",
        "incidents": "الحوادث",
        "killed": "القتلى",
        "injured": "الجرحى",
        "displaced_individuals": "الأفراد النازحون",
        "displaced_households": "الأسر النازحة",
        "displaced_note": "النازحون: مجموع حالات المغادرة المُبلَّغ عنها في الفترة.",
        "by_area": "المجاميع حسب المنطقة",
        "governorate": "المحافظة",
        "district": "المنطقة الإدارية",
        "by_type": "المجاميع حسب نوع الحدث",
        "sub_event_type": "النوع الفرعي",
        "by_direction": "تقارير النزوح حسب الاتجاه",
        "direction": "الاتجاه",
        "reports": "التقارير",
        "individuals": "الأفراد",
        "households": "الأسر",
        "total": "المجموع",
        "unknown": "(غير مسجّل)",
        "chart_title": "الحوادث والإصابات عبر الزمن",
        "chart_incidents": "الحوادث في كل {bucket}",
        "chart_casualties": "القتلى والجرحى في كل {bucket}",
        "bucket_day": "يوم",
        "bucket_week": "أسبوع (بدايته)",
        "bucket_month": "شهر",
        "map_title": "خريطة السجلات",
        "map_missing": "تعذّر رسم الخريطة على هذا الحاسوب.",
        "incident_table": "الحوادث",
        "displacement_table": "تقارير النزوح",
        "record_id": "المعرف",
        "pcode": "الرمز المكاني",
        "date": "التاريخ",
        "event": "الحدث",
        "location": "المكان",
        "source": "المصدر",
        "notes": "ملاحظات",
        "from_to": "من / إلى",
        "cause": "السبب",
        "from_place": "من {place}",
        "to_place": "إلى {place}",
        "no_incidents": "لا توجد حوادث تطابق عوامل التصفية هذه.",
        "no_displacements": "لا توجد تقارير نزوح تطابق عوامل التصفية هذه.",
        "shortened": "(مختصر)",
        "sources": "المصادر",
        "records": "سجلات",
        "method": (
            "الأرقام هي مجاميع سجلات قاعدة البيانات هذه التي تطابق عوامل التصفية. "
            "التقارير المتداخلة (مثل عدّ أسبوعي وآخر شهري للأشخاص أنفسهم) تُجمع ولا يُحذف "
            "المكرر منها."
        ),
        "page": "صفحة {n} من {m}",
        "draft": "مسودة",
        "draft_banner": "مسودة: غير موقّعة. لا تُتداول بوصفها تقريراً رسمياً.",
        "signature": "التوقيع الرقمي",
        "signed_by": "وقّعه",
        "signed_at": "وقت التوقيع",
        "fingerprint": "بصمة المفتاح",
        "verify_hint": (
            "يحمل هذا الملف توقيعاً رقمياً (PAdES) بمفتاح هذا الجهاز. تحقّق منه بالأمر "
            "fieldapp verify أو من لوحة التواقيع في قارئ PDF؛ أي تعديل على الملف بعد "
            "التوقيع يظهر عند التحقق."
        ),
        "unsigned": "غير موقّع (مسودة).",
        "utc": "بالتوقيت العالمي",
        "warning_title": "تحقّق قبل الاعتماد على هذه المجاميع",
        "warn_conflicts_one": (
            "سجلات ضمن نطاق هذا التقرير فيها تعارض لم يُحسم (نسخ متنافسة من أجهزة مختلفة): "
            "{n}. قد لا تكون النسخة المحسوبة هي النهائية."
        ),
        "warn_conflicts": (
            "سجلات ضمن نطاق هذا التقرير فيها تعارض لم يُحسم (نسخ متنافسة من أجهزة مختلفة): "
            "{n}. قد لا تكون النسخ المحسوبة هي النهائية."
        ),
        "warn_duplicates_one": (
            "أزواج سجلات قد تكون الحدث نفسه مُبلَّغاً عنه مرتين: {n} (مطابقة تماماً: {exact}، "
            "مرجّحة: {likely}). قد تحسبها المجاميع مرتين."
        ),
        "warn_duplicates": (
            "أزواج سجلات قد تكون الحدث نفسه مُبلَّغاً عنه مرتين: {n} (مطابقة تماماً: {exact}، "
            "مرجّحة: {likely}). قد تحسبها المجاميع مرتين."
        ),
        "warn_action": (
            "عالجها من المزامنة ← التعارضات والمزامنة ← سجلات مكررة محتملة، ثم أعِد إعداد التقرير."
        ),
    },
}

# The stored vocabulary (English ACLED codebook terms and fieldapp codes) for display.
VOCAB: dict[str, dict[str, str]] = {
    "en": {
        "departed": "Departed",
        "arrived": "Arrived",
        "present": "Present",
        "residential": "residential building",
        "health_facility": "health facility",
        "camp": "displacement camp",
        "water": "water facility",
        "power": "power facility",
        "road": "road or bridge",
        "government": "government building",
        "military": "military position",
    },
    "ar": {
        # ACLED event types
        "Battles": "معارك",
        "Explosions/Remote violence": "انفجارات/عنف عن بُعد",
        "Violence against civilians": "عنف ضد المدنيين",
        "Protests": "احتجاجات",
        "Riots": "أعمال شغب",
        "Strategic developments": "تطورات استراتيجية",
        # ACLED sub-event types
        "Armed clash": "اشتباك مسلح",
        "Government regains territory": "استعادة الحكومة السيطرة على أراضٍ",
        "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أراضٍ",
        "Air/drone strike": "غارة جوية/بطائرة مسيّرة",
        "Shelling/artillery/missile attack": "قصف مدفعي/صاروخي",
        "Remote explosive/landmine/IED": "عبوة ناسفة/لغم أرضي",
        "Suicide bomb": "تفجير انتحاري",
        "Grenade": "قنبلة يدوية",
        "Chemical weapon": "سلاح كيميائي",
        "Attack": "هجوم",
        "Abduction/forced disappearance": "اختطاف/إخفاء قسري",
        "Sexual violence": "عنف جنسي",
        "Peaceful protest": "احتجاج سلمي",
        "Protest with intervention": "احتجاج مع تدخّل",
        "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
        "Violent demonstration": "مظاهرة عنيفة",
        "Mob violence": "عنف جماعي",
        "Agreement": "اتفاق",
        "Arrests": "اعتقالات",
        "Change to group/activity": "تغيّر في جماعة/نشاط",
        "Disrupted weapons use": "إحباط استخدام أسلحة",
        "Headquarters or base established": "إنشاء مقر أو قاعدة",
        "Looting/property destruction": "نهب/تدمير ممتلكات",
        "Non-violent transfer of territory": "انتقال أراضٍ دون عنف",
        "Other": "أخرى",
        # displacement directions
        "departed": "مغادرة",
        "arrived": "وصول",
        "present": "موجودون",
        # targets
        "residential": "مبنى سكني",
        "school": "مدرسة",
        "mosque": "مسجد",
        "church": "كنيسة",
        "hospital": "مستشفى",
        "health_facility": "منشأة صحية",
        "market": "سوق",
        "bakery": "مخبز",
        "camp": "مخيم نزوح",
        "shelter": "مأوى",
        "water": "منشأة مياه",
        "power": "منشأة كهرباء",
        "road": "طريق أو جسر",
        "farmland": "أراضٍ زراعية",
        "vehicle": "مركبة",
        "government": "مبنى حكومي",
        "military": "موقع عسكري",
        "other": "أخرى",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # The month names used in Syria and the Levant.
    "ar": (
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ),
}

# Digits and separators per language (CLDR: Arabic uses Arabic-Indic digits, U+066C as the
# thousands separator and U+066B as the decimal separator).
DIGITS: dict[str, str] = {"en": "0123456789", "ar": "٠١٢٣٤٥٦٧٨٩"}
GROUP: dict[str, str] = {"en": ",", "ar": "٬"}
DECIMAL: dict[str, str] = {"en": ".", "ar": "٫"}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        from fieldapp.errors import FieldappError
        from fieldapp.messages import Message

        raise FieldappError(
            Message("report.unknown_language", value=repr(lang), allowed=", ".join(LANGUAGES))
        )
    return lang


def label(lang: str, key: str, **values: object) -> str:
    text = LABELS.get(lang, {}).get(key) or LABELS["en"][key]
    return text.format(**values) if values else text


def vocab(lang: str, value: str | None) -> str:
    if not value:
        return ""
    return VOCAB.get(lang, {}).get(value) or VOCAB["en"].get(value) or value


def digits(lang: str, text: str) -> str:
    """Western digits and separators in `text` rewritten for the language."""
    if lang == "en" or lang not in DIGITS:
        return text
    table = str.maketrans(
        {**{str(i): DIGITS[lang][i] for i in range(10)}, ",": GROUP[lang], ".": DECIMAL[lang]}
    )
    return text.translate(table)


def number(lang: str, value: int | float | None) -> str:
    """12,500 / ١٢٬٥٠٠; an absent value is an empty cell, not zero."""
    if value is None:
        return ""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return digits(lang, text)


def iso_date(lang: str, value: str | dt.date | None) -> str:
    """YYYY-MM-DD (unambiguous everywhere), in the language's digits: for tables."""
    if value is None or value == "":
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if lang == "en":
        return text
    return text.translate(str.maketrans({str(i): DIGITS[lang][i] for i in range(10)}))


def long_date(lang: str, value: str | dt.date | None) -> str:
    """28 April 2019 / ٢٨ نيسان ٢٠١٩: for the title block."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    months = MONTHS.get(lang, MONTHS["en"])
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    return iso_date(lang, text) if lang != "en" else text


def timestamp(lang: str, value: dt.datetime) -> str:
    """28 April 2019 14:05 UTC: a moment, for generated/signed times."""
    value = value.astimezone(dt.UTC)
    text = f"{long_date(lang, value.date())} {value:%H:%M:%S} "
    return iso_date(lang, text) + label(lang, "utc")


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES


# Lists: the Arabic comma and semicolon (U+060C, U+061B) in an Arabic report.
COMMA: dict[str, str] = {"en": ", ", "ar": "، "}
SEMICOLON: dict[str, str] = {"en": "; ", "ar": "؛ "}


def join(lang: str, items: Iterable[object], semicolon: bool = False) -> str:
    """Items (empty ones left out) as a list in the language: "a, b" / "a، b"."""
    sep = (SEMICOLON if semicolon else COMMA).get(lang, "; " if semicolon else ", ")
    return sep.join(str(i) for i in items if i)


def governorate(lang: str, name: str | None) -> str:
    """A stored governorate name in the report's language (see fieldapp.reports.places)."""
    from fieldapp.reports.places import governorate as translate

    return translate(lang, name)
