from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The organiser's side, composed on top of every other app: nothing imports it."""

    name = "backoffice"
    verbose_name = _("Back-office")
