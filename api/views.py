"""The public read API, /api/v1/: events, one event with its programme, cycles, organisers.

Why django-ninja rather than Django REST framework + drf-spectacular: the API is read-only,
anonymous and small (four operations). Ninja gives, in one package, the OpenAPI 3 document
derived from the type hints and pydantic models we write anyway (no serializer classes and
no separate schema annotations to keep in step), query-parameter validation with 422
answers, and its own Swagger UI assets, served from our static files (no CDN) once "ninja" is
in INSTALLED_APPS. DRF would bring viewsets, routers, authentication, browsable-API
templates and a second package for the schema: machinery this API does not use.

Rate limit: every operation counts one hit per client IP in allauth's limiter
(`ACCOUNT_RATE_LIMITS["api"]`), which keeps its counters in Django's default cache — the
shared Redis or database cache in production — like the project's other limits, under a
cache lock and with allauth's way of finding the client IP. Ninja's own throttles use the
same cache but no lock, and by default trust any X-Forwarded-For header (a client could
pick a new address per request).

Caching: answers are built from api/selectors.py and kept under the page-cache versions
(api/caching.py); seats and atelier places are added live on every request.

CORS: api/middleware.py lets any origin GET the API (the embeddable agenda).
"""

import datetime as dt
import re
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import Throttled
from ninja.throttling import BaseThrottle
from pydantic import Field, RootModel, field_validator

from events.caching import LISTINGS, SHARED, event_page_names
from events.enums import EventKind
from events.models import Event

from . import schemas, selectors
from .caching import cached

RATE_LIMIT_ACTION = "api"
MAX_PAGE_SIZE = 100
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# What a slug of the portal is made of (SlugField): anything else finds nothing, and could not
# even be sent to PostgreSQL (a NUL byte).
SLUG = r"^[-a-zA-Z0-9_]+$"


class SharedRateLimit(BaseThrottle):
    """One hit per request and IP in allauth's limiter (shared cache)."""

    def allow_request(self, request: HttpRequest) -> bool:
        # allauth's public `ratelimit.consume` never limits GET requests (its own forms are
        # POSTed); the function it wraps takes `limit_get`. Same counters, client IP
        # (allauth's adapter and proxy settings) and cache lock as the project's other limits.
        from allauth.core.internal import ratelimit

        usage = ratelimit.consume(
            request, app="allauth.account", action=RATE_LIMIT_ACTION, limit_get=True
        )
        return usage is not None

    def wait(self) -> float:
        return 60


api = NinjaAPI(
    title="Quartiers 2030 — API publique",
    version="1.0.0",
    description=(
        "Les événements publiés du portail Quartiers 2030 (politique de la ville) : "
        "programmes, ateliers et places restantes, intervenant·es, lieux, ressources "
        "publiées, cycles et organisateurs. Lecture seule, sans authentification, sans "
        "aucune donnée personnelle des participant·es. Dates et heures : Europe/Paris, "
        "avec leur décalage. Trop de requêtes depuis une même adresse : réponse 429."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[SharedRateLimit()],
)


@api.exception_handler(Throttled)
def too_many_requests(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Trop de requêtes : patientez une minute avant de réessayer.")},
        status=429,
    )
    response["Retry-After"] = "60"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Événement introuvable.")}, status=404)


def json_response(model: type[schemas.Schema], data) -> HttpResponse:
    """`data` checked against its schema, as JSON (what the OpenAPI document promises)."""
    return HttpResponse(
        model.model_validate(data).model_dump_json(), content_type="application/json"
    )


ERRORS = {422: schemas.ValidationErrorOut, 429: schemas.Error}


class EventFilters(schemas.Schema):
    organiser: str | None = Field(
        None, max_length=80, pattern=SLUG, description="Slug de l'organisateur."
    )
    cycle: str | None = Field(None, max_length=120, pattern=SLUG, description="Slug du cycle.")
    kind: EventKind | None = Field(None, description="Type d'événement.")
    date_from: dt.date | None = Field(
        None, alias="from", description="Le jour ou après (AAAA-MM-JJ)."
    )
    date_to: dt.date | None = Field(None, alias="to", description="Le jour ou avant (AAAA-MM-JJ).")
    department: str | None = Field(
        None, pattern=r"^[0-9A-Za-z]{1,3}$", description="Numéro du département du lieu, p. ex. 54."
    )
    status: Literal["published", "cancelled"] | None = Field(
        None, description="published (publié) ou cancelled (annulé)."
    )

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def iso_day(cls, value):
        # pydantic would also read "0" or "1700000000" as a timestamp: only AAAA-MM-JJ is a day.
        if value is not None and not (isinstance(value, str) and ISO_DAY.fullmatch(value)):
            raise ValueError(_("Une date de la forme AAAA-MM-JJ est attendue."))
        return value


@api.get(
    "/events",
    response={200: schemas.EventPage, **ERRORS},
    operation_id="list_events",
    summary="Événements",
    description="Les événements publiés ou annulés, du plus ancien au plus récent, par pages.",
    tags=["événements"],
)
def list_events(
    request,
    filters: Query[EventFilters],
    page: int = Query(1, ge=1, le=10_000),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
):
    criteria = filters.model_dump()

    def build() -> bytes:
        found = selectors.events(**criteria)
        count = found.count()
        offset = (page - 1) * page_size
        items = [selectors.event_summary(event) for event in found[offset : offset + page_size]]
        body = {
            "count": count,
            "page": page,
            "pages": max(1, -(-count // page_size)),
            "page_size": page_size,
            "items": items,
        }
        return json_response(schemas.EventPage, body).content

    key = {"op": "events", **criteria, "page": page, "page_size": page_size}
    content = cached(names=(LISTINGS, SHARED), key=key, build=build)
    return HttpResponse(content, content_type="application/json")


@api.get(
    "/events/{slug}",
    response={200: schemas.EventDetail, 404: schemas.Error, **ERRORS},
    operation_id="get_event",
    summary="Un événement",
    description=(
        "L'événement avec son programme, ses ateliers (places restantes), ses intervenant·es, "
        "son lieu et ses ressources publiées. Les places restantes et l'état des "
        "inscriptions sont ceux de l'instant de la demande."
    ),
    tags=["événements"],
)
def get_event(request, slug: str = Path(..., max_length=120, pattern=SLUG)):
    # The row itself, fresh on every request: what the live part reads.
    event = Event.objects.visible().filter(slug=slug).first()
    if event is None:
        raise Http404

    def build() -> dict:
        try:
            return selectors.event_detail(slug=slug)
        except Event.DoesNotExist:  # unpublished meanwhile
            raise Http404 from None

    key = {"op": "event", "slug": slug}
    detail = cached(names=event_page_names(event.pk), key=key, build=build)
    return json_response(
        schemas.EventDetail, selectors.live_registration(event=event, detail=detail)
    )


@api.get(
    "/cycles",
    response={200: list[schemas.Cycle], **ERRORS},
    operation_id="list_cycles",
    summary="Cycles",
    description="Les cycles qui comptent au moins un événement publié ou annulé.",
    tags=["cycles et organisateurs"],
)
def list_cycles(request):
    content = cached(
        names=(LISTINGS, SHARED),
        key={"op": "cycles"},
        build=lambda: json_response(_list_of(schemas.Cycle), selectors.cycles()).content,
    )
    return HttpResponse(content, content_type="application/json")


@api.get(
    "/organisers",
    response={200: list[schemas.Organiser], **ERRORS},
    operation_id="list_organisers",
    summary="Organisateurs",
    tags=["cycles et organisateurs"],
)
def list_organisers(request):
    content = cached(
        names=(LISTINGS, SHARED),
        key={"op": "organisers"},
        build=lambda: json_response(_list_of(schemas.Organiser), selectors.organisers()).content,
    )
    return HttpResponse(content, content_type="application/json")


def _list_of(model):
    return RootModel[list[model]]
