"""The bundle manifest checked against its published JSON Schema (Draft 2020-12).

The schema (resources/schemas/bundle-manifest.schema.json, packaged with fieldapp; its
copy in docs/ is the published one and a test keeps the two identical) is the contract a
third party writing or reading bundles can rely on. The reader's own checks
(fieldapp.sync.bundle.manifest) run first and keep their specific messages; this check
runs after them, so a manifest that passes every check also follows the schema, and the
schema cannot drift from what fieldapp accepts without a test saying so.

One difference from a stock validator: an "integer" is a JSON integer token. JSON Schema
calls 1.0 an integer; fieldapp's reader refuses it (a sequence of 1.0 is a forgery or a
bug, never fieldapp's), so this validator does too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from fieldapp.messages import Message
from fieldapp.paths import resource
from fieldapp.sync.errors import BundleError

SCHEMA = ("schemas", "bundle-manifest.schema.json")
_KEY_SHOWN = 40  # a key from the bundle, shortened in the message
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _json_integer(_checker: object, instance: object) -> bool:
    return type(instance) is int


def _json_number(_checker: object, instance: object) -> bool:
    return type(instance) in (int, float)


def schema() -> dict[str, Any]:
    """The manifest schema as published."""
    data: dict[str, Any] = json.loads(resource(*SCHEMA).read_text(encoding="utf-8"))
    return data


@cache
def validator() -> Draft202012Validator:
    """Built once per process, its $refs written out in place (_inline): each check
    afterwards walks the manifest only. jsonschema resolving a $ref costs as much as the
    check it leads to, once per device listed: half the time of a 1,000-device manifest."""
    checker = Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _json_integer, "number": _json_number}
    )
    strict = validators.extend(Draft202012Validator, type_checker=checker)
    published = schema()
    return strict(_inline(published, published.get("$defs", {})))  # type: ignore[no-any-return]


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with every {"$ref": "#/$defs/NAME", ...} replaced by the definition, its
    siblings added beside it (allOf when both constrain the same keyword): the same
    verdicts, without the lookups."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    own = {k: _inline(v, defs) for k, v in node.items() if k not in ("$ref", "$defs")}
    ref = node.get("$ref")
    if not (isinstance(ref, str) and ref.startswith("#/$defs/")):
        return own
    target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
    if any(k in target for k in own if k != "description"):
        return {"allOf": [target, own]}
    return {**target, **own}


def check_manifest_schema(manifest: object, name: str) -> None:
    """Refuse the bundle `name` (BundleError bundle.manifest_schema) at the first place
    its manifest breaks the schema, named by its JSON path ($.devices[0].fingerprint)."""
    error = next(iter(validator().iter_errors(manifest)), None)
    if error is None:
        return
    where, rule = _describe(error)
    raise BundleError(Message("bundle.manifest_schema", file=name, entry=where, text=rule))


def _describe(error: ValidationError) -> tuple[str, str]:
    """(JSON path, what the schema asks there), in words made from the schema only: the
    bundle's values are never quoted (they may be megabytes, or hostile); only a key it
    added or lacks is named, shortened."""
    path: list[str | int] = list(error.absolute_path)
    value, keyword = error.validator_value, str(error.validator)
    if keyword == "required" and isinstance(error.instance, dict):
        missing = next(k for k in value if k not in error.instance)
        return json_path([*path, missing]), "is missing"
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        extra = sorted(k for k in error.instance if k not in known)[0]
        return json_path([*path, extra[:_KEY_SHOWN]]), "is not allowed here"
    words = {
        "type": lambda: f"must be {_a(value)}",
        "const": lambda: f"must be {json.dumps(value)}",
        "pattern": lambda: f"must match {value}",
        "minLength": lambda: f"must be at least {value} characters long",
        "maxLength": lambda: f"must be at most {value} characters long",
        "minimum": lambda: f"must be at least {value}",
        "maximum": lambda: f"must be at most {value}",
        "maxItems": lambda: f"must hold at most {value:,} items",
        "anyOf": lambda: "must be null or a timestamp (YYYY-MM-DDTHH:MM:SS.mmmZ)",
    }
    rule = words.get(keyword, lambda: f"breaks the schema's {keyword!r} rule")()
    return json_path(path), rule


def _a(types: str | Iterable[str]) -> str:
    names = [types] if isinstance(types, str) else list(types)
    article = {"integer": "an integer", "object": "an object", "array": "an array"}
    return " or ".join(article.get(t, f"a {t}") for t in names)


def json_path(path: Iterable[str | int]) -> str:
    """$.files['revisions.csv'].size: names as they are, other keys quoted (as in RFC
    9535's normalized paths), indexes in brackets."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            out += f".{part}"
        else:
            out += "['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return out
