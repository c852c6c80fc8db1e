from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public read API and the open-data formats (JSON-LD): a top layer, like
    backoffice, that reads every app and that nothing imports."""

    name = "api"
    verbose_name = _("API publique")
