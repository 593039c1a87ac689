"""Checking answers: merge the contributors' files, validate each stage, run the rules, report."""
