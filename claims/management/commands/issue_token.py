"""``manage.py issue_token USERNAME``: print an API token for a user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from claims.permissions import is_editor


class Command(BaseCommand):
    help = (
        "Print the API token of a user (creating one if needed), for scripts: send it as "
        "'Authorization: Token <key>'. --rotate replaces an existing token; --revoke deletes "
        "it. Tokens carry the user's rights: editors (and staff) write, others read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--rotate", action="store_true", help="Replace the user's token with a new one."
        )
        action.add_argument("--revoke", action="store_true", help="Delete the user's token.")

    def handle(self, *args, username: str, rotate: bool, revoke: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive")
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(f"Revoked {username}'s token." if deleted else "No token to revoke.")
            return
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        if not is_editor(user):
            self.stderr.write(f"note: {username} is not an editor; the token can only read.")
        self.stdout.write(token.key)
