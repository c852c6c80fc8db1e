"""The portal's legal pages: mentions légales, données personnelles, accessibilité.

A superuser writes each one in the admin (LegalPage); until then the page shows the text
shipped with the portal (templates/pages/legal/<kind>.md), whose bracketed parts —
"[Nom de la structure]" — only the publishing organisation can fill in.

A text with such a placeholder is "à compléter" and must never reach the public as is:
visitors get a neutral "Page en cours de rédaction", staff get the text under a banner
listing what is missing (events/views.py), and the system check in events/checks.py warns
at every `manage.py check` / `migrate` of a production configuration.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from quartiers2030.markdown import render_markdown

from .enums import LegalPageKind
from .models import LegalPage

URL_NAMES = {
    LegalPageKind.LEGAL_NOTICE: "events:legal_notice",
    LegalPageKind.PRIVACY: "events:privacy",
    LegalPageKind.ACCESSIBILITY: "events:accessibility",
}
DEFAULT_TITLES = {
    LegalPageKind.LEGAL_NOTICE: _("Mentions légales"),
    LegalPageKind.PRIVACY: _("Données personnelles"),
    LegalPageKind.ACCESSIBILITY: _("Déclaration d'accessibilité"),
}

# "[Nom de la structure]", but not the Markdown around brackets: a link "[text](url)", a
# reference "[text][ref]" or "[ref]: url", an image "![alt](src)" or a footnote "[^1]".
PLACEHOLDER = re.compile(r"(?<![\]\\])\[(?!\^)([^\[\]\n]{1,300})\](?![(\[:])")


def placeholders(text: str) -> list[str]:
    """The bracketed placeholders of `text`, each once, in order of appearance."""
    found = [match.group(0) for match in PLACEHOLDER.finditer(text or "") if match[1].strip()]
    return list(dict.fromkeys(found))


def default_body(kind: str) -> str:
    """The Markdown text shipped with the portal (in the active language)."""
    return render_to_string(f"pages/legal/{kind}.md").strip() + "\n"


@dataclass(frozen=True)
class LegalText:
    kind: str
    title: str
    body: str  # Markdown
    updated_at: dt.datetime | None = None  # None: the text shipped with the portal

    @property
    def placeholders(self) -> list[str]:
        return placeholders(f"{self.title}\n{self.body}")

    @property
    def html(self) -> str:
        return render_markdown(self.body, with_h2=True)

    @property
    def default_title(self) -> str:
        return str(DEFAULT_TITLES[self.kind])


def shipped_text(kind: str) -> LegalText:
    return LegalText(kind=kind, title=str(DEFAULT_TITLES[kind]), body=default_body(kind))


def shipped_texts() -> list[LegalText]:
    return [shipped_text(kind) for kind in LegalPageKind]


def _written(page: LegalPage) -> LegalText:
    return LegalText(kind=page.kind, title=page.title, body=page.body, updated_at=page.updated_at)


def legal_text(kind: str) -> LegalText:
    """The page written in the admin, or the text shipped with the portal."""
    page = LegalPage.objects.filter(kind=kind).first()
    return shipped_text(kind) if page is None else _written(page)


def legal_texts() -> list[LegalText]:
    """Every legal page, in one query."""
    pages = {page.kind: page for page in LegalPage.objects.all()}
    return [
        _written(pages[kind]) if kind in pages else shipped_text(kind) for kind in LegalPageKind
    ]


def edit_url(kind: str) -> str:
    """The admin page where a superuser writes the page (a new one starts from the text
    shipped with the portal, see LegalPageAdmin)."""
    page = LegalPage.objects.filter(kind=kind).only("pk").first()
    if page is None:
        return reverse("admin:events_legalpage_add") + f"?kind={kind}"
    return reverse("admin:events_legalpage_change", args=[page.pk])


def retention_facts() -> dict:
    """The durations actually configured, shown under the "Données personnelles" page
    whatever its text says: the settings, and the organisers that chose their own."""
    from django.conf import settings

    from .models import Organiser

    return {
        "default": settings.RETENTION_MONTHS_DEFAULT,
        "min": settings.RETENTION_MONTHS_MIN,
        "max": settings.RETENTION_MONTHS_MAX,
        "organisers": list(
            Organiser.objects.filter(retention_months__isnull=False)
            .order_by("name")
            .values_list("name", "retention_months")
        ),
        "unverified_days": settings.UNVERIFIED_ACCOUNT_DAYS,
        "inactive_months": settings.INACTIVE_ACCOUNT_MONTHS,
        "warning_days": settings.INACTIVE_ACCOUNT_WARNING_DAYS,
        "trail_months": settings.PERSONAL_DATA_TRAIL_MONTHS,
    }
