"""``chitieu units load`` of a unit tree saved in the legacy TCVN3 (ABC) and VNI encodings: the
names are stored as the same Unicode (NFC) as the tree saved in UTF-8, and a file only likely in
one of them is refused whole, naming the file and the line, with nothing stored."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from chitieu.legacy_encodings import encode_tcvn3, encode_vni
from tests.cli.conftest import Run

TREE = (
    "code,name,level,parent_code\n"
    "70,UBND tỉnh Bình Phước,province,\n"
    "70.STP,Sở Tư pháp,province_department,70\n"
    "70.SKHDT,Sở Kế hoạch và Đầu tư,province_department,70\n"
    "689,UBND thành phố Đồng Xoài,district,70\n"
    "689.PTP,Phòng Tư pháp thành phố Đồng Xoài,district,689\n"
    "25195,UBND phường Tân Phú,commune,689\n"
    "25195.CB1,Nguyễn Thị Hường,official,25195\n"
    "25195.CB2,Trần Văn Đức,official,25195\n"
)
"""A tree whose capitals carry no tone mark: TCVN3 has no code for «Ủ» or «Ấ» (it writes the
lower-case letter), so such a name could not come back the same."""

LEGACY: dict[str, Callable[[str], bytes]] = {"tcvn3": encode_tcvn3, "vni": encode_vni}


def _load(run: Run, home: Path, path: Path) -> None:
    result = run("units", "load", path, "--home", home)
    assert result.code == 0, result.err
    assert "thêm 8" in result.out


def _export(run: Run, home: Path) -> list[dict[str, object]]:
    result = run("units", "export", "--format", "json", "--home", home)
    assert result.code == 0, result.err
    units: list[dict[str, object]] = json.loads(result.out)
    return units


@pytest.fixture
def from_utf8(run: Run, tmp_path: Path) -> list[dict[str, object]]:
    """The tree as stored from its UTF-8 file."""
    path = tmp_path / "utf8.csv"
    path.write_text(TREE, encoding="utf-8")
    home = tmp_path / "utf8-home"
    _load(run, home, path)
    return _export(run, home)


@pytest.mark.parametrize("encoding", list(LEGACY))
def test_a_legacy_tree_is_stored_as_the_utf8_one(
    encoding: str, run: Run, tmp_path: Path, from_utf8: list[dict[str, object]]
) -> None:
    data = LEGACY[encoding](TREE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(data)
    home = tmp_path / "home"
    _load(run, home, path)
    stored = _export(run, home)
    assert stored == from_utf8
    names = [str(unit["name"]) for unit in stored]
    assert "Phòng Tư pháp thành phố Đồng Xoài" in names
    assert "Nguyễn Thị Hường" in names
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    # The same file again changes nothing.
    again = run("units", "load", path, "--home", home)
    assert again.code == 0, again.err
    assert "thêm 0, cập nhật 0, không đổi 8" in again.out


UNSURE = {
    # Words of the legacy reading that are no Vietnamese syllable, on line 10: not converted.
    "unsure-tcvn3.csv": (
        encode_tcvn3(TREE) + b"25195.CB3,\xb8\xb8x \xe9\xe9q \xfd\xfdz \xe9\xd6k,official,25195\n",
        "dòng 10",
        "TCVN3",
    ),
    # 0x97 is «Ộ» in the VN1 table and no letter of TCVN3 (VN3), on line 3: a guess either way.
    "vn1-capital.csv": (
        encode_tcvn3(TREE).replace(b"S\xeb T\xad", b"S\x97 T\xad"),
        "dòng 3",
        "TCVN3",
    ),
    "unsure-vni.csv": (
        encode_vni(TREE)
        + b"25195.CB3,a\xf9\xf9x o\xe2\xe2q e\xf8\xf8z u\xef\xefk,official,25195\n",
        "dòng 10",
        "VNI",
    ),
}


@pytest.mark.parametrize("name", list(UNSURE))
def test_an_unsure_legacy_tree_is_refused_and_changes_nothing(
    name: str, run: Run, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    existing = tmp_path / "existing.csv"
    existing.write_text(TREE.split("70.SKHDT", maxsplit=1)[0], encoding="utf-8")
    result = run("units", "load", existing, "--home", home)
    assert result.code == 0, result.err
    before = _export(run, home)
    data, line, encoding = UNSURE[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run("units", "load", path, "--home", home)
    assert result.code == 2, result.out
    assert "Traceback" not in result.err
    err = " ".join(result.err.split())
    assert f"{name}: không đọc được tệp: tệp có vẻ viết bằng bảng mã {encoding}" in err
    assert f"({line}: «" in err
    assert "lưu lại dạng UTF-8" in err
    assert _export(run, home) == before
