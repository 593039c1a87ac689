"""Pydantic models: the single source of truth for questionnaires, answers and the region."""
