"""Measuring the service: retrieval figures (retrieval.py) and answer-level figures (answers.py)."""
