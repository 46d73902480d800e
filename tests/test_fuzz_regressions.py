"""The bundle fuzz target's stored cases, replayed in CI (tests/fuzz, issue 14).

Every file in tests/fuzz/corpus (raw fuzz inputs) and tests/fuzz/crashes (crash recipes,
JSON) goes through the property the fuzzer checks (tests/fuzz/fuzz_check.py): verify and
merge either succeed or refuse with one coded line, the database unchanged after a
refusal, consistent after a merge, nothing left behind, in bounded time.

A recipe whose bug is not fixed yet carries "xfail" (why) and "crash" (its signature): its
test expects exactly that crash (strict), so main stays green; when the bug is fixed the
test passes, is reported XPASS(strict) and fails until the "xfail" key is removed.

The seeds are made from the current code when the tests start, so these tests also say
whether the target still reaches past the signatures after a format change
(test_valid_edits_are_accepted).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FUZZ = Path(__file__).resolve().parent / "fuzz"
sys.path.insert(0, str(FUZZ))

import fuzz_check  # noqa: E402
import fuzz_recipe  # noqa: E402
import fuzz_world  # noqa: E402
from fuzz_bundle import load_case, signature  # noqa: E402


class KnownCrash(Exception):
    """The crash a recipe's "xfail" expects (any other failure fails the test)."""


def _known() -> dict[str, str]:
    """The crashes not fixed yet (their kind: why), from the recipes marked "xfail"."""
    known = {}
    for path in (FUZZ / "crashes").glob("*.json"):
        recipe = json.loads(path.read_text(encoding="utf-8"))
        if recipe.get("xfail") and recipe.get("crash"):
            known[_kind(recipe["crash"])] = recipe["xfail"]
    return known


def _stored() -> list[Any]:
    params = []
    for folder in ("corpus", "crashes"):
        for path in sorted((FUZZ / folder).iterdir()):
            if path.name.startswith(".") or path.suffix in (".md", ".input"):
                continue
            marks: Any = ()
            if path.suffix == ".json":
                recipe = json.loads(path.read_text(encoding="utf-8"))
                if recipe.get("xfail"):
                    why = recipe["xfail"]
                    marks = pytest.mark.xfail(strict=True, raises=KnownCrash, reason=why)
            params.append(pytest.param(path, marks=marks, id=f"{folder}/{path.name}"))
    return params


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fuzz_world.World]:
    built = fuzz_world.build_world(tmp_path_factory.mktemp("fuzz-world"))
    yield built
    fuzz_world.remove_world(built)


def _kind(crash: str) -> str:
    """A crash signature without where it happened (the code may move; the bug is the same)."""
    return crash.split(" at ")[0][:60]


@pytest.mark.parametrize("path", _stored())
def test_stored_case_holds(world: fuzz_world.World, path: Path):
    kind, case = load_case(path)
    recipe = case if kind == "recipe" else fuzz_recipe.decode(world, case)
    try:
        fuzz_check.check_recipe(world, recipe)
    except Exception as exc:
        expected = case.get("crash") if kind == "recipe" and case.get("xfail") else None
        if expected and _kind(signature(exc)) == _kind(expected):
            raise KnownCrash(f"{signature(exc)}: {exc}") from exc
        known = _known().get(_kind(signature(exc)))
        if expected is None and known:
            # A corpus input's edits land on other rows in another world (record ids are
            # random): one may meet a known bug; its own recipe's test is the strict one.
            pytest.xfail(f"a known crash, not fixed yet: {known}")
        raise


def test_every_stored_folder_has_cases():
    assert len(list((FUZZ / "corpus").iterdir())) >= 10
    assert list((FUZZ / "crashes").glob("*.json"))


def _recipe(seed: str, target: str, *ops: dict[str, Any]) -> dict[str, Any]:
    return {"seed": seed, "target": target, "sign": "own", "hashes": True, "counts": True,
            "ops": list(ops)}  # fmt: skip


EDIT_KILLED = {"op": "data", "kind": "incident", "row": 1, "key": "killed", "value": 5}
EDIT_INJURED = {"op": "data", "kind": "incident", "row": 1, "key": "injured", "value": 7}
NEW_CHILD = {"op": "child", "row": 1, "key": "notes", "value": "later", "seconds": 1,
             "deleted": False}  # fmt: skip


@pytest.mark.parametrize(
    "recipe",
    [
        _recipe("field-full", "empty"),
        _recipe("relay-full", "merged-first"),
        _recipe("field-full", "empty", EDIT_KILLED),
        _recipe("field-incremental", "merged-first", EDIT_INJURED),
        _recipe("relay-full", "merged-first", NEW_CHILD),
    ],
    ids=["plain", "relay", "edited", "incremental-edited", "new-child"],
)
def test_valid_edits_are_accepted(world: fuzz_world.World, recipe: dict[str, Any]):
    """The target's structured edits (ids recomputed, revisions and manifest re-signed,
    record rows following) make bundles fieldapp accepts: the fuzzer's inputs reach the
    checks behind the signatures. If this fails after a format change, the format adapter
    in tests/fuzz/fuzz_apply.py needs the change too."""
    outcome = fuzz_check.check_recipe(world, recipe)
    assert (outcome.verify, outcome.merge) == ("accepted", "merged")


def test_a_crash_is_caught(world: fuzz_world.World):
    """The property itself: a refusal that changed the database is a crash."""
    with pytest.raises(fuzz_check.Crash, match="changed the database"):
        broken = dict(world.dumps)
        world.dumps = {name: "something else" for name in broken}
        try:
            fuzz_check.check_recipe(
                world, _recipe("field-full", "empty", {"op": "zdrop", "entry": "manifest.sig"})
            )
        finally:
            world.dumps = broken
