"""Checking one pack entry against its record type: one line per problem, never a traceback.

The record types of ``pack.py`` are the schema: pydantic validates each YAML mapping against
the dataclass (unknown keys are refused), and the field types below add what YAML cannot
say — that a date exists (``2018-06-31`` does not) and that a pattern compiles. A new
check is a new annotated type used by a field; a new section is a new dataclass.

pydantic is imported when a pack is first validated, not when the records are imported: a
command whose pack comes from the compiled cache (``compiled.py``) never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from summitwatch.timeml import is_date_value

if TYPE_CHECKING:
    from pydantic import ConfigDict, GetCoreSchemaHandler, TypeAdapter, ValidationError
    from pydantic_core import CoreSchema

STRICT: ConfigDict = {"extra": "forbid"}


class EntryError(ValueError):
    """One problem with one entry: the field and what is wrong with it."""


def _as_text(value: Any) -> Any:
    # YAML reads a bare 2018-06-12 as a date; the records keep TimeML strings
    return value.isoformat() if isinstance(value, date) else value


def _check_date(value: str) -> str:
    if not is_date_value(value):
        raise ValueError(f"{value} is not a date")
    return value


def _check_pattern(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{value!r} is not a regular expression ({exc})") from exc
    return value


@dataclass(frozen=True)
class Check:
    """A function pydantic runs before or after a field's own validation: pydantic's
    ``BeforeValidator``/``AfterValidator``, without importing pydantic until a pack is
    validated (pydantic asks the metadata of an ``Annotated`` type for its schema)."""

    function: Callable[[Any], Any]
    when: Literal["before", "after"]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        schema = handler(source)
        if self.when == "before":
            return core_schema.no_info_before_validator_function(self.function, schema)
        return core_schema.no_info_after_validator_function(self.function, schema)


# a TimeML date value (2018-06-12, 2018-06, 2018, 2018-SP), checked to name real days
TimemlDate = Annotated[str, Check(_as_text, "before"), Check(_check_date, "after")]
# a regular expression, checked to compile
Pattern = Annotated[str, Check(_check_pattern, "after")]


@cache
def _adapter(record_type: type) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(record_type)


def build_entry(record_type: type, item: Any) -> Any:
    """The record ``item`` describes; :class:`EntryError` names the first problem."""
    from pydantic import ValidationError

    if not isinstance(item, dict):
        raise EntryError("expected a mapping")
    try:
        return _adapter(record_type).validate_python(item)
    except ValidationError as exc:
        raise EntryError(describe(exc)) from exc


def describe(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"unknown key {field!r}"
    if kind in ("missing", "missing_argument"):
        return f"missing key {field!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "value_error":
        return f"{field} {message}"
    return f"{field}: {message} (got {error.get('input')!r})"
