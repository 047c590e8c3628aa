"""Unit trees for the demo's tests, shaped as the unit loader builds them."""

from __future__ import annotations

from chitieu.domain import OrgUnit

DEPARTMENTS = (
    ("STP", "Sở Tư pháp"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SYT", "Sở Y tế"),
    ("SXD", "Sở Xây dựng"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("STC", "Sở Tài chính"),
    ("SNV", "Sở Nội vụ"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế"),
    ("TTRA", "Thanh tra tỉnh"),
    ("BDT", "Ban Dân tộc"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
    ("SNGV", "Sở Ngoại vụ"),
)

DIVISIONS = (
    ("PTP", "Phòng Tư pháp"),
    ("PTNMT", "Phòng Tài nguyên và Môi trường"),
    ("PTCKH", "Phòng Tài chính - Kế hoạch"),
    ("PKTHT", "Phòng Kinh tế và Hạ tầng"),
    ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội"),
    ("PGDDT", "Phòng Giáo dục và Đào tạo"),
    ("PVHTT", "Phòng Văn hóa và Thông tin"),
    ("PNV", "Phòng Nội vụ"),
    ("PYT", "Phòng Y tế"),
    ("PNN", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("TTRA", "Thanh tra huyện"),
    ("VP", "Văn phòng HĐND và UBND"),
)


def province_tree(
    departments: int, districts: int, divisions: int, communes: int, *, code: str = "70"
) -> list[OrgUnit]:
    """A legacy tree: the root, ``departments`` departments, ``districts`` district committees
    with ``divisions`` divisions each (the first is the justice division ``….PTP``) and
    ``communes`` communes spread over the districts."""
    units = [OrgUnit(code, "UBND tỉnh Mẫu", "province")]
    for i in range(departments):
        short, name = DEPARTMENTS[i % len(DEPARTMENTS)]
        suffix = "" if i < len(DEPARTMENTS) else f" {i // len(DEPARTMENTS) + 1}"
        units.append(
            OrgUnit(f"{code}.{short}{suffix.strip()}", name + suffix, "province_department", code)
        )
    district_codes = []
    for d in range(districts):
        district = f"{code}.H{d + 1:02d}"
        district_codes.append(district)
        units.append(OrgUnit(district, f"UBND huyện Mẫu {d + 1}", "district", code))
        for v in range(divisions):
            short, name = DIVISIONS[v % len(DIVISIONS)]
            units.append(OrgUnit(f"{district}.{short}", name, "district", district))
    for c in range(communes):
        parent = district_codes[c % len(district_codes)] if district_codes else code
        units.append(OrgUnit(f"{code}.X{c + 1:04d}", f"UBND xã Mẫu {c + 1}", "commune", parent))
    return units


def small_tree() -> list[OrgUnit]:
    """A root, 5 departments, 3 district committees with 3 divisions each, 30 communes."""
    return province_tree(5, 3, 3, 30)


def tree_2025() -> list[OrgUnit]:
    """The 2025 structure: departments and communes directly under the root."""
    return province_tree(8, 0, 0, 40)
