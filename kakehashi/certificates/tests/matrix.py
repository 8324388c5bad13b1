from kakehashi.core.testing.matrix import Row, everyone

ROWS = [
    # Public: anyone holding a certificate's code may check it, signed in or not.
    Row("certificates:verify", everyone(200, anon=200)),
]
