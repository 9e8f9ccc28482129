"""Evidence files at rest: sealed, randomly named, outside the web root; names made safe."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.services.crypto import CannotDecrypt, Sealer
from app.services.evidence.filenames import safe_filename
from app.services.evidence.storage import EvidenceStore, NoSuchFile
from app.settings import PROJECT_ROOT
from tests.services.evidence_support import minimal_pdf

SEALER = Sealer.from_secret("a-test-secret-of-enough-length")


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence", SEALER)


def test_a_stored_file_comes_back_unchanged(store: EvidenceStore) -> None:
    pdf = minimal_pdf()
    key = store.put(pdf)
    assert store.get(key) == pdf


def test_the_file_on_disk_is_encrypted_and_private(store: EvidenceStore) -> None:
    pdf = minimal_pdf()
    key = store.put(pdf)
    on_disk = store.root / key[:2] / key
    raw = on_disk.read_bytes()
    assert b"%PDF" not in raw and b"Tenancy agreement" not in raw
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o600
    assert stat.S_IMODE(on_disk.parent.stat().st_mode) == 0o700


def test_names_are_random_and_say_nothing_about_the_file(store: EvidenceStore) -> None:
    keys = {store.put(b"same bytes") for _ in range(20)}
    assert len(keys) == 20
    assert all(len(k) == 64 and set(k) <= set("0123456789abcdef") for k in keys)


def test_a_file_sealed_with_another_key_cannot_be_opened(store: EvidenceStore, tmp_path: Path) -> None:
    key = store.put(b"evidence")
    other = EvidenceStore(store.root, Sealer.from_secret("another-secret-of-enough-length"))
    with pytest.raises(CannotDecrypt):
        other.get(key)


def test_a_file_sealed_for_another_use_cannot_be_read_as_evidence(store: EvidenceStore) -> None:
    key = store.put(b"evidence")
    path = store.root / key[:2] / key
    path.write_bytes(SEALER.seal(b"an answer", context=b"claim-answer"))
    with pytest.raises(CannotDecrypt):
        store.get(key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "ab", "A" * 64, "0" * 63 + "/"])
def test_only_well_formed_keys_are_looked_up(store: EvidenceStore, key: str) -> None:
    with pytest.raises(NoSuchFile):
        store.get(key)


def test_deleting_removes_the_file(store: EvidenceStore) -> None:
    key = store.put(b"evidence")
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(NoSuchFile):
        store.get(key)
    store.delete(key)  # twice is harmless


def test_no_partial_files_are_left_behind(store: EvidenceStore) -> None:
    key = store.put(b"x" * 1000)
    assert [p.name for p in (store.root / key[:2]).iterdir()] == [key]


@pytest.mark.parametrize("served", ["static", "static/evidence", "templates"])
def test_evidence_is_never_stored_where_the_web_server_serves_files(served: str) -> None:
    with pytest.raises(ValueError):
        EvidenceStore(PROJECT_ROOT / served, SEALER)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("payslip.pdf", "payslip.pdf"),
        ("C:\\Users\\jane\\Documents\\P60 2025.pdf", "P60 2025.pdf"),
        ("/home/jane/rent.jpg", "rent.jpg"),
        ("\u202egpj.exe", "gpj.exe"),
        ("bad\x00name\n.jpg", "badname.jpg"),
        ("  ..  ", "file"),
        ("", "file"),
        (None, "file"),
        ("multiple    spaces.png", "multiple spaces.png"),
    ],
)
def test_file_names_are_made_safe(given: str | None, kept: str) -> None:
    assert safe_filename(given) == kept


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("x" * 300 + ".jpeg")
    assert len(name) == 100 and name.endswith(".jpeg")
