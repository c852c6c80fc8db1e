from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("evenements/<slug:slug>/", views.event_detail, name="event_detail"),
    path("cycles/<slug:slug>/", views.cycle_detail, name="cycle_detail"),
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
