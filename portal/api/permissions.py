"""Who may do what through the API: everyone reads; editors holding a token write."""

from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication

from portal.accounts.roles import is_editor


class ReadAnyoneWriteEditorsWithToken(permissions.BasePermission):
    """Reads are open. A write needs a token (``Authorization: Token …``) belonging to an editor.

    Without credentials the answer is 401 (with ``WWW-Authenticate: Token``); with credentials that
    do not allow writing, 403."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False  # REST framework answers 401 for unauthenticated requests
        if not isinstance(request.successful_authenticator, TokenAuthentication):
            raise exceptions.PermissionDenied("Writes need an API token (header 'Authorization: Token <key>').")
        if not is_editor(request.user):
            raise exceptions.PermissionDenied("Only editors may change the record through the API.")
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        return self.has_permission(request, view)
