"""The body of an API error, ``{"error": {"status", "code", "message", "fields"}}``, written in one place.

The API's exception handler (``portal.api.errors``) and the middleware that answers API addresses
before any view runs (too large, NUL characters) both write it here, so that core needs no import
of the api app.
"""

from typing import Any

from django.http import JsonResponse


def error_body(status_code: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    error: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def api_error(status_code: int, code: str, message: str) -> JsonResponse:
    """An error in the API's format, for answers given outside REST framework's views."""
    return JsonResponse(
        error_body(status_code, code, message), status=status_code, json_dumps_params={"separators": (",", ":")}
    )
