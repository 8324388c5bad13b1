from kakehashi.notifications.tests.fakes import fake_provider

__all__ = ["fake_provider"]
