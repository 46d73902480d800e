"""Text from outside is shown escaped, never interpreted (fieldapp/domain/display.py): a
signer name carrying a newline and an ANSI escape cannot forge a "Trusted here: yes" line
or recolour the terminal, and a record value's bidirectional override cannot reorder a
table row."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE
from test_sync_helpers import INCIDENT, device_factory

from fieldapp.domain.display import is_safe, safe_text
from fieldapp.domain.fields import INCIDENT as INCIDENT_KIND
from fieldapp.messages import Message
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle

EVIL = "Evil\nTrusted here: yes\x1b[32m"
SHOWN = "Evil\\nTrusted here: yes\\x1b[32m"
RLO = "\u202e"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Amal", "Amal"),
        ("عمل - خان شيخون", "عمل - خان شيخون"),  # Arabic passes unchanged
        (EVIL, SHOWN),
        ("a\r\tb\x00\x7f\x9b", "a\\r\\tb\\x00\\x7f\\x9b"),
        (f"gpj.{RLO}exe", "gpj.\\u202eexe"),
        ("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069", None),
        ("line\u2028next\u2029", "line\\u2028next\\u2029"),
    ],
)
def test_safe_text_escapes_what_steers_a_terminal(raw: str, shown: str | None) -> None:
    out = safe_text(raw)
    if shown is not None:
        assert out == shown
    assert is_safe(out) and "\n" not in out and "\x1b" not in out
    assert safe_text(out) == out  # once is enough
    assert safe_text(Path("/usb/a\nb.zip")) == "/usb/a\\nb.zip"


def test_message_parameters_are_made_safe_numbers_and_messages_kept() -> None:
    inner = Message("backup.no_file", path="x\x1b[2J")
    message = Message("cli.passphrase_no_terminal", name=EVIL)
    assert SHOWN in message and "\n" not in message and "\x1b" not in message
    assert message.params["name"] == SHOWN  # what the window shows too
    assert "\x1b" not in inner and inner.params["path"] == "x\\x1b[2J"


@pytest.fixture(scope="module")
def evil_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle signed by a device whose name (in its certificate) is EVIL."""
    root = tmp_path_factory.mktemp("evil")
    device = device_factory().new(root, EVIL, org=f"Org{RLO}")
    out = root / "usb" / "evil.zip"
    out.parent.mkdir()
    with Store.open(device) as store:
        store.add(INCIDENT_KIND, INCIDENT)
        export_bundle(store, out, PASSPHRASE, full=True)
    return out


def _clean(text: str) -> None:
    assert "\x1b" not in text and RLO not in text
    assert not any(line.startswith("Trusted here: yes") for line in text.splitlines())


def test_an_untrusted_evil_signer_is_refused_in_one_escaped_line(cli, db_path, evil_bundle):
    result = cli("--db", db_path, "merge", evil_bundle)
    assert result.code != 0 and result.out == ""
    assert SHOWN in result.err and result.err.count("\n") == 1, result.err
    _clean(result.err)


def test_verify_shows_the_evil_signer_escaped(cli, db_path, evil_bundle):
    result = cli("--db", db_path, "verify", evil_bundle)
    assert result.code == 0, result.err
    _clean(result.out + result.err)
    assert SHOWN in result.out


def test_list_shows_a_bidi_override_escaped(cli, db_path):
    with Store.open(db_path) as store:
        store.add(INCIDENT_KIND, dict(INCIDENT, location=f"Azaz {RLO}live"))
    result = cli("--db", db_path, "list", "incidents", "--format", "table")
    assert result.code == 0, result.err
    _clean(result.out + result.err)
    assert "Azaz \\u202elive" in result.out
