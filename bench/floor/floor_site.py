"""The outer floor of bench/pages_at_scale.py: the smallest Django project that serves a paginated list.

One module, one view: 50 rows of the people table (id, name, email) a page, with Django's Paginator (so a
COUNT(*) and a LIMIT/OFFSET query, as every list page of the platform does), rendered by a template. No
session, no authentication, no i18n, one middleware. Served by the same gunicorn as the platform, on the
same database: what a page costs when the framework does nothing but list.

    DATABASE_URL=postgres://... python -m gunicorn --chdir bench/floor floor_site:application
"""

import os

import dj_database_url
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-bench-not-secret",  # noqa: S106 - serves no session or form
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    INSTALLED_APPS=["django.contrib.contenttypes"],
    DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)},
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "OPTIONS": {}}],
    USE_I18N=False,
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
)

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import models  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import Context, Engine  # noqa: E402
from django.urls import path  # noqa: E402


class Person(models.Model):  # noqa: DJ008 - never printed
    name_latin = models.CharField(max_length=150)
    email = models.CharField(max_length=254)

    class Meta:
        app_label = "floor"
        managed = False
        db_table = "accounts_user"


TEMPLATE = Engine().from_string(
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>People</title></head><body>
<h1>People</h1><table><thead><tr><th>#</th><th>Name</th><th>Email</th></tr></thead><tbody>
{% for person in page %}<tr><td>{{ person.pk }}</td><td>{{ person.name_latin }}</td><td>{{ person.email }}</td></tr>
{% endfor %}</tbody></table>
<p>Page {{ page.number }} of {{ page.paginator.num_pages }}{% if page.has_next %} <a href="?page={{ page.next_page_number }}">next</a>{% endif %}</p>
</body></html>"""
)


def people(request: HttpRequest) -> HttpResponse:
    page = Paginator(Person.objects.order_by("pk"), 50).get_page(request.GET.get("page"))
    return HttpResponse(TEMPLATE.render(Context({"page": page})))


urlpatterns = [path("", people)]
application = WSGIHandler()
