from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: an organization invites its people."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
