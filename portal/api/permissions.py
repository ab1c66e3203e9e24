"""Who may do what through the API: everyone reads; editors holding a token write; staff without a
second factor do nothing at all."""

from typing import TYPE_CHECKING, Any

from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication

from portal.accounts.roles import is_editor, needs_second_factor

if TYPE_CHECKING:  # REST framework's views import this module (its settings name these classes)
    from rest_framework.request import Request
    from rest_framework.views import APIView


class SecondFactorForStaff(permissions.BasePermission):
    """The browser's rule on the API too: staff who have not turned on an authenticator app are refused
    (403), whatever their credentials (a token, a session) and whatever they ask, reads included."""

    message = (
        "Editors and administrators must turn on two-factor authentication (an authenticator app, "
        "under /accounts/2fa/ on the portal) before using the API."
    )
    code = "second_factor_required"

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        return not needs_second_factor(request.user)


class ReadAnyoneWriteEditorsWithToken(permissions.BasePermission):
    """Reads are open. A write needs a token (``Authorization: Token …``) belonging to an editor.

    Without credentials the answer is 401 (with ``WWW-Authenticate: Token``); with credentials that
    do not allow writing, 403."""

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False  # REST framework answers 401 for unauthenticated requests
        if not isinstance(request.successful_authenticator, TokenAuthentication):
            raise exceptions.PermissionDenied("Writes need an API token (header 'Authorization: Token <key>').")
        if not is_editor(request.user):
            raise exceptions.PermissionDenied("Only editors may change the record through the API.")
        return True

    def has_object_permission(self, request: "Request", view: "APIView", obj: Any) -> bool:
        return self.has_permission(request, view)
