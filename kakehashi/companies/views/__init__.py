"""Pages of host companies: the public call, the pipeline, readiness, seminars, network support.

The views are split by topic into the modules of this package (public, overview, pipeline,
pipeline_import, company_profiles, readiness_answers, readiness_items, seminars, support_requests); this
module re-exports them, so `urls.py`'s `views.board` etc. and `INTEREST_SALT` keep working.
"""

from kakehashi.companies.views.company_profiles import my_company, profile, profile_edit
from kakehashi.companies.views.overview import dashboard
from kakehashi.companies.views.pipeline import (
    activity_done,
    board,
    outreach_create,
    outreach_detail,
    outreach_edit,
    outreach_list,
    outreach_move,
)
from kakehashi.companies.views.pipeline_import import (
    import_apply,
    import_discard,
    import_preview,
    import_upload,
)
from kakehashi.companies.views.public import INTEREST_SALT, public_call, public_thanks
from kakehashi.companies.views.readiness_answers import (
    answer_edit,
    answer_file,
    answer_review,
    certificate,
    readiness,
    verify_queue,
)
from kakehashi.companies.views.readiness_items import item_edit, item_list
from kakehashi.companies.views.seminars import seminar_detail, seminar_list
from kakehashi.companies.views.support_requests import (
    support_create,
    support_detail,
    support_list,
    support_status,
)

__all__ = [
    "INTEREST_SALT",
    "activity_done",
    "answer_edit",
    "answer_file",
    "answer_review",
    "board",
    "certificate",
    "dashboard",
    "import_apply",
    "import_discard",
    "import_preview",
    "import_upload",
    "item_edit",
    "item_list",
    "my_company",
    "outreach_create",
    "outreach_detail",
    "outreach_edit",
    "outreach_list",
    "outreach_move",
    "profile",
    "profile_edit",
    "public_call",
    "public_thanks",
    "readiness",
    "seminar_detail",
    "seminar_list",
    "support_create",
    "support_detail",
    "support_list",
    "support_status",
    "verify_queue",
]
