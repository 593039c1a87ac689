"""The merged answers as JSON: attached to a final PDF so the archive keeps the data with the document."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from masterplan import __version__
from masterplan.checks.plan import Plan


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def merged_answers(plan: Plan) -> dict[str, Any]:
    """Region profile and every stage's merged answers; table rows carry their contributor."""
    stages: dict[str, Any] = {}
    for number, stage in sorted(plan.stages.items()):
        answers: dict[str, Any] = {}
        for question, answer in stage.answers.items():
            if answer.rows:
                answers[question] = [
                    {"kontributor": row.contributor, **{k: _plain(v) for k, v in row.values.items()}}
                    for row in answer.rows
                ]
            elif answer.value is not None:
                answers[question] = _plain(answer.value)
        stages[f"bimtek-{number}"] = {"kontributor": stage.contributors, "jawaban": answers}
    return {
        "masterplan": __version__,
        "kuesioner": plan.definitions.version,
        "daerah": plan.region.model_dump(mode="json"),
        "tahap": stages,
    }


def merged_answers_json(plan: Plan) -> bytes:
    """:func:`merged_answers` as UTF-8 JSON, stable key order."""
    text = json.dumps(merged_answers(plan), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")
