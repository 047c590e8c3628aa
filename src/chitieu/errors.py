"""Errors that reach a user: each names the place in the input and the reason, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Place:
    """Where in an input something was found.

    A text file has lines; a Word document has tables with rows; a workbook has sheets with cells.
    Every field but ``file`` is optional so that a whole-file problem can be named too.
    """

    file: str
    line: int | None = None
    column: int | None = None
    column_name: str | None = None
    table: int | None = None
    sheet: str | None = None
    cell: str | None = None
    line_word: str = "dòng"

    def describe(self) -> str:
        """The place as a Vietnamese phrase, e.g. ``qd.txt, dòng 88, cột 6 (Quý I)``.

        >>> Place("qd.txt", line=88, column=6, column_name="Quý I").describe()
        'qd.txt, dòng 88, cột 6 (Quý I)'
        """
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"trang tính «{self.sheet}»")
            if self.cell is not None:
                parts.append(f"ô {self.cell}")
            elif self.line is not None:
                parts.append(f"hàng {self.line}")
        elif self.table is not None:
            parts.append(f"bảng {self.table}")
            if self.line is not None:
                parts.append(f"hàng {self.line}")
            if self.column is not None:
                parts.append(f"cột {self.column}")
        else:
            if self.line is not None:
                parts.append(f"{self.line_word} {self.line}")
            if self.column is not None:
                parts.append(f"cột {self.column}")
        text = ", ".join(parts)
        if self.column_name:
            text += f" ({self.column_name})"
        return text


class Severity(StrEnum):
    """How bad a problem is: an error refuses the input, a warning is printed and accepted."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input."""

    place: Place
    reason: str
    severity: Severity = Severity.ERROR

    def describe(self) -> str:
        """``place: reason``, the line printed to the user."""
        return f"{self.place.describe()}: {self.reason}"


class ChitieuError(Exception):
    """Base of every error that is the user's to fix; the CLI prints it and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(ChitieuError):
    """An input was refused; ``problems`` lists every error found, not only the first."""

    def __init__(self, problems: list[Problem], headline: str | None = None) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        lines = [p.describe() for p in problems]
        message = "\n".join(lines) if headline is None else "\n".join([headline, *lines])
        super().__init__(message)


def refuse(place: Place, reason: str) -> InputError:
    """An ``InputError`` with a single problem, for a reader that cannot go on."""
    return InputError([Problem(place, reason)])
