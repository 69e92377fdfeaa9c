"""The core's own key and certificate beside its database: made once and kept, readable by its
owner only, not an authority; a rotation's next one, the switch that waits for every paired
device and for the grace, and a damaged file named; `luot-core init` and `luot-core cert`."""

from __future__ import annotations

import json
import os
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from queue_core.cli import main
from queue_core.client.tls import pem_sha256
from queue_core.errors import TlsError
from queue_core.tls import ROTATION_GRACE, CertFolder, is_loopback
from tests.queue_core.conftest import SMALL_SITE

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def later(made_at: datetime) -> datetime:
    return made_at + ROTATION_GRACE + timedelta(seconds=1)


def test_a_certificate_is_made_once_and_kept(tmp_path: Path) -> None:
    folder = CertFolder.beside(tmp_path / "luot.db")
    made, fresh = folder.ensure("test-centre")
    assert fresh and made.path == tmp_path / "tls" / "core.pem"
    kept, again = folder.ensure("test-centre")
    assert not again and kept.sha256 == made.sha256
    assert made.sha256 == pem_sha256(made.pem)  # the core's fingerprint is the client's
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "tls").stat().st_mode & 0o777 == 0o700


def test_the_certificate_is_self_signed_for_this_machine_and_no_authority(tmp_path: Path) -> None:
    made, _ = CertFolder(tmp_path).ensure("test-centre")
    cert = x509.load_pem_x509_certificate(made.pem.encode())
    assert cert.issuer == cert.subject
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "127.0.0.1" in {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    # No expiry a device's wrong clock could trip on: the pin is what is checked.
    assert cert.not_valid_after_utc.year == 9999
    assert cert.not_valid_before_utc.year == 2000
    # What uvicorn loads: the certificate and its key from the one file.
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(made.path)


def test_two_certificates_are_told_apart_by_their_subject(tmp_path: Path) -> None:
    a, _ = CertFolder(tmp_path / "a").ensure("test-centre")
    b, _ = CertFolder(tmp_path / "b").ensure("test-centre")
    subject = [x509.load_pem_x509_certificate(c.pem.encode()).subject for c in (a, b)]
    assert a.sha256 != b.sha256 and subject[0] != subject[1]


def test_a_damaged_file_is_named_and_refused(tmp_path: Path) -> None:
    folder = CertFolder(tmp_path)
    made, _ = folder.ensure("test-centre")
    made.path.write_text("not a certificate")
    with pytest.raises(TlsError, match=r"core\.pem: not a certificate") as seen:
        folder.current()
    assert seen.value.code == "tls_unreadable"
    other, _ = CertFolder(tmp_path / "other").ensure("test-centre")
    mixed = other.pem + made.path.read_text()
    made.path.write_text(mixed)  # a certificate without its key
    with pytest.raises(TlsError):
        folder.current()


def test_an_unwritable_or_unreadable_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    # /proc takes no new folder, even from root
    with pytest.raises(TlsError, match="cannot write") as seen:
        CertFolder(Path("/proc/luot-test-tls")).ensure("test-centre")
    assert seen.value.code == "tls_unwritable" and "\n" not in seen.value.message
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(TlsError, match="cannot be read") as seen:
        CertFolder(blocked).ensure("test-centre")
    assert seen.value.code == "tls_unreadable"


def test_a_rotation_waits_for_every_paired_device_and_the_grace(tmp_path: Path) -> None:
    folder = CertFolder(tmp_path)
    with pytest.raises(TlsError, match="no certificate yet"):
        folder.rotate("test-centre")
    current, _ = folder.ensure("test-centre")
    with pytest.raises(TlsError, match="no next certificate waits"):
        folder.finish(NOW, {})
    upcoming = folder.rotate("test-centre")
    assert upcoming.sha256 != current.sha256 and folder.current() == current
    with pytest.raises(TlsError, match="waits already") as seen:
        folder.rotate("test-centre")
    assert seen.value.code == "next_certificate_waits"

    paired = {1: "Kiosk sảnh A", 2: "Bảng sảnh"}
    when = later(upcoming.made_at)
    with pytest.raises(TlsError, match=r"2 paired device\(s\).*'Kiosk sảnh A' \(1\)"):
        folder.finish(when, paired)
    folder.note_learned(upcoming.sha256, [1])
    with pytest.raises(TlsError, match=r"1 paired device\(s\).*'Bảng sảnh' \(2\)"):
        folder.finish(when, paired)
    folder.note_learned(upcoming.sha256, [2])
    assert folder.learned(upcoming.sha256) == {1, 2}
    with pytest.raises(TlsError, match="finish after") as seen:
        folder.finish(upcoming.made_at, paired)
    assert seen.value.code == "rotation_too_soon"

    switched = folder.finish(when, paired)
    assert switched.sha256 == upcoming.sha256 == folder.current().sha256  # type: ignore[union-attr]
    assert folder.next() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["core.pem"]  # the old key is gone


def test_force_switches_at_once_and_an_old_record_counts_for_nothing(tmp_path: Path) -> None:
    folder = CertFolder(tmp_path)
    folder.ensure("test-centre")
    first = folder.rotate("test-centre")
    folder.note_learned(first.sha256, [1])
    folder.finish(NOW, {1: "Kiosk"}, force=True)
    second = folder.rotate("test-centre")
    assert folder.learned(second.sha256) == set()  # learning the first one is not the second
    with pytest.raises(TlsError, match="Kiosk"):
        folder.finish(later(second.made_at), {1: "Kiosk"})


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.53", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("core.local", False),
    ],
)
def test_what_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_init_makes_the_certificate_and_cert_shows_and_rotates_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SMALL_SITE, encoding="utf-8")
    db = str(tmp_path / "luot.db")
    assert main(["--db", db, "init", str(site)]) == 0
    made = CertFolder.beside(Path(db)).current()
    assert made is not None and made.sha256[:4] in capsys.readouterr().out
    assert main(["--db", db, "init", str(site)]) == 0  # again: the same certificate kept
    assert "kept" in capsys.readouterr().out
    assert CertFolder.beside(Path(db)).current() == made

    assert main(["--db", db, "cert", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["cert_sha256"] == made.sha256 and shown["next_sha256"] is None
    assert main(["--db", db, "cert", "rotate", "--json"]) == 0
    upcoming = json.loads(capsys.readouterr().out)["next_sha256"]
    assert main(["--db", db, "cert"]) == 0
    text = capsys.readouterr().out
    assert "learned by 0 of 0 paired devices" in text and upcoming[:4] in text
    assert main(["--db", db, "cert", "--finish"]) == 2
    assert "go with `cert rotate`" in capsys.readouterr().err
    at = later(datetime.now(UTC)).isoformat()
    assert main(["--db", db, "--at", at, "cert", "rotate", "--finish"]) == 0
    assert CertFolder.beside(Path(db)).current().sha256 == upcoming  # type: ignore[union-attr]


def test_a_rotation_run_as_root_leaves_the_files_to_the_folders_owner(tmp_path: Path) -> None:
    """The core runs as its own user; `sudo luot-core cert rotate` must not lock it out of its
    own key."""
    folder = CertFolder(tmp_path / "tls")
    folder.ensure("test-centre")
    if os.geteuid() != 0:  # only root can give a file away: a user's files stay the user's
        assert folder.rotate("test-centre").path.stat().st_uid == os.geteuid()
        return
    os.chown(folder.folder, 4242, 4242)
    made = folder.rotate("test-centre")
    assert (made.path.stat().st_uid, made.path.stat().st_gid) == (4242, 4242)
