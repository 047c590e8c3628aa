"""Problems found in a catalogue, each with its file and the indicator (or other entry) concerned."""

from __future__ import annotations

from dataclasses import dataclass

from chitieu.errors import ChitieuError, Severity


@dataclass(frozen=True, slots=True)
class CatalogueIssue:
    """One problem: where (file, entry) and why, in Vietnamese."""

    severity: Severity
    file: str
    subject: str
    message: str

    def describe(self) -> str:
        """``file, subject: message``."""
        where = f"{self.file}, {self.subject}" if self.subject else self.file
        return f"{where}: {self.message}"


class CatalogueError(ChitieuError):
    """A catalogue with errors; every issue is listed."""

    def __init__(self, issues: list[CatalogueIssue]) -> None:
        self.issues = issues
        lines = ["Danh mục chỉ số có lỗi:", *(f"- {i.describe()}" for i in issues)]
        super().__init__("\n".join(lines))
