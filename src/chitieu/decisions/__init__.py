"""Target decisions: reading them from text, Word and Excel into target sets, and writing them."""

from chitieu.decisions.codec import from_dict, to_dict
from chitieu.decisions.reader import DecisionReading, read_decision, read_document

__all__ = ["DecisionReading", "from_dict", "read_decision", "read_document", "to_dict"]
