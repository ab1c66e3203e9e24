"""The API's one JSON parser (REST framework's DEFAULT_PARSER_CLASSES, and every endpoint's own list)."""

from collections.abc import Mapping
from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No record of the API nests deeper than a few levels; anything deeper is refused before any code walks it.
MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - the document nests deeper than {MAX_DEPTH} levels."


def depth_within(data: Any, limit: int) -> bool:
    """Whether lists and objects in ``data`` nest at most ``limit`` levels (walked without recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (list, dict)):
            if depth > limit:
                return False
            pending.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return True


class JSONParser(parsers.JSONParser):
    """REST framework's parser, answering 400 (``parse_error``) instead of 500 for a document nested so
    deep that Python's decoder runs out of stack (``[`` × 100,000), or deeper than MAX_DEPTH."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if not depth_within(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP)
        return data
