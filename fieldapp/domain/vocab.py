"""Controlled vocabularies.

Stored values are the English ACLED codebook terms (so exports line up with the data
analysts already use); labels are for display and go through translation in the UI.
"""

from __future__ import annotations

# ACLED event types -> sub-event types (ACLED codebook, 2023 edition).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
        "Chemical weapon",
    ),
    "Violence against civilians": (
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in EVENT_TYPES.values() for s in subs)

# What was hit. Stored as these codes; several per incident.
TARGETS: dict[str, str] = {
    "residential": "Residential building",
    "school": "School",
    "mosque": "Mosque",
    "church": "Church",
    "hospital": "Hospital",
    "health_facility": "Health facility",
    "market": "Market",
    "bakery": "Bakery",
    "camp": "Displacement camp",
    "shelter": "Shelter",
    "water": "Water facility",
    "power": "Power facility",
    "road": "Road or bridge",
    "farmland": "Farmland",
    "vehicle": "Vehicle",
    "government": "Government building",
    "military": "Military position",
    "other": "Other",
}

# DTM-style direction of a displacement count.
DIRECTIONS: dict[str, str] = {
    "departed": "Departed from this place",
    "arrived": "Arrived at this place",
    "present": "Present at this place",
}

TIME_PRECISION: dict[str, str] = {
    "day": "Exact day",
    "week": "Within a week",
    "month": "Within a month",
}

# ACLED geo_precision: 1 exact place, 2 near / part of a region, 3 only the wider region.
GEO_PRECISION: dict[int, str] = {
    1: "Exact location",
    2: "Near the location",
    3: "Within the region",
}


def event_type_of(sub_event_type: str) -> str | None:
    for event_type, subs in EVENT_TYPES.items():
        if sub_event_type in subs:
            return event_type
    return None
