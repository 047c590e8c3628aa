"""A home's documents as every caller asks for them (the command line and the page
``/bao-cao/``): the contexts they are built from and the bytes of each document, in
``services``."""

from chitieu.app.reports.services import adhoc_inputs, report_context

__all__ = ["adhoc_inputs", "report_context"]
