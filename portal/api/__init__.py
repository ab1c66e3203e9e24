"""Pieces shared by every endpoint of the REST API (/api/v1/): the error format, permissions,
pagination, conditional requests and the OpenAPI additions. No models live here."""
