"""What every decision reader produces: the document's lines of text and its tables as grids.

Readers differ (text, Word, Excel); the annex parser sees only this. A merged cell is repeated in
every grid position it covers, marked with where its text came from, so that a value merged over
four quarters applies to each and a title merged over three rows continues the task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from chitieu.encoding import LegacyCellError, cell_text, converted_warning
from chitieu.errors import InputError, Place, Problem, Severity


class Origin(StrEnum):
    """Whether a cell's text is its own or a copy from a merged cell to its left or above."""

    OWN = "own"
    LEFT = "left"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position: cleaned text, the numeric value when the source stored a number
    (percent-formatted numbers already times 100), and where it is."""

    text: str
    place: Place
    number: float | None = None
    percent_format: bool = False
    origin: Origin = Origin.OWN

    @property
    def own_text(self) -> str:
        """The text, or empty when it is a copy of a merged cell."""
        return self.text if self.origin is Origin.OWN else ""


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text outside the tables (titles, articles, the place-and-date line)."""

    text: str
    place: Place


@dataclass(slots=True)
class Grid:
    """A table: rows of cells, all rows padded to the same width."""

    rows: list[list[Cell]]

    @property
    def width(self) -> int:
        """The number of columns."""
        return max((len(r) for r in self.rows), default=0)


@dataclass(slots=True)
class Document:
    """A decision as read: its name, its lines (in order) and its tables (in order)."""

    name: str
    lines: list[Line] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """What the reader did that the user should know: a cell converted from a legacy font."""
    refusals: list[Problem] = field(default_factory=list)
    """Cells the reader could not read surely (``refuse_if_any`` raises them all at once)."""
    legacy: str | None = None
    """The legacy font the document's text as a whole is typed in, set by the reader
    (``encoding.legacy_context``): its short cells are read in it too."""

    def unicode(self, text: str, place: Place) -> str:
        """A cell's or paragraph's text in Unicode: typed in a ``.VnTime`` or VNI font it is
        converted and a warning names the place; only likely so, it is noted to be refused
        (``encoding.cell_text``)."""
        try:
            converted, encoding = cell_text(text, self.legacy)
        except LegacyCellError as error:
            self.refusals.append(Problem(place, str(error)))
            return text
        if encoding is not None:
            self.warnings.append(
                Problem(place, converted_warning(encoding, converted), Severity.WARNING)
            )
        return converted

    def refuse_if_any(self) -> None:
        """Raise one ``InputError`` listing every cell that could not be read surely."""
        if self.refusals:
            raise InputError(list(self.refusals))
