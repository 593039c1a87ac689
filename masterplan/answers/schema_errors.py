"""Turn pydantic validation errors into located, readable problems.

The error location (``("opds", 3, "code")``) is walked through the parsed
document to find the line, and the pydantic error type is told in words.
"""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from masterplan.answers.yamlio import locate_in
from masterplan.checks.problems import Problem, Where

# pydantic error type -> (Indonesian, English); {ctx keys} are filled in.
_TYPE_TEXT: dict[str, tuple[str, str]] = {
    "string_type": ("harus berupa teks", "must be text"),
    "int_type": ("harus berupa bilangan bulat", "must be a whole number"),
    "int_parsing": ("harus berupa bilangan bulat", "must be a whole number"),
    "int_from_float": ("harus berupa bilangan bulat", "must be a whole number"),
    "float_type": ("harus berupa angka", "must be a number"),
    "float_parsing": ("harus berupa angka", "must be a number"),
    "bool_type": ('harus true atau false', "must be true or false"),
    "bool_parsing": ('harus true atau false', "must be true or false"),
    "list_type": ("harus berupa daftar (baris diawali tanda -)", "must be a list"),
    "dict_type": ("harus berupa pasangan kunci: nilai", "must hold key: value pairs"),
    "model_type": ("harus berupa pasangan kunci: nilai", "must hold key: value pairs"),
    "model_attributes_type": ("harus berupa pasangan kunci: nilai", "must hold key: value pairs"),
    "literal_error": ("harus salah satu dari: {expected}", "must be one of: {expected}"),
    "string_pattern_mismatch": ("formatnya tidak sesuai", "does not have the expected format"),
    "string_too_short": ("tidak boleh kosong", "must not be empty"),
    "too_short": ("minimal {min_length} butir", "needs at least {min_length} items"),
    "greater_than_equal": ("minimal {ge}", "must be at least {ge}"),
    "less_than_equal": ("maksimal {le}", "must be at most {le}"),
    "date_from_datetime_parsing": ("harus berupa tanggal TTTT-BB-HH", "must be a date YYYY-MM-DD"),
    "date_parsing": ("harus berupa tanggal TTTT-BB-HH", "must be a date YYYY-MM-DD"),
    "date_type": ("harus berupa tanggal TTTT-BB-HH", "must be a date YYYY-MM-DD"),
    "union_tag_invalid": (
        'jenis "{tag}" tidak dikenal; jenis yang ada: {expected_tags}',
        'unknown type "{tag}"; the types are: {expected_tags}',
    ),
    "union_tag_not_found": ('kunci "type" wajib diisi', 'key "type" is required'),
}


def locate(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, str]:
    """The line of ``loc`` in a parsed document and the loc as a readable path."""
    parts = [f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in loc]
    return locate_in(data, loc), "".join(parts).lstrip(".")


def pydantic_problems(
    error: ValidationError, data: Any, where: Where, model: type[BaseModel] | None = None
) -> list[Problem]:
    """One problem per pydantic error, located in ``data`` (the parsed document).

    ``model`` (the validated class) lets an unknown key be answered with the
    keys that are allowed there.
    """
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            line, path = locate(data, loc)
            known = allowed_keys(model, loc[:-1]) if model else []
            params = {"key": loc[-1], "known": ", ".join(known) or "-"}
            problems.append(Problem("error", "field-unknown", where.at(line=line, label=path), params))
            continue
        if kind.startswith("union_tag"):
            loc = (*loc, "type")  # point at the line that names the type
        line, path = locate(data, loc)
        if kind == "missing":
            problems.append(Problem("error", "field-missing", where.at(line=line, label=path)))
            continue
        ctx = {k: _show(v) for k, v in (item.get("ctx") or {}).items()}
        text_id, text_en = _TYPE_TEXT.get(kind, (None, None))
        if text_id is None:
            detail = detail_en = str(item.get("msg", kind)).removeprefix("Value error, ")
        else:
            detail, detail_en = text_id.format(**ctx), (text_en or text_id).format(**ctx)
        params = {"detail": detail, "detail_en": detail_en}
        problems.append(Problem("error", "field-invalid", where.at(line=line, label=path), params))
    return problems


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (best effort, [] when unknown)."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation, part)
        if annotation is None:
            return []
        if isinstance(part, int):
            continue
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if is_model and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        # else: a union tag, already resolved by _unwrap
    annotation = _unwrap(annotation, None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [
            field.alias or name for name, field in annotation.model_fields.items()
        ]
    return []


def _unwrap(annotation: Any, part: Any) -> Any:
    """Strip Optional/Annotated/list/dict; pick a union member by its tag."""
    while True:
        origin = get_origin(annotation)
        args = get_args(annotation)
        if origin is Annotated:
            annotation = args[0]
        elif origin in (list, tuple) and isinstance(part, int):
            return args[0] if args else None
        elif origin is dict and part is not None and not isinstance(part, int):
            return args[1] if len(args) == 2 else None
        elif origin in (Union, UnionType):
            members = [a for a in args if a is not type(None)]
            tagged = [m for m in members if _tag_of(m) == part]
            if tagged:
                return tagged[0]
            if len(members) == 1:
                annotation = members[0]
            else:
                return annotation
        else:
            return annotation


def _tag_of(member: Any) -> Any:
    if isinstance(member, type) and issubclass(member, BaseModel) and "type" in member.model_fields:
        literal = member.model_fields["type"].annotation
        values = get_args(literal)
        return values[0] if values else None
    return None


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).replace("'", "").replace(" or ", ", ")
