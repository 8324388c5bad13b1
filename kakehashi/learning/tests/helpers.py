from kakehashi.accounts.models import Program
from kakehashi.learning.models import Course


def course(key: str = "python-iot") -> Course:
    return Course.objects.get(program=Program.objects.get(key="jica-dx-2024"), key=key)
