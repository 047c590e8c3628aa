"""``-o``: a regular file is replaced whole, a link is written through, anything else refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from chitieu.outputs import OutputError, write_file
from tests.cli.conftest import Run


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.csv"
    path.write_text("cũ\n", encoding="utf-8")
    path.chmod(0o640)
    assert write_file(path, "mới\n") == path
    assert path.read_text(encoding="utf-8") == "mới\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _listing(tmp_path) == ["bao-cao.csv"]


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "quy-3" / "bao-cao.json"
    write_file(path, b"{}")
    assert path.read_bytes() == b"{}"


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "that" / "bao-cao.csv"
    real.parent.mkdir()
    real.write_text("cũ", encoding="utf-8")
    link = tmp_path / "moi-nhat.csv"
    link.symlink_to(real)
    assert write_file(link, "mới") == real
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "mới"


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "moi-nhat.csv"
    link.symlink_to(tmp_path / "chua-co.csv")
    write_file(link, "mới")
    assert link.is_symlink()
    assert (tmp_path / "chua-co.csv").read_text(encoding="utf-8") == "mới"


def test_a_directory_is_refused_and_nothing_is_left_behind(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "a.txt").write_text("giữ", encoding="utf-8")
    with pytest.raises(OutputError, match="là một thư mục"):
        write_file(folder, "mới")
    assert _listing(tmp_path) == ["bao-cao"]
    assert _listing(folder) == ["a.txt"]


def test_a_fifo_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "ong"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="fifo"):
        write_file(fifo, "mới")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _listing(tmp_path) == ["ong"]


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="thiết bị"):
        write_file(Path("/dev/null"), "mới")
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="thiết bị"):
        write_file(link, "mới")
    assert link.is_symlink()


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bao-cao.csv"
    path.write_text("cũ", encoding="utf-8")

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError, match="không đủ chỗ trên đĩa"):
        write_file(path, "mới")
    assert path.read_text(encoding="utf-8") == "cũ"
    assert _listing(tmp_path) == ["bao-cao.csv"]


def test_the_command_line_refuses_a_directory_with_a_sentence(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "ra"
    folder.mkdir()
    result = run("units", "export", "-o", folder, "--home", tmp_path / "home")
    assert result.code == 2
    assert "là một thư mục" in result.err
    assert "Traceback" not in result.err
    assert "Lỗi nội bộ" not in result.err
    assert _listing(folder) == []
