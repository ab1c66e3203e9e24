from typing import Any

from django.conf import settings
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

MAX_PAGE_SIZE = 500


class PortalPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (1 to 500); the body holds count, next, previous and results.

    Sent empty, either is as if not sent. A page size that is not a whole number from 1 to 500 is
    refused (400), not silently replaced."""

    page_size: int = settings.REST_FRAMEWORK.get("PAGE_SIZE", 50)
    page_size_query_param: str = "page_size"
    max_page_size: int = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        text = request.query_params.get(self.page_size_query_param)
        if not text:
            return self.page_size
        if not text.isdecimal() or not 1 <= int(text) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(text)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["allowEmptyValue"] = True
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
                parameter["allowEmptyValue"] = True
        return parameters
