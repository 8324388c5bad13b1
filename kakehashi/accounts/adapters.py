from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from kakehashi.core.client_address import client_ip


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: an organization invites its people."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits (login_failed per ip) count the address the platform decides everywhere.
        return client_ip(request)
