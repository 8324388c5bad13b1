from kakehashi.core.testing.concurrency import committed_demo  # noqa: F401 - a fixture for these tests
