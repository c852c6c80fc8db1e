"""System checks of the events app (tag "q2030").

A legal page still "à compléter" in production is reported as a Warning, not an Error, on
purpose. An Error stops every management command that runs the checks, `migrate` and
`createsuperuser` included: on a fresh production database nobody could ever create the
superuser who writes those pages. The public never sees a placeholder anyway (the page
shows "Page en cours de rédaction" to everyone but staff, see events/views.py); the
warning is printed by every `check` and `migrate` until the pages are written, and a
deployment that wants it blocking runs `manage.py check --tag q2030 --fail-level WARNING`
(which fails, as it should, before the pages are written).
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register("q2030")
def legal_pages_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    from .legal import DEFAULT_TITLES, legal_texts, shipped_texts

    try:
        texts = legal_texts()
    except DatabaseError:
        # Not migrated yet (`migrate` runs the checks first): the pages would show the
        # texts shipped with the portal.
        texts = shipped_texts()
    return [
        checks.Warning(
            f"La page « {DEFAULT_TITLES[text.kind]} » est à compléter : "
            f"{', '.join(text.placeholders)}.",
            hint="Un superutilisateur la rédige dans l'administration (Pages légales). "
            "D'ici là, le public voit « Page en cours de rédaction ».",
            obj=f"events.LegalPage[{text.kind}]",
            id="q2030.W001",
        )
        for text in texts
        if text.placeholders
    ]
