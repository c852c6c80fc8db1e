from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("evenements/<slug:slug>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("evenements/<slug:slug>/agenda.ics", views.event_ics, name="event_ics"),
    path("agenda.ics", views.feed, name="feed"),
    path("organisateurs/<slug:slug>/agenda.ics", views.organiser_feed, name="organiser_feed"),
    path("cycles/<slug:slug>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<slug:slug>/agenda.ics", views.cycle_feed, name="cycle_feed"),
    path("archives/", views.archive, name="archive"),
    path(
        "mentions-legales/",
        TemplateView.as_view(template_name="pages/legal_notice.html"),
        name="legal_notice",
    ),
    path(
        "donnees-personnelles/",
        TemplateView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
]
