"""The request type of views behind ``login_required``."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in, as ``login_required`` makes sure: for type checking only
    (Django builds the usual HttpRequest)."""

    user: User
