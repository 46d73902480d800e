"""Checking who wrote what: every revision's signature against its author's certificate,
by author, and signing this device's own unsigned revisions (the migration path of the
revisions written before fieldapp signed them; an export does the same by itself)."""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.identity import authorship
from fieldapp.identity.authorship import BAD, NO_KEY, SIGNED, UNSIGNED, states

__all__ = [
    "BAD", "NO_KEY", "SIGNED", "UNSIGNED", "SignatureCensus", "check_signatures", "states",
]  # fmt: skip
from fieldapp.identity.keys import decrypt_private_key
from fieldapp.progress import Progress
from fieldapp.store import Store, signing


@dataclass(frozen=True)
class SignatureCensus:
    by_device: dict[str, dict[str, int]]  # device id -> authorship state -> revisions
    labels: dict[str, str]  # device id -> "name (organisation) 3f2a9c1e"
    own: str | None  # this database's device id
    signed_now: int = 0  # this device's revisions signed by this call

    def total(self, state: str) -> int:
        return sum(tally[state] for tally in self.by_device.values())


def check_signatures(
    store: Store, *, sign_with: str | None = None, progress: Progress | None = None
) -> SignatureCensus:
    """Count every revision's authorship state; with `sign_with` (the passphrase), first
    sign this device's unsigned revisions."""
    device = store.device()
    signed_now = 0
    if sign_with is not None:
        device = store.require_device()
        key = decrypt_private_key(device.private_key, sign_with)
        signing.remember(device.id, key)
        signed_now = signing.sign_unsigned(store, device.id, key)
    census = authorship.census(store, progress)
    labels = {d: store.device_label(d) for d in census}
    return SignatureCensus(census, labels, device.id if device else None, signed_now)
