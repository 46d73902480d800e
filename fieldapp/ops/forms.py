"""Publishing fieldapp's forms for other tools: the XLSForm a KoboToolbox or ODK partner
collects with (fieldapp.interchange.xlsform says what is in it)."""

from __future__ import annotations

from pathlib import Path

from fieldapp.interchange import xlsform

FORMS = xlsform.FORMS


def publish_xlsform(out: Path, form: str | None = None) -> dict[str, Path]:
    """Write the XLSForm of `form`, or of both forms (see xlsform.paths_for for the names);
    kind -> the file written."""
    targets = xlsform.paths_for(Path(out), form)
    for kind, path in targets.items():
        xlsform.write(kind, path)
    return targets
