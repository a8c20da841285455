"""Word documents (.docx): package checks, automatic numbering and the accepted text."""

from ingest.word.package import LEGACY_DOC, docx_problem
from ingest.word.reader import WordText, read_docx

__all__ = ["LEGACY_DOC", "WordText", "docx_problem", "read_docx"]
