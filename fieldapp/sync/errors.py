"""Problems with bundles that the person holding them can act on.

Each message says what is wrong with which file and what to do (usually: ask the sender
for a fresh bundle, or check the fingerprint with them). Exit codes let scripts tell a
damaged bundle (3) from an untrusted signer (4).
"""

from __future__ import annotations

from fieldapp.errors import FieldappError


class BundleError(FieldappError):
    """The bundle is damaged, tampered with, malformed or not a fieldapp bundle."""

    exit_code = 3


class UntrustedSigner(BundleError):
    """The bundle is intact but signed by a key this database does not trust (yet)."""

    exit_code = 4

    def __init__(self, message: str, fingerprint: str, name: str, organisation: str):
        super().__init__(message)
        self.fingerprint = fingerprint
        self.name = name
        self.organisation = organisation


class SealedBundleError(BundleError):
    """A sealed (age-encrypted) bundle this device cannot open."""


class NothingToExport(FieldappError):
    """An incremental export found no change since the last bundle."""

    exit_code = 0
