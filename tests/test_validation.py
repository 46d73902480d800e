"""Every validation rule of issue 2, and that an invalid record never reaches the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import raw_connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain import validation, vocab
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, field
from fieldapp.domain.validation import MAX_COUNT, check, clean, parse_date, parse_value
from fieldapp.errors import ValidationError
from fieldapp.store import Store

TODAY = dt.date(2024, 6, 1)
ARABIC = "٠١٢٣٤٥٦٧٨٩"


def incident(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "event_date": "2019-05-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "location": "Khan Shaykhun",
        "admin1": "Idlib",
        "latitude": 35.4417,
        "longitude": 36.6481,
        "killed": 2,
        "injured": 11,
        "targets": ["school"],
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not ...}


def displacement(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "report_date": "2019-06-01",
        "direction": "departed",
        "location": "Khan Shaykhun",
        "individuals": 70_000,
        "households": 14_000,
        "household_size": 5,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not ...}


def errors_of(kind: str, raw: dict[str, object]) -> dict[str, str]:
    return check(kind, raw, today=TODAY).errors


def test_a_valid_incident_is_clean() -> None:
    result = check(INCIDENT, incident(), today=TODAY)
    assert result.ok and not result.warnings
    assert result.values["event_date"] == "2019-05-14"
    assert result.values["killed"] == 2 and result.values["targets"] == ["school"]


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2019-02-30", "not a real calendar date"),
        ("2019-13-01", "not a real calendar date"),
        ("2019-00-10", "not a real calendar date"),
        ("yesterday", "not a date"),
        ("14/05/2019", "not a date"),
        ("2019-5-14", "not a date"),
    ],
)
def test_a_date_that_is_not_a_real_date(text: str, problem: str) -> None:
    errors = errors_of(INCIDENT, incident(event_date=text))
    assert problem in errors["event_date"]
    assert set(errors) == {"event_date"}


def test_a_date_in_the_future_is_refused_today_is_fine() -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert "future" in errors_of(INCIDENT, incident(event_date=tomorrow))["event_date"]
    assert "future" in errors_of(DISPLACEMENT, displacement(report_date=tomorrow))["report_date"]
    assert errors_of(INCIDENT, incident(event_date=TODAY.isoformat())) == {}
    # and with the real clock
    real_tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "future" in check(INCIDENT, incident(event_date=real_tomorrow)).errors["event_date"]


def test_period_end_before_report_date() -> None:
    errors = errors_of(
        DISPLACEMENT, displacement(report_date="2019-06-01", period_end="2019-05-31")
    )
    assert "before the report date" in errors["period_end"]
    assert errors_of(DISPLACEMENT, displacement(period_end="2019-06-01")) == {}


# -- counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (-1, "negative"),
        ("-3", "negative"),
        (3.5, "not a whole number"),
        ("3.5", "not a whole number"),
        ("abc", "not a whole number"),
        ("1,5", "not a whole number"),  # a decimal comma is not read as 15
        ("12,50", "not a whole number"),
        (True, "whole number"),
        (MAX_COUNT + 1, "not plausible"),
        ("20000000", "not plausible"),
    ],
)
def test_bad_counts(value: object, problem: str) -> None:
    for name in ("killed", "injured"):
        errors = errors_of(INCIDENT, incident(**{name: value}))
        assert problem in errors[name], errors
    errors = errors_of(DISPLACEMENT, displacement(households=value, household_size=...))
    assert problem in errors["households"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        ("12", 12),
        (" 7 ", 7),
        (4.0, 4),
        ("12,500", 12_500),
        (MAX_COUNT, MAX_COUNT),
        ("٣٥", 35),  # Arabic-Indic digits
        ("١٢٬٥٠٠", 12_500),  # with the Arabic thousands separator
        ("۳۲۱", 321),  # Eastern Arabic (Persian) digits
    ],
)
def test_good_counts(value: object, expected: int) -> None:
    assert check(INCIDENT, incident(killed=value), today=TODAY).values["killed"] == expected


# -- coordinates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "bad", "problem"),
    [
        (91, 36.6, "latitude", "outside -90..90"),
        (-90.5, 36.6, "latitude", "outside -90..90"),
        (35.4, 180.01, "longitude", "outside -180..180"),
        (35.4, -181, "longitude", "outside -180..180"),
        (35.4, None, "longitude", "both latitude and longitude"),
        (None, 36.6, "latitude", "both latitude and longitude"),
        ("north", 36.6, "latitude", "not a number"),
        ("nan", 36.6, "latitude", "not a number"),
        ("1_0", 36.6, "latitude", "not a number"),
    ],
)
def test_bad_coordinates(lat: object, lon: object, bad: str, problem: str) -> None:
    errors = errors_of(INCIDENT, incident(latitude=lat, longitude=lon))
    assert problem in errors[bad]


def test_coordinates_at_the_limits_and_in_arabic_digits() -> None:
    for lat, lon in ((90, 180), (-90, -180), (0, 0)):
        assert errors_of(INCIDENT, incident(latitude=lat, longitude=lon)) == {}
    values = check(INCIDENT, incident(latitude="٣٥٫٤٤١٧", longitude="36.64812345"), today=TODAY)
    assert values.values["latitude"] == 35.4417
    assert values.values["longitude"] == 36.648123  # rounded to 6 decimals
    assert errors_of(INCIDENT, incident(latitude=None, longitude=None)) == {}


# -- vocabularies --------------------------------------------------------------------------


def test_sub_event_type_must_belong_to_the_event_type() -> None:
    errors = errors_of(INCIDENT, incident(event_type="Protests", sub_event_type="Air/drone strike"))
    assert "not a kind of 'Protests'" in errors["sub_event_type"]
    assert "Explosions/Remote violence" in errors["sub_event_type"]


def test_every_pair_of_the_vocabulary_is_accepted() -> None:
    for event_type, subs in vocab.EVENT_TYPES.items():
        for sub in subs:
            assert errors_of(INCIDENT, incident(event_type=event_type, sub_event_type=sub)) == {}


def test_sub_event_type_alone_fills_in_the_event_type() -> None:
    result = check(INCIDENT, incident(event_type=None, sub_event_type="peaceful protest"))
    assert result.ok
    assert result.values["event_type"] == "Protests"
    assert result.values["sub_event_type"] == "Peaceful protest"  # canonical spelling


def test_a_bad_sub_event_type_alone_is_the_only_error_named() -> None:
    """Without an event type, the sub-event type would have given it: "event type is
    required" would send the user to the wrong field."""
    errors = errors_of(INCIDENT, incident(event_type=None, sub_event_type="Airstrike"))
    assert list(errors) == ["sub_event_type"]
    assert "not a sub-event type" in errors["sub_event_type"]
    # Both missing: both are required.
    errors = errors_of(INCIDENT, incident(event_type=None, sub_event_type=None))
    assert errors == {"event_type": "is required", "sub_event_type": "is required"}


def test_unknown_vocabulary_terms() -> None:
    assert "not one of" in errors_of(INCIDENT, incident(event_type="Earthquake"))["event_type"]
    assert errors_of(INCIDENT, incident(sub_event_type="Tsunami"))["sub_event_type"].startswith(
        "'Tsunami' is not a sub-event type; choose one of: Armed clash, "
    )
    assert "not one of" in errors_of(INCIDENT, incident(targets=["spaceship"]))["targets"]
    assert "not one of" in errors_of(DISPLACEMENT, displacement(direction="sideways"))["direction"]
    assert "not one of" in errors_of(INCIDENT, incident(geo_precision=4))["geo_precision"]


def test_targets_are_deduplicated_sorted_and_split() -> None:
    values = clean(INCIDENT, incident(targets="school; Residential,school"), today=TODAY)
    assert values["targets"] == ["residential", "school"]
    assert clean(INCIDENT, incident(targets=None), today=TODAY)["targets"] == []
    assert "not a list" in errors_of(INCIDENT, incident(targets=5))["targets"]


def test_cause_incidents_must_be_record_ids() -> None:
    errors = errors_of(DISPLACEMENT, displacement(cause_incidents=["not-an-id"]))
    assert "not a record id" in errors["cause_incidents"]
    rid = "3F2A9C1E-0000-4000-8000-000000000001"
    values = clean(DISPLACEMENT, displacement(cause_incidents=[rid]), today=TODAY)
    assert values["cause_incidents"] == [rid.lower()]


# -- displacement counts -------------------------------------------------------------------


def test_households_times_size_disagreeing_is_a_warning_not_an_error() -> None:
    raw = displacement(individuals=70_000, households=10_000, household_size=5)
    result = check(DISPLACEMENT, raw, today=TODAY)
    assert result.ok
    assert "about 50,000 people, not 70,000" in result.warnings["household_size"]
    assert clean(DISPLACEMENT, raw, today=TODAY)["individuals"] == 70_000  # still storable


def test_households_times_size_agreeing_gives_no_warning() -> None:
    result = check(
        DISPLACEMENT, displacement(individuals=26_000, households=5_000, household_size=5.2)
    )
    assert result.ok and result.warnings == {}


def test_more_individuals_than_the_population_before_is_a_warning() -> None:
    result = check(DISPLACEMENT, displacement(population_before=50_000), today=TODAY)
    assert result.ok and "more than the population before" in result.warnings["population_before"]


def test_displacement_needs_individuals_or_households() -> None:
    raw = displacement(individuals=None, households=None, household_size=None)
    errors = errors_of(DISPLACEMENT, raw)
    assert "individuals or of households" in errors["individuals"]
    assert errors_of(DISPLACEMENT, displacement(individuals=None, household_size=None)) == {}
    assert errors_of(DISPLACEMENT, displacement(households=None, household_size=None)) == {}


@pytest.mark.parametrize("size", [0, -2, 51])
def test_implausible_household_size(size: float) -> None:
    errors = errors_of(DISPLACEMENT, displacement(household_size=size))
    assert "household size" in errors["household_size"]


# -- fields and text -----------------------------------------------------------------------


def test_required_fields() -> None:
    errors = errors_of(INCIDENT, {})
    assert {"event_date", "event_type", "sub_event_type", "location"} <= set(errors)
    assert all(errors[n] == "is required" for n in ("event_date", "location"))
    errors = errors_of(DISPLACEMENT, {})
    assert {"report_date", "direction", "location"} <= set(errors)


def test_unknown_field() -> None:
    errors = errors_of(INCIDENT, incident(colour="red", direction="departed"))
    assert errors["colour"] == "is not a field of an incident record"
    assert "direction" in errors  # a displacement field is not an incident field


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x1f", "\x7f", "\x9b"])
def test_control_characters_are_refused(char: str) -> None:
    for name in ("location", "notes"):
        errors = errors_of(INCIDENT, incident(**{name: f"Khan{char}Shaykhun"}))
        assert "control characters" in errors[name]


def test_whitespace_is_normalised_not_refused() -> None:
    values = clean(
        INCIDENT,
        incident(location="  Khan\tShaykhun\n ", notes="line one\r\nline two\n\ttabbed"),
        today=TODAY,
    )
    assert values["location"] == "Khan Shaykhun"
    assert values["notes"] == "line one\nline two\n\ttabbed"  # notes keep their lines


def test_too_long_text() -> None:
    assert "limit is 200" in errors_of(INCIDENT, incident(location="x" * 201))["location"]
    assert "limit is 10,000" in errors_of(INCIDENT, incident(notes="x" * 10_001))["notes"]
    assert errors_of(INCIDENT, incident(location="x" * 200, notes="x" * 10_000)) == {}
    assert "limit is 20" in errors_of(INCIDENT, incident(admin1_pcode="SY" * 11))["admin1_pcode"]


def test_arabic_text_and_arabic_indic_digits_are_accepted() -> None:
    raw = incident(
        event_date="٢٠١٩-٠٥-١٤",
        location="خان شيخون",
        notes="قصف على خان شيخون أصاب مدرسة (تقرير ميداني)",
        killed="٣",
        injured="١١",
    )
    values = clean(INCIDENT, raw, today=TODAY)
    assert values["event_date"] == "2019-05-14"
    assert (values["killed"], values["injured"]) == (3, 11)
    assert values["location"] == "خان شيخون"
    with pytest.raises(ValueError, match="real calendar date"):
        parse_date("٢٠١٩-٠٢-٣٠")


def test_clean_raises_with_every_field_named() -> None:
    with pytest.raises(ValidationError) as info:
        clean(INCIDENT, incident(killed=-1, latitude=95), today=TODAY)
    assert set(info.value.errors) == {"killed", "latitude"}
    assert "killed: -1 is negative" in str(info.value)
    assert "\n" not in str(info.value)


# -- an invalid record is never stored -----------------------------------------------------


def _snapshot(store: Store) -> tuple[int, int, list[str]]:
    return (
        store.revision_count(),
        store.require_device().last_seq,
        list(store.db.iterdump()),
    )


@pytest.mark.parametrize(
    "bad",
    [
        incident(event_date="2019-02-30"),
        incident(killed=-4),
        incident(latitude=123, longitude=36),
        incident(event_type="Protests", sub_event_type="Air/drone strike"),
        incident(location="a\x00b"),
    ],
)
def test_an_invalid_record_is_never_stored(store: Store, bad: dict[str, object]) -> None:
    good = store.add(INCIDENT, incident())
    before = _snapshot(store)
    with pytest.raises(ValidationError):
        store.add(INCIDENT, bad)
    with pytest.raises(ValidationError):
        store.add_many(INCIDENT, [incident(), bad, incident()])
    changes = {k: v for k, v in bad.items() if incident().get(k) != v}
    with pytest.raises(ValidationError):
        store.edit(good, changes)
    assert _snapshot(store) == before
    assert store.count(INCIDENT) == 1
    assert len(store.history(good)) == 1


def test_an_invalid_displacement_is_never_stored(db_path: Path) -> None:
    with Store.open(db_path) as store, pytest.raises(ValidationError):
        store.add(DISPLACEMENT, displacement(individuals=None, households=None))
    conn = raw_connection(db_path)
    assert conn.execute("SELECT count(*) FROM revisions").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM displacements").fetchone() == (0,)
    conn.close()


# -- properties ----------------------------------------------------------------------------

KILLED = field(INCIDENT, "killed")
LATITUDE = field(INCIDENT, "latitude")


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_any_count_in_range_round_trips(n: int) -> None:
    arabic = str(n).translate(str.maketrans("0123456789", ARABIC))
    for raw in (n, str(n), f" {n} ", arabic, float(n), f"{n:,}"):
        assert parse_value(KILLED, raw) == n


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=MAX_COUNT + 1)))
def test_any_count_out_of_range_is_refused(n: int) -> None:
    for raw in (n, str(n)):
        with pytest.raises(ValueError):
            parse_value(KILLED, raw)


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()))
def test_any_fraction_is_not_a_count(x: float) -> None:
    with pytest.raises(ValueError, match="whole number"):
        parse_value(KILLED, x)


@given(st.floats(min_value=-90, max_value=90), st.floats(min_value=-180, max_value=180))
def test_any_coordinate_in_range_is_kept_to_six_decimals(lat: float, lon: float) -> None:
    result = check(INCIDENT, incident(latitude=lat, longitude=lon), today=TODAY)
    assert result.ok
    assert result.values["latitude"] == round(lat, 6)
    assert result.values["longitude"] == round(lon, 6)


@given(
    st.one_of(
        st.floats(min_value=90, exclude_min=True, allow_infinity=False),
        st.floats(max_value=-90, exclude_max=True, allow_infinity=False),
    )
)
def test_any_latitude_out_of_range_is_refused(lat: float) -> None:
    assert "latitude" in errors_of(INCIDENT, incident(latitude=lat, longitude=36.0))


@given(st.dates(max_value=TODAY))
def test_any_past_date_round_trips(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert check(INCIDENT, incident(event_date=day.isoformat()), today=TODAY).ok


@given(st.dates(min_value=TODAY + dt.timedelta(days=1)))
def test_any_future_date_is_refused(day: dt.date) -> None:
    assert "future" in errors_of(INCIDENT, incident(event_date=day.isoformat()))["event_date"]


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x7f"), max_size=60
)


def _records() -> st.SearchStrategy[dict[str, object]]:
    event = st.sampled_from([(t, s) for t, subs in vocab.EVENT_TYPES.items() for s in subs])
    return st.builds(
        lambda pair, text, killed, lat, day, targets: incident(
            event_type=pair[0],
            sub_event_type=pair[1],
            location=text if text.strip() else "x",
            notes=text,
            killed=killed,
            latitude=lat,
            longitude=lat,
            event_date=day.isoformat(),
            targets=targets,
        ),
        event,
        _TEXT,
        st.one_of(st.none(), st.integers(0, MAX_COUNT), st.integers(0, 999).map(str)),
        st.one_of(st.none(), st.floats(-90, 90)),
        st.dates(max_value=TODAY),
        st.lists(st.sampled_from(list(vocab.TARGETS)), max_size=4),
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_records())
def test_cleaning_is_idempotent(raw: dict[str, object]) -> None:
    """Cleaned values clean to themselves: a stored record re-validates unchanged, so an edit
    that changes nothing writes no revision and revision ids stay stable."""
    result = check(INCIDENT, raw, today=TODAY)
    if not result.ok:
        assert set(result.errors) <= {"location", "notes"}  # only control characters fail
        assert all("control characters" in m for m in result.errors.values())
        return
    assert clean(INCIDENT, result.values, today=TODAY) == result.values


def test_every_field_has_a_parser() -> None:
    """A new field type without validation would store anything; catch it here."""
    for kind in (INCIDENT, DISPLACEMENT):
        for f in FIELDS[kind]:
            assert f.type in ("text", "date", "int", "float", "choice", "multi", "idlist")
            assert parse_value(f, None) in (None, [])
    assert validation.MAX_COUNT == 10_000_000


# -- the fast test that bundles use ------------------------------------------------------

_DELETE = object()
_TRICKY = st.text(
    alphabet=st.sampled_from(
        ["a", "b", " ", "\t", "\n", "\r", "\x00", "\x01", "\x0b", "\x1c", "\x1f", "\x7f",
         "\x85", "\x9f", "\xa0", "\u2028", "\u3000", "\ufeff", "ب", "é"]
    ),
    max_size=8,
)  # fmt: skip
_ANY = st.one_of(
    st.none(),
    _TRICKY,
    st.text(max_size=600),
    st.integers(-5, MAX_COUNT + 5),
    st.booleans(),
    st.floats(),
    st.sampled_from(["2019-05-14", "2019-02-30", "2024-06-02", "2024-06-01", "2019-5-14"]),
    st.sampled_from(["Air/drone strike", "school", "departed", "Idlib", 1, 2, 99]),
    st.lists(st.sampled_from(["school", "home", "market", "x", "a"]), max_size=3),
    st.lists(st.uuids().map(str), max_size=2),
)


def _stored(kind: str) -> dict[str, object]:
    raw = incident(notes="first line\nsecond", actor1="A B") if kind == INCIDENT else displacement()
    values = check(kind, raw, today=TODAY).values
    assert validation.is_clean(kind, values, TODAY)
    return values


def _field_by_field(kind: str, raw: dict[str, object], iso: str) -> bool:
    """The reference: every field's own canonical test, then the date bound."""
    table = validation._table(kind)
    if len(raw) != len(table.known) or not table.known.issuperset(raw):
        return False
    if not all(test(raw.get(name)) for name, test, _f in table.fields):
        return False
    return all(raw[n] is None or raw[n] <= iso for n in table.dates)  # type: ignore[operator]


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from([INCIDENT, DISPLACEMENT]),
    changes=st.dictionaries(
        st.sampled_from(sorted({f.name for fs in FIELDS.values() for f in fs} | {"extra"})),
        st.one_of(_ANY, st.just(_DELETE)),
        max_size=4,
    ),
)
def test_the_generated_field_test_answers_like_the_field_tests(kind, changes) -> None:
    raw = _stored(kind)
    for name, value in changes.items():
        if value is _DELETE:
            raw.pop(name, None)
        else:
            raw[name] = value
    iso = TODAY.isoformat()
    assert validation._fields_clean(kind)(raw, iso) == _field_by_field(kind, raw, iso)


@pytest.mark.parametrize(
    "text", [" a", "a ", "a  b", "a\tb", "a\x00b", "\x00", "a\u3000b", "a\x85", "a\x1fb", ""]
)
@pytest.mark.parametrize("where", ["actor1", "location", "source"])
def test_every_text_flaw_is_caught_between_other_texts(text: str, where: str) -> None:
    raw = _stored(INCIDENT)
    raw.update({"actor2": "B", "country": "Syria", "admin2": "Maarrat"})
    assert validation._fields_clean(INCIDENT)(raw, TODAY.isoformat())
    raw[where] = text
    assert not validation._fields_clean(INCIDENT)(raw, TODAY.isoformat())
    assert not _field_by_field(INCIDENT, raw, TODAY.isoformat())


BAD_RECORDS = [
    (INCIDENT, {"event_date": "14/05/2019", "killed": "-3", "latitude": "35", "location": "x"}),
    (INCIDENT, {"event_date": "2019-02-30", "killed": "abc", "injured": 2.5, "location": "x"}),
    (INCIDENT, {"event_date": "2030-01-01", "killed": 10**9, "latitude": "95", "longitude": "200"}),
    (INCIDENT, {"event_date": "2019-01-01", "latitude": "nan", "longitude": "x", "notes": "\x01"}),
    (INCIDENT, {"event_date": "2019-01-01", "event_type": "Battles", "sub_event_type": "Grenade"}),
    (INCIDENT, {"time_precision": "year", "targets": "school;moon", "location": "y" * 300}),
    (INCIDENT, {"killed": True, "latitude": True, "bogus": 1, "targets": 5}),
    (DISPLACEMENT, {"report_date": "2019-05-10", "period_end": "2019-05-01", "individuals": 100,
                    "households": 10, "household_size": 5, "population_before": 50}),
    (DISPLACEMENT, {"report_date": "2019-05-10", "household_size": 80, "direction": "x",
                    "cause_incidents": "nope", "bogus": 1}),
    (DISPLACEMENT, {"report_date": "2019-05-10", "cause_incidents": 7, "direction": "arrived"}),
]  # fmt: skip


def test_every_error_and_warning_is_a_coded_message():
    """The window translates them by code (fieldapp/messages.py): a plain string here would
    send it back to matching English."""
    from fieldapp.messages import Message

    seen: set[str] = set()
    for kind, raw in BAD_RECORDS:
        checked = check(kind, raw, today=TODAY)
        for problem in [*checked.errors.values(), *checked.warnings.values()]:
            assert isinstance(problem, Message), (kind, raw, problem)
            assert problem == problem.template.format(**problem.params)
            seen.add(problem.code)
    assert len(seen) >= 20, sorted(seen)
