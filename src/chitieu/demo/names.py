"""Vietnamese personal names for the demo's officials and applicants."""

from __future__ import annotations

import numpy as np

FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 4.0),
    ("Huỳnh", 4.0),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 3.5),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
)
"""Family names with their rough frequency in percent."""

MALE = (
    ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Hoàng", "Xuân"),
    (
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hải",
        "Hiếu",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Phúc",
        "Quang",
        "Sơn",
        "Tài",
        "Thắng",
        "Thành",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
    ),
)
FEMALE = (
    ("Thị", "Ngọc", "Thanh", "Thu", "Kim", "Minh", "Bích", "Mỹ", "Phương", "Hồng"),
    (
        "Anh",
        "Châu",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phượng",
        "Quyên",
        "Tâm",
        "Thảo",
        "Trang",
        "Vân",
        "Yến",
    ),
)


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` full names, family name first, about half of them women's."""
    families = [name for name, _ in FAMILY_NAMES]
    weights = np.array([weight for _, weight in FAMILY_NAMES])
    family = rng.choice(len(families), size=count, p=weights / weights.sum())
    women = rng.random(count) < 0.5
    middle = rng.random(count)
    given = rng.random(count)
    names: list[str] = []
    for i in range(count):
        middles, givens = FEMALE if women[i] else MALE
        names.append(
            f"{families[family[i]]} {middles[int(middle[i] * len(middles))]} "
            f"{givens[int(given[i] * len(givens))]}"
        )
    return names
