"""`luot-province` as a technician meets it: a --help that explains, one line for each refusal
(exit 2; `migrate --check` with steps to run exits 1), the centres added, listed, told their site
and revoked, and `serve` as a real process answering its health."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from harness.child import free_port, stop
from harness.province import add_centre, post_batch, running_province, start_province
from province.cli import main
from province.db import latest
from queue_core.config import SAMPLE_SITE
from tests.province.conftest import issues


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("luot-province: ")
    return lines[0]


def test_help_explains_how_to_set_up_a_province() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "province", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("Setting up", "migrate", "centre add", "serve", "LUOT_PROVINCE_DSN"):
        assert words in shown
    centre = subprocess.run(
        [sys.executable, "-m", "province", "centre", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for action in ("add", "site", "revoke", "list"):
        assert action in centre


def test_without_a_database_it_says_how_to_name_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LUOT_PROVINCE_DSN", raising=False)
    code, _out, err = run(capsys, "centre", "list")
    assert code == 2
    assert "--dsn" in one_line(err) and "LUOT_PROVINCE_DSN" in err


def test_a_database_that_cannot_be_reached_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(
        capsys, "--dsn", f"host={tmp_path} port=1 dbname=x user=u password=hush", "migrate"
    )
    assert code == 2
    line = one_line(err)
    assert f"cannot connect to PostgreSQL at u@{tmp_path}:1/x" in line
    assert "hush" not in line
    code, _out, err = run(capsys, "--dsn", "this is = not = one", "migrate")
    assert code == 2
    assert "not a PostgreSQL connection string" in one_line(err)


def test_migrate_from_empty_and_check(
    capsys: pytest.CaptureFixture[str], empty_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUOT_PROVINCE_DSN", empty_dsn)
    code, out, err = run(capsys, "migrate", "--check")
    assert code == 1
    assert "would run:" in out and "001 Centres" in out
    assert "migration(s) to run" in one_line(err)
    code, out, _err = run(capsys, "migrate")
    assert code == 0
    assert f"migrated from schema 0 to {latest()}" in out
    code, out, _err = run(capsys, "migrate", "--check")
    assert (code, "nothing to migrate" in out) == (0, True)


def test_serve_refuses_a_database_not_migrated(
    capsys: pytest.CaptureFixture[str], empty_dsn: str
) -> None:
    code, _out, err = run(capsys, "--dsn", empty_dsn, "serve", "--port", "1")
    assert code == 1
    assert "run `luot-province migrate` first" in one_line(err)


def test_centres_are_added_listed_given_their_site_and_revoked(
    capsys: pytest.CaptureFixture[str], dsn: str, tmp_path: Path
) -> None:
    code, out, _err = run(capsys, "--dsn", dsn, "centre", "add", "hcc-tinh", "--name", "Tỉnh")
    assert code == 0
    token = out.splitlines()[1]
    assert token.startswith("luot_p_") and len(token) > 40
    assert 'token = "' + token in out
    assert token not in json.dumps(
        [list(r) for r in _rows(dsn, "SELECT * FROM centres")], default=str
    )
    code, _out, err = run(capsys, "--dsn", dsn, "centre", "add", "hcc-tinh", "--name", "Again")
    assert code == 2 and "already a centre 'hcc-tinh'" in one_line(err)
    code, _out, err = run(capsys, "--dsn", dsn, "centre", "add", "Bad Id", "--name", "X")
    assert code == 2 and "is not a centre id" in one_line(err)

    broken = tmp_path / "broken.toml"
    broken.write_text("[site\n", encoding="utf-8")
    code, _out, err = run(capsys, "--dsn", dsn, "centre", "site", "hcc-tinh", str(broken))
    assert code == 2 and "not valid TOML" in one_line(err)
    code, out, _err = run(capsys, "--dsn", dsn, "centre", "site", "hcc-tinh", str(SAMPLE_SITE))
    assert code == 0 and "24 services" in out
    code, _out, err = run(capsys, "--dsn", dsn, "centre", "site", "nowhere", str(SAMPLE_SITE))
    assert code == 2 and "there is no centre 'nowhere'" in one_line(err)

    code, out, _err = run(capsys, "--dsn", dsn, "centre", "list")
    assert code == 0
    assert out.splitlines()[1].split()[:5] == ["hcc-tinh", "active", "0", "never", "24"]
    code, out, _err = run(capsys, "--dsn", dsn, "centre", "revoke", "hcc-tinh")
    assert code == 0 and "revoked" in out
    code, out, _err = run(capsys, "--dsn", dsn, "centre", "revoke", "hcc-tinh")
    assert code == 0 and "already revoked" in out
    code, out, _err = run(capsys, "--dsn", dsn, "centre", "list", "--json")
    listed = json.loads(out)
    assert [(c["code"], c["revoked_at"] is not None) for c in listed] == [("hcc-tinh", True)]
    code, _out, err = run(capsys, "--dsn", dsn, "centre", "revoke", "nowhere")
    assert code == 2 and "there is no centre" in one_line(err)


def _rows(dsn: str, sql: str) -> list[tuple[object, ...]]:
    from province.db import connect

    with connect(dsn) as conn:
        return [tuple(row) for row in conn.execute(sql).fetchall()]


def test_serve_runs_as_a_process_and_answers(dsn: str, tmp_path: Path) -> None:
    with running_province(dsn, tmp_path / "province.log") as url:
        health = httpx.get(url + "/api/v1/health", trust_env=False).json()
        document = httpx.get(url + "/api/v1/openapi.json", trust_env=False).json()
    assert health["status"] == "ok" and health["schema"] == latest()
    assert {"/api/v1/ingest", "/api/v1/ingest/state", "/api/v1/health"} <= set(document["paths"])
    assert "serving on http://127.0.0.1:" in (tmp_path / "province.log").read_text()


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def test_serve_with_workers_shares_its_port_and_stops_whole(dsn: str, tmp_path: Path) -> None:
    port = free_port()
    token = add_centre(dsn, "hcc-tinh", "Trung tâm tỉnh")
    with (tmp_path / "province.log").open("ab") as log:
        process = start_province(dsn, port, log, "--workers", "2")
        try:
            workers = _children(process.pid)
            url = f"http://127.0.0.1:{port}"
            answers = []
            for _ in range(8):  # a connection each: the kernel deals them to both workers
                with httpx.Client(timeout=10, trust_env=False) as client:
                    answers.append(post_batch(client, url, token, "hcc-tinh", issues(1, 3)))
        finally:
            stop(process)
    assert len(workers) == 2
    assert [a.json() for a in answers] == [{"acked_seq": 3}] * 8
    assert process.returncode == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert "2 workers" in (tmp_path / "province.log").read_text()
