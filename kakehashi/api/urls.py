from ninja import NinjaAPI

from kakehashi.accounts.api import router as accounts_router
from kakehashi.api.auth import PersonalAccessToken, SessionAuth

api = NinjaAPI(
    title="Kakehashi API",
    version="1",
    description="The program's data, scoped like the pages: each caller sees what their roles allow.",
    auth=[PersonalAccessToken(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/", accounts_router)
