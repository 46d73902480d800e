"""Coverage-guided fuzz target for the bundle reader (issue 14): see tests/fuzz/README.md.

    .venv/bin/python tests/fuzz/fuzz_bundle.py -atheris_runs=100000      # fuzz (Atheris)
    .venv/bin/python tests/fuzz/fuzz_bundle.py -max_total_time=3600      # fuzz for an hour
    .venv/bin/python tests/fuzz/fuzz_bundle.py --explain FILE            # an input's recipe
    .venv/bin/python tests/fuzz/fuzz_bundle.py --replay FILE...          # check inputs again
    .venv/bin/python tests/fuzz/fuzz_bundle.py --hypothesis 20000        # without Atheris

The fuzz bytes choose a structured mutation of a valid bundle made at start from the current
code (fuzz_recipe), the bundle is built and re-signed with its author's key (fuzz_apply), and
verify and merge must either succeed or refuse with one coded line, leaving the database as
it was (fuzz_check). Unless given, the working corpus is tests/fuzz/work/corpus (seeded
from tests/fuzz/corpus) and crashes are written to tests/fuzz/work/.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
WORK = HERE / "work"
DEFAULTS = {
    "-timeout": "60",  # a hang: seconds for one input
    "-rss_limit_mb": "3072",  # a memory blow-up
    "-max_len": "512",  # a recipe needs a few dozen bytes
    "-artifact_prefix": f"{WORK}/",
    "-print_final_stats": "1",
    "-len_control": "0",  # recipes need their bytes from the start
}


def _import_target(instrument: bool) -> Any:
    """fieldapp's modules imported under Atheris' coverage instrumentation (when fuzzing)."""
    if instrument:
        import atheris

        with atheris.instrument_imports(include=["fieldapp"]):
            import fuzz_check
            import fuzz_recipe
            import fuzz_world

            import fieldapp.sync.merge
            import fieldapp.sync.verify  # noqa: F401
    else:
        import fuzz_check
        import fuzz_recipe
        import fuzz_world
    return fuzz_world, fuzz_recipe, fuzz_check


def load_case(path: Path) -> tuple[str, Any]:
    """A stored case: a recipe (.json) or raw fuzz bytes (anything else)."""
    if path.suffix == ".json":
        return "recipe", json.loads(path.read_text(encoding="utf-8"))
    return "bytes", path.read_bytes()


def _explain(paths: list[str]) -> int:
    fuzz_world, fuzz_recipe, _ = _import_target(False)
    world = fuzz_world.build_world()
    for name in paths:
        kind, case = load_case(Path(name))
        recipe = case if kind == "recipe" else fuzz_recipe.decode(world, case)
        print(json.dumps(recipe, ensure_ascii=True, indent=1))
    return 0


def _replay(paths: list[str]) -> int:
    fuzz_world, fuzz_recipe, fuzz_check = _import_target(False)
    world = fuzz_world.build_world()
    failed = 0
    for name in paths:
        kind, case = load_case(Path(name))
        recipe = case if kind == "recipe" else fuzz_recipe.decode(world, case)
        try:
            outcome = fuzz_check.check_recipe(world, recipe)
            print(f"ok     {name}: {outcome.verify} / {outcome.merge}")
        except Exception:
            failed += 1
            print(f"CRASH  {name}:")
            traceback.print_exc()
    return 1 if failed else 0


def _hypothesis(examples: int) -> int:
    """Without Atheris: the same target over Hypothesis' bytes, its examples database in
    tests/fuzz/work/hypothesis (failures found once are tried first next time)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from hypothesis.database import DirectoryBasedExampleDatabase

    fuzz_world, fuzz_recipe, fuzz_check = _import_target(False)
    world = fuzz_world.build_world()

    @settings(
        max_examples=examples,
        deadline=None,
        database=DirectoryBasedExampleDatabase(str(WORK / "hypothesis")),
        suppress_health_check=list(HealthCheck),
    )
    @given(st.binary(max_size=512))
    def target(data: bytes) -> None:
        fuzz_check.check_recipe(world, fuzz_recipe.decode(world, data))

    target()
    return 0


def signature(exc: BaseException) -> str:
    """What tells one crash from another: the property broken, or the exception's type and
    the innermost fieldapp frame it came from."""
    if type(exc).__name__ == "Crash":
        return "Crash: " + re.sub(r"[0-9]+|'.*?'|\(.*?\)", "#", str(exc))[:80]
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/fieldapp/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].name}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def _minimize(paths: list[str]) -> int:
    """Each crashing case cut down to the fewest edits that still crash the same way,
    written beside it as NAME.min.json."""
    fuzz_world, fuzz_recipe, fuzz_check = _import_target(False)
    world = fuzz_world.build_world()

    def crash_of(recipe: dict[str, Any]) -> str | None:
        try:
            fuzz_check.check_recipe(world, recipe)
        except Exception as exc:
            return signature(exc)
        return None

    for name in paths:
        kind, case = load_case(Path(name))
        recipe = case if kind == "recipe" else fuzz_recipe.decode(world, case)
        wanted = crash_of(recipe)
        if wanted is None:
            print(f"{name}: does not crash")
            continue
        for simpler in ({"sign": "own"}, {"hashes": True}, {"counts": True}):
            if crash_of({**recipe, **simpler}) == wanted:
                recipe = {**recipe, **simpler}
        i = 0
        while i < len(recipe["ops"]):
            fewer = {**recipe, "ops": recipe["ops"][:i] + recipe["ops"][i + 1 :]}
            if crash_of(fewer) == wanted:
                recipe = fewer
            else:
                i += 1
        out = Path(name).with_suffix(".min.json")
        out.write_text(json.dumps(recipe, ensure_ascii=True, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {wanted}\n  -> {out}")
    return 0


def _fuzz(argv: list[str]) -> int:
    """libFuzzer through Atheris. Unless --stop-on-crash is given, a crash is recorded in
    tests/fuzz/work/crashes (one recipe per distinct signature) and fuzzing goes on, so
    one run finds every bug it can, not only the first."""
    import atheris

    stop = "--stop-on-crash" in argv
    argv = [a for a in argv if a != "--stop-on-crash"]
    fuzz_world, fuzz_recipe, fuzz_check = _import_target(True)
    world = fuzz_world.build_world()
    WORK.mkdir(exist_ok=True)
    crashes = WORK / "crashes"
    crashes.mkdir(exist_ok=True)
    seen: set[str] = set()
    given = {a.split("=", 1)[0] for a in argv[1:] if a.startswith("-")}
    args = [argv[0], *(f"{k}={v}" for k, v in DEFAULTS.items() if k not in given), *argv[1:]]
    if not any(not a.startswith("-") for a in argv[1:]):  # no corpus folder given
        (WORK / "corpus").mkdir(exist_ok=True)
        args += [str(WORK / "corpus"), str(HERE / "corpus")]

    def test_one_input(data: bytes) -> None:
        recipe = fuzz_recipe.decode(world, data)
        try:
            fuzz_check.check_recipe(world, recipe)
        except Exception as exc:
            sig = signature(exc)
            if stop:
                print("recipe:", json.dumps(recipe, ensure_ascii=True), file=sys.stderr)
                raise
            if sig not in seen:
                seen.add(sig)
                digest = hashlib.sha1(sig.encode()).hexdigest()[:10]
                (crashes / f"{digest}.json").write_text(
                    json.dumps({**recipe, "crash": sig}, ensure_ascii=True, indent=1),
                    encoding="utf-8",
                )
                (crashes / f"{digest}.input").write_bytes(data)
                print(f"\nCRASH #{len(seen)} {sig} -> {crashes}/{digest}.json", file=sys.stderr)
                traceback.print_exc()

    atheris.Setup(args, test_one_input)
    atheris.Fuzz()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--explain":
        return _explain(argv[2:])
    if len(argv) > 1 and argv[1] == "--replay":
        return _replay(argv[2:])
    if len(argv) > 1 and argv[1] == "--minimize":
        return _minimize(argv[2:])
    if len(argv) > 1 and argv[1] == "--hypothesis":
        return _hypothesis(int(argv[2]) if len(argv) > 2 else 10_000)
    return _fuzz(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
