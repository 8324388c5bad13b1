"""``python -m kakehashi.matching``: see :mod:`kakehashi.matching.cli`."""

import sys

from .cli import main

sys.exit(main())
