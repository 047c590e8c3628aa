"""The indicator catalogue: declarative definitions, their validation, and wording matching."""

from chitieu.catalog.issues import CatalogueError, CatalogueIssue
from chitieu.catalog.loader import builtin_path, load_catalogue, read_catalogue
from chitieu.catalog.matching import IndicatorMatcher, Match
from chitieu.catalog.model import Catalogue, LeadPhrase
from chitieu.catalog.validation import validate

__all__ = [
    "Catalogue",
    "CatalogueError",
    "CatalogueIssue",
    "IndicatorMatcher",
    "LeadPhrase",
    "Match",
    "builtin_path",
    "load_catalogue",
    "read_catalogue",
    "validate",
]
