"""A small, realistic sample data set: 35 days of an offensive in north-west Syria.

Built from the story fieldapp was born from: airstrikes and shelling in Idlib governorate
hitting homes, schools and mosques (35 killed, 321 wounded), 70,000 of the 80,000 people
of the Khan Shaykhun area fleeing, and protests in Azaz and Al-Bab. Deterministic, so the
screenshots and tests see the same records every time.
"""

from __future__ import annotations

import datetime as dt
import random

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress, check
from fieldapp.store.database import Store

START = dt.date(2019, 4, 28)
DAYS = 35
KILLED, INJURED = 35, 321

# name, Arabic name, admin1, admin1 P-code, admin2, latitude, longitude
PLACES = [
    ("Khan Shaykhun", "خان شيخون", "Idleb", "SY07", "Maarrat An-Numan", 35.4417, 36.6481),
    ("Maarrat An-Numan", "معرة النعمان", "Idleb", "SY07", "Maarrat An-Numan", 35.6433, 36.6708),
    ("Kafr Nabl", "كفرنبل", "Idleb", "SY07", "Maarrat An-Numan", 35.6133, 36.5614),
    ("Ariha", "أريحا", "Idleb", "SY07", "Ariha", 35.8125, 36.6106),
    ("Saraqab", "سراقب", "Idleb", "SY07", "Idlib", 35.8622, 36.8039),
    ("Idlib", "إدلب", "Idleb", "SY07", "Idlib", 35.9306, 36.6339),
    ("Jisr Ash-Shugur", "جسر الشغور", "Idleb", "SY07", "Jisr Ash-Shugur", 35.8126, 36.3186),
    ("Al Habit", "الهبيط", "Idleb", "SY07", "Maarrat An-Numan", 35.4850, 36.5842),
    ("Kafr Zita", "كفرزيتا", "Hama", "SY05", "Muhradah", 35.3731, 36.6017),
]
SHELTER = [
    ("Atmeh", "أطمة", "Idleb", "SY07", "Harim", 36.2075, 36.6897),
    ("Sarmada", "سرمدا", "Idleb", "SY07", "Harim", 36.1797, 36.7225),
    ("Dana", "الدانا", "Idleb", "SY07", "Harim", 36.2136, 36.7764),
    ("Azaz", "أعزاز", "Aleppo", "SY02", "Azaz", 36.5866, 37.0464),
    ("Al Bab", "الباب", "Aleppo", "SY02", "Al Bab", 36.3706, 37.5158),
]
SOURCES = ["Field team", "Local council", "Civil defence", "Health directorate", "Eyewitness"]
ACTORS = ["Military forces of Syria", "Military forces of Russia"]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def incidents() -> list[dict[str, object]]:
    """The strikes, then the protests, then one attack on a camp (always in this order)."""
    return [*_strikes(random.Random(2019)), *_protests(), _camp_attack()]


def _strikes(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    strikes = 48
    killed, injured = _split(KILLED, strikes, rng), _split(INJURED, strikes, rng)
    for i in range(strikes):
        place = PLACES[i % len(PLACES)] if i % 3 else PLACES[0]
        name, arabic, admin1, pcode, admin2, lat, lon = place
        sub = "Air/drone strike" if i % 2 == 0 else "Shelling/artillery/missile attack"
        targets = [
            rng.choice(
                [
                    "residential",
                    "residential",
                    "school",
                    "mosque",
                    "market",
                    "hospital",
                    "bakery",
                    "farmland",
                ]
            )
        ]
        if i % 7 == 0:
            targets.append("school")
        rows.append(
            {
                "event_date": (START + dt.timedelta(days=i * DAYS // strikes)).isoformat(),
                "time_precision": "day",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": sub,
                "actor1": ACTORS[i % 5 == 0],
                "actor2": "Civilians (Syria)",
                "country": "Syria",
                "admin1": admin1,
                "admin1_pcode": pcode,
                "admin2": admin2,
                "location": name if i % 4 else f"{name} - {arabic}",
                "latitude": round(lat + rng.uniform(-0.012, 0.012), 5),
                "longitude": round(lon + rng.uniform(-0.012, 0.012), 5),
                "geo_precision": 1 if i % 5 else 2,
                "killed": killed[i],
                "injured": injured[i],
                "targets": targets,
                "source": rng.choice(SOURCES),
                "notes": _note(sub, targets, name, arabic, i),
            }
        )
    return rows


def _protests() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i, (name, arabic, admin1, pcode, admin2, lat, lon) in enumerate(SHELTER[3:]):
        for week in range(2):
            rows.append(
                {
                    "event_date": (START + dt.timedelta(days=12 + 14 * week + i)).isoformat(),
                    "time_precision": "day",
                    "event_type": "Protests",
                    "sub_event_type": "Peaceful protest",
                    "actor1": "Protesters (Syria)",
                    "country": "Syria",
                    "admin1": admin1,
                    "admin1_pcode": pcode,
                    "admin2": admin2,
                    "location": name,
                    "latitude": lat,
                    "longitude": lon,
                    "geo_precision": 1,
                    "killed": 0,
                    "injured": 0,
                    "source": "Field team",
                    "notes": f"People gathered in {name} ({arabic}) against the bombardment of "
                    "southern Idlib and in solidarity with the displaced.",
                }
            )
    return rows


def _camp_attack() -> dict[str, object]:
    return {
        "event_date": (START + dt.timedelta(days=20)).isoformat(),
        "time_precision": "week",
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "actor1": "Unidentified armed group (Syria)",
        "actor2": "Civilians (Syria)",
        "country": "Syria",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "admin2": "Harim",
        "location": "Sarmada",
        "latitude": 36.1797,
        "longitude": 36.7225,
        "geo_precision": 2,
        "killed": 0,
        "injured": 0,
        "targets": ["camp"],
        "source": "Camp management",
        "notes": "Shots fired at a displacement camp entrance at night; no casualties.",
    }


def _note(sub: str, targets: list[str], name: str, arabic: str, i: int) -> str:
    what = "Airstrike" if sub.startswith("Air") else "Shelling"
    hit = " and ".join(t.replace("_", " ") for t in targets)
    if i % 6 == 1:
        return (
            f"قصف على {arabic} أصاب {('مدرسة' if 'school' in targets else 'منازل')} (تقرير ميداني)"
        )
    return f"{what} hit {hit} in {name}. Casualty figures from the local health directorate."


def displacements() -> list[dict[str, object]]:
    """Departures from Khan Shaykhun, arrivals in the camps and towns, those still present."""
    return [*_departures(), *_arrivals(), *_present()]


def _departures() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    khan = PLACES[0]
    # Weekly departure counts from Khan Shaykhun: 70,000 of its 80,000 people in 35 days.
    weekly = [
        (0, 6, 9_500),
        (7, 13, 14_000),
        (14, 20, 21_500),
        (21, 27, 15_000),
        (28, DAYS - 1, 10_000),
    ]
    for first, last, people in weekly:
        final = last == DAYS - 1
        rows.append(
            {
                "report_date": (START + dt.timedelta(days=first)).isoformat(),
                "period_end": (START + dt.timedelta(days=last)).isoformat(),
                "direction": "departed",
                "country": "Syria",
                "admin1": khan[2],
                "admin1_pcode": khan[3],
                "admin2": khan[4],
                "location": khan[0],
                "latitude": khan[5],
                "longitude": khan[6],
                "individuals": people,
                "households": people // 5,
                "household_size": 5,
                "population_before": 80_000,
                "cause": "Airstrikes and shelling on homes, schools and mosques",
                "source": "Local council" if final else "Field team",
                "destination_admin1": "Idleb",
                "destination_location": "Atmeh, Sarmada and Dana camps",
                "notes": "By now 70,000 of the 80,000 people of the Khan Shaykhun area have "
                "fled, in 35 days."
                if final
                else None,
            }
        )
    return rows


def _arrivals() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    arrivals = [
        (SHELTER[0], 26_000),
        (SHELTER[1], 21_000),
        (SHELTER[2], 12_500),
        (SHELTER[3], 6_000),
        (SHELTER[4], 4_500),
    ]
    for (name, arabic, admin1, pcode, admin2, lat, lon), people in arrivals:
        rows.append(
            {
                "report_date": (START + dt.timedelta(days=DAYS - 2)).isoformat(),
                "direction": "arrived",
                "country": "Syria",
                "admin1": admin1,
                "admin1_pcode": pcode,
                "admin2": admin2,
                "location": name,
                "latitude": lat,
                "longitude": lon,
                "individuals": people,
                "households": round(people / 5.2),
                "household_size": 5.2,
                "origin_location": "Khan Shaykhun",
                "origin_admin1": "Idleb",
                "cause": "Fled bombardment of southern Idlib",
                "source": "Camp management",
                "notes": f"وصول عائلات نازحة إلى {arabic}",
            }
        )
    return rows


def _present() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for (name, _arabic, admin1, pcode, admin2, lat, lon), people in [
        (PLACES[1], 35_000),
        (PLACES[3], 12_000),
    ]:
        rows.append(
            {
                "report_date": (START + dt.timedelta(days=DAYS - 3)).isoformat(),
                "direction": "present",
                "country": "Syria",
                "admin1": admin1,
                "admin1_pcode": pcode,
                "admin2": admin2,
                "location": name,
                "latitude": lat,
                "longitude": lon,
                "individuals": people,
                "households": people // 5,
                "household_size": 5,
                "source": "Local council",
            }
        )
    return rows


def load_demo(
    store: Store, progress: Progress | None = None, cancelled: CancelFlag | None = None
) -> tuple[int, int]:
    """Load the sample into an empty database in one transaction (a cancel rolls it back)."""
    if store.revision_count():
        raise FieldappError(Message("demo.database_not_empty"))
    with store.transaction():
        check(cancelled)
        inc = store.add_many(INCIDENT, incidents())
        check(cancelled)
        dis = store.add_many(DISPLACEMENT, displacements())
        check(cancelled)
    if progress:
        progress(len(inc) + len(dis), len(inc) + len(dis))
    return len(inc), len(dis)
