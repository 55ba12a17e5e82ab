"""Who may do what through the API.

Anonymous users read documents, sentences, actors and accepted claims; signed-in users read
everything; only editors (members of the ``editors`` group, or staff) write.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITORS_GROUP = "editors"


def is_editor(user) -> bool:
    """Staff, superusers and members of the ``editors`` group may change data."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    cached = getattr(user, "_claimtrack_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS_GROUP).exists()
        user._claimtrack_is_editor = cached
    return cached


class IsEditorOrReadOnly(BasePermission):
    """Anyone reads (the queryset decides what); editors write."""

    message = "Only editors may change data."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return is_editor(request.user)


class IsSignedIn(BasePermission):
    message = "Sign in to see this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)
