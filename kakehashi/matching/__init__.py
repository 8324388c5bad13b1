"""Kakehashi matching engine: students and internship places.

Pure Python (numpy and scipy only for the welfare comparisons, imported
lazily); no Django.  The platform builds an :class:`Instance` from its
database, calls :func:`solve` and stores ``Result.to_dict()``::

    from kakehashi.matching import Instance, solve, check, explain

    inst = Instance.from_dict({"students": [...], "places": [...]})
    result = solve(inst, algorithm="da-sic", proposing="students", seed=7, explain=True)
    result.stable, result.assignment_ids, result.to_dict()
    check(inst, {"s1": "p1", "s2": None}).ok
    explain(inst, result.assignment_ids)

Algorithms, formats and the meaning of explanations: docs/matching.md.
Command line: ``python -m kakehashi.matching solve|check|generate``.
"""

from .check import CheckReport
from .explain import Explainer
from .generate import generate_instance
from .instance import Instance, InstanceError, paused_gc
from .solve import ALGORITHMS, PROPOSING, Result, check, explain, solve

__all__ = [
    "ALGORITHMS",
    "PROPOSING",
    "CheckReport",
    "Explainer",
    "Instance",
    "InstanceError",
    "Result",
    "check",
    "explain",
    "generate_instance",
    "paused_gc",
    "solve",
]
