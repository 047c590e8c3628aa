"""The unit tree of a province: built from the official GSO lists and the shipped departments,
loaded from and exported to CSV/JSON, validated and navigated. Pure Python: no Django."""

from chitieu.units.csv_io import read_units_csv, units_to_json, write_units_csv
from chitieu.units.departments import (
    DepartmentList,
    DepartmentSpec,
    DivisionSpec,
    builtin_departments_path,
    load_departments,
)
from chitieu.units.gso import Province, build_province_tree, find_province, provinces
from chitieu.units.structure import Structure
from chitieu.units.tree import (
    MergeResult,
    TreeError,
    TreeProblem,
    UnitTree,
    merge_units,
    tree_problems,
)

__all__ = [
    "DepartmentList",
    "DepartmentSpec",
    "DivisionSpec",
    "MergeResult",
    "Province",
    "Structure",
    "TreeError",
    "TreeProblem",
    "UnitTree",
    "build_province_tree",
    "builtin_departments_path",
    "find_province",
    "load_departments",
    "merge_units",
    "provinces",
    "read_units_csv",
    "tree_problems",
    "units_to_json",
    "write_units_csv",
]
