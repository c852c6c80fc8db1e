from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.views import api
from backoffice.views.event_page import event_detail

from .health import health

admin.site.site_header = _("Quartiers 2030 — administration")
admin.site.site_title = _("Quartiers 2030")
admin.site.index_title = _("Organisation des événements")


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static_url("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("sante/", health, name="health"),  # for monitors: see quartiers2030/health.py
    # The public event page is composed in the top layer, which sees every app (programme,
    # registration box, resources); its name is the project's, not one app's.
    path("evenements/<slug:slug>/", event_detail, name="event_detail"),
    path("api/v1/", api.urls),  # the public read API, its OpenAPI document and docs
    path("admin/", admin.site.urls),
    path("compte/", include("allauth.urls")),
    path("", include("backoffice.urls")),
    path("", include("registrations.urls")),
    path("", include("events.urls")),
    path("", include("resources.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
