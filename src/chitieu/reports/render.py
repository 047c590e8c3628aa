"""Filling a Word template: the office's own copy when the home has one, the bundled one
otherwise; tables and charts go in as sub-documents built with python-docx."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from chitieu.errors import ChitieuError
from chitieu.reports.settings import TEMPLATES_DIR
from chitieu.reports.template_source import BUNDLED

SubdocBuilder = Callable[[Document], None]
"""Writes tables or paragraphs into an empty sub-document (python-docx ``Document`` API)."""

BLANK_NUMBER = "\u00a0" * 6
"""Where the clerk writes the document's number by hand when it is registered."""


def template_path(name: str, home: Path | None) -> Path:
    """The template ``name`` (``report.docx``…): ``HOME/templates/name`` when the office has
    made its own, else the bundled one."""
    if home is not None:
        own = home / TEMPLATES_DIR / name
        if own.is_file():
            return own
    return BUNDLED / name


def render(
    name: str,
    home: Path | None,
    values: Mapping[str, Any],
    subdocs: Mapping[str, SubdocBuilder] | None = None,
) -> bytes:
    """The document ``name`` filled with ``values`` and the sub-documents ``subdocs`` (each
    built by its function into a fresh sub-document); its bytes. A broken office template is
    refused with its path and the reason, in Vietnamese."""
    path = template_path(name, home)
    try:
        template = DocxTemplate(str(path))
        context = dict(values)
        for key, build in (subdocs or {}).items():
            subdoc = template.new_subdoc()
            # A Subdoc offers python-docx Document's API (it wraps one).
            build(subdoc)
            context[key] = subdoc
        template.render(context, autoescape=True)
    except TemplateError as error:
        number = getattr(error, "lineno", None)
        line = f", dòng {number}" if number else ""
        raise ChitieuError(f"{path}: mẫu văn bản có chỗ điền sai{line} ({error})") from error
    except (KeyError, ValueError, PackageNotFoundError, zipfile.BadZipFile) as error:
        raise ChitieuError(
            f"{path}: không đọc được mẫu văn bản Word (tệp hỏng hoặc không phải .docx: {error})"
        ) from error
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
