"""The one WeasyPrint entry point. Every PDF of the portal is rendered here.

Exports never trust their input: the URL fetcher serves only the project's own static and
media files (and inline `data:` images). Any other URL — http(s), file://, 127.0.0.1 — is
refused, so a name or a staff text carrying `<img src=…>` fetches nothing (templates escape
it anyway, and it prints as text).
"""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Relative URLs in PDF templates ("/static/…", "/media/…") resolve against this fake origin,
# which the fetcher maps to files on disk. Nothing is ever requested from it.
BASE_URL = "https://pdf.quartiers2030.invalid/"
_HOST = urlsplit(BASE_URL).netloc


def _project_file(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != _HOST:
        return None
    path = unquote(parts.path)
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    media_prefix = "/" + settings.MEDIA_URL.lstrip("/")
    if path.startswith(static_prefix):
        found = finders.find(path.removeprefix(static_prefix))
        return Path(found) if found else None
    if path.startswith(media_prefix):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path.removeprefix(media_prefix)).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    return None


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        """Serves the project's static/media files and data: URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _project_file(url)
            if path is None:
                raise ValueError(f"Blocked URL in a PDF: {url[:200]}")
            # Keep the original URL: relative URLs inside a stylesheet resolve against it.
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return ProjectFilesFetcher


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    """Render an HTML string. Title and author come from <title> and <meta name="author">.

    `tagged` produces a PDF/UA-1 file (structure tags for screen readers); large batch
    documents such as badges may turn it off for speed.
    """
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher_class()())
    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    return document.write_pdf(font_config=_font_config(), **options)


def render_pdf(template_name: str, context: dict, *, tagged: bool = True) -> bytes:
    return html_to_pdf(render_to_string(template_name, context), tagged=tagged)
