"""What an operation changed, so that the window refreshes only the views that show it
(in the manner of Anki's OpChanges).

Every function in `fieldapp.ops` returns a result carrying a `Changes`; the job runner in
the UI announces it and each view asks `changes.touches(...)` about what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Changes:
    records: frozenset[str] = field(default_factory=frozenset)  # kinds whose rows changed
    devices: bool = False  # this device's identity, the device list or trust
    bundles: bool = False  # the bundle log and export marks (what is left to send)
    duplicates: bool = False  # duplicate candidates or decisions
    settings: bool = False  # stored settings (map tiles, preferences)
    places: bool = False  # the places register (a COD-AB loaded or received in a bundle)

    @classmethod
    def of_records(cls, *kinds: str) -> Changes:
        return cls(records=frozenset(kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            records=self.records | other.records,
            devices=self.devices or other.devices,
            bundles=self.bundles or other.bundles,
            duplicates=self.duplicates or other.duplicates,
            settings=self.settings or other.settings,
            places=self.places or other.places,
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches_records(self, kind: str | None = None) -> bool:
        """Rows of `kind` (of any kind when None) changed."""
        return bool(self.records) if kind is None else kind in self.records


NOTHING = Changes()
EVERYTHING = Changes(
    records=frozenset({"incident", "displacement"}),
    devices=True,
    bundles=True,
    duplicates=True,
    settings=True,
    places=True,
)
