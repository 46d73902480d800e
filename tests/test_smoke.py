from fieldapp.domain.fields import INCIDENT


def test_demo_store_has_records(demo_store):
    assert demo_store.count(INCIDENT) > 40


def test_version(cli):
    result = cli("--version")
    assert result.code == 0
    assert "fieldapp" in result.out
