"""The workflow around the answers: people and roles, stage states, review notes, history, finalisation.

Everything the workflow knows is an event in the workspace's journal
(``workflow/journal.jsonl``, hash-chained); stage states and review notes are
folds over it. The people who may act are listed in ``people.yaml``.
"""
