"""Signals other apps hook on.

`placement_accepted(sender=Placement, placement=...)`: sent once both the student and the company have
accepted a published placement, after the transaction commits. The operations app opens an intern's case.
"""

from django.dispatch import Signal

placement_accepted = Signal()
