from ninja import NinjaAPI

from kakehashi.api.auth import PersonalAccessToken, SessionAuth
from kakehashi.core.registry import app_modules

api = NinjaAPI(
    title="Kakehashi API",
    version="1",
    description="The program's data, scoped like the pages: each caller sees what their roles allow.",
    auth=[PersonalAccessToken(), SessionAuth()],
    urls_namespace="api",
)
for _app, module in app_modules("api"):
    api.add_router("/", module.router)
