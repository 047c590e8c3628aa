"""The Django project: the application database (units, target sets, overrides, audit) and the
web pages, reports and API built on it. Engine packages never import it; the command line
reaches it through ``bootstrap.use_home``.

One app per concept (``orgunits``, ``targets``, ``audit``, …), each laid out alike, as NetBox's:

- ``apps.py``: the app's configuration;
- ``models.py``: its tables, each with a docstring; invariants as database constraints;
- ``choices.py``: its typed choices (``StrEnum`` with Vietnamese labels, or read from the
  catalogue where the values are data);
- ``services.py``: the only way to write. Each function is one transaction (``transactions.atomic``)
  that checks the change, makes it and records it with ``audit.services.record``/``record_many``;
- ``admin.py``: its models in the administration pages, read only (``readonly.ReadOnlyAdmin``);
- ``migrations/``.

Views, the API, the command line and tests call ``services.py``; nothing else saves a model.
"""
