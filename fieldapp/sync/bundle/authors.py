"""Who wrote each revision of a bundle: its author's signature over its id, checked
against the author's certificate from the signed manifest (the signer's own, and in
`devices` every other author's whose revisions the bundle relays).

A bundle's signature proves who sent it; these prove who wrote what it carries, so a
coordinator relaying a field worker's revisions cannot alter them or write new ones in
the worker's name, and a field worker cannot write history in a coordinator's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import ec

from fieldapp.domain.display import safe_text
from fieldapp.messages import Message
from fieldapp.store import signing
from fieldapp.sync.errors import BundleError

if TYPE_CHECKING:
    from fieldapp.sync.bundle.rows import _Row


class Authors:
    """The authors' keys a manifest carries, each parsed on its first revision."""

    def __init__(self, manifest: dict[str, Any]):
        author = manifest["author"]
        self._certs = {author["fingerprint"]: (author["certificate"], author["name"])}
        for device in manifest["devices"]:
            self._certs[device["fingerprint"]] = (device["certificate"], device["name"])
        self._keys: dict[str, ec.EllipticCurvePublicKey] = {}

    def check(self, r: _Row) -> None:
        """Refuse `r` unless its signature is its author's over its id."""
        key = self._keys.get(r.device)
        if key is None:
            cert, _name = self._certs.get(r.device, ("", ""))
            found = signing.public_key(cert) if cert else None
            if found is None:
                raise BundleError(
                    Message(
                        "revision.author_unknown",
                        line=r.line,
                        revision=r.id[:12],
                        id=r.device[:12],
                    )
                )
            key = self._keys[r.device] = found
        if not signing.check(key, r.id, r.signature):
            raise BundleError(
                Message(
                    "revision.signature_invalid",
                    line=r.line,
                    revision=r.id[:12],
                    name=safe_text(self._certs[r.device][1]),
                    id=r.device[:12],
                )
            )
