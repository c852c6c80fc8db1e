from django.urls import path

from . import views
from .enums import LegalPageKind

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("evenements/<slug:slug>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("evenements/<slug:slug>/agenda.ics", views.event_ics, name="event_ics"),
    path("agenda.ics", views.feed, name="feed"),
    path("organisateurs/<slug:slug>/", views.organiser_detail, name="organiser_detail"),
    path("organisateurs/<slug:slug>/agenda.ics", views.organiser_feed, name="organiser_feed"),
    path("cycles/<slug:slug>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<slug:slug>/agenda.ics", views.cycle_feed, name="cycle_feed"),
    path("archives/", views.archive, name="archive"),
    path(
        "mentions-legales/",
        views.legal_page,
        {"kind": LegalPageKind.LEGAL_NOTICE},
        name="legal_notice",
    ),
    path(
        "donnees-personnelles/",
        views.legal_page,
        {"kind": LegalPageKind.PRIVACY},
        name="privacy",
    ),
    path(
        "accessibilite/",
        views.legal_page,
        {"kind": LegalPageKind.ACCESSIBILITY},
        name="accessibility",
    ),
]
