"""The one WeasyPrint entry point. Every PDF of the portal is rendered here.

Exports never trust their input: the URL fetcher serves only the project's own static and
media files (and inline `data:` images). Any other URL — http(s), file://, 127.0.0.1 — is
refused, so a name or a staff text carrying `<img src=…>` fetches nothing (templates escape
it anyway, and it prints as text).
"""

import base64
import contextlib
import functools
import gc
import io
import logging
import math
import mimetypes
import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

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


# Images a template may print from a stored file (an organiser's logo, a signature).
PRINTABLE_IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def image_src(file) -> str:
    """The `src` that prints a stored image (a FieldFile) in a PDF, or "" when there is
    none or it cannot be read (missing from the storage, not a PNG/JPEG, corrupt): the
    template then leaves the image out, and the document is printed without it.

    A plain string, so that it can be handed to the forked processes that render long
    documents: the /media/ URL the fetcher serves when the file is in MEDIA_ROOT, else the
    image inline as a data: URL.
    """
    if not file:
        return ""
    from PIL import Image, UnidentifiedImageError

    try:
        with file.storage.open(file.name, "rb") as stored:
            data = stored.read()
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("Unreadable image left out of a PDF: %s", file.name, exc_info=True)
        return ""
    if image_format not in PRINTABLE_IMAGE_FORMATS:
        logger.warning("Image left out of a PDF (%s): %s", image_format, file.name)
        return ""
    url = "/" + settings.MEDIA_URL.strip("/") + "/" + quote(file.name)
    if _project_file(BASE_URL.rstrip("/") + url) is not None:
        return url
    encoded = base64.b64encode(data).decode()
    return f"data:{PRINTABLE_IMAGE_FORMATS[image_format]};base64,{encoded}"


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


# --- Long documents: rendering side by side ----------------------------------------------

# Long documents (badges, sign-in sheets, attestations) are cut into parts at page
# boundaries and each part is rendered by its own forked process (Django and WeasyPrint are
# already loaded there; the children never touch the database), then merged with pypdf.
# Below this many items, one process is faster than forking and merging.
PARALLEL_FROM = 120
MAX_PROCESSES = 4
FIRST_PART_SHARE = 0.95  # of an even share, for this process (see split_pages)
# A child that has not answered this many times the time this process took for its own
# part (plus a margin) is killed, and its part is rendered here.
CHILD_PATIENCE = 3
CHILD_MARGIN = 10  # seconds


def process_count(items: int) -> int:
    """How many processes render a document of `items` rows or badges."""
    if items < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_PROCESSES))


def split_pages(pages: list, count: int) -> list[list]:
    """`pages` cut into `count` runs of consecutive pages (at least one part, possibly
    empty, so that an empty document still has its page).

    The first part, rendered by this process, is a little shorter: this process also
    starts merging while the children finish.
    """
    count = max(1, min(count, len(pages)))
    if count == 1:
        return [pages]
    first = round(len(pages) / count * FIRST_PART_SHARE)
    rest = pages[first:]
    size = math.ceil(len(rest) / (count - 1))
    return [pages[:first], *(rest[i : i + size] for i in range(0, len(rest), size))]


def _child(sender, render: Callable[[Any], bytes], part):
    """In the forked process: render, send the PDF, leave without running any clean-up
    (the database connection and temporary files belong to the parent)."""
    try:
        sender.send_bytes(render(part))
    except BaseException:  # the parent renders the part again and gets the error itself
        logger.exception("PDF part failed in a child process")
    finally:
        sender.close()
        os._exit(0)


def render_parts(render: Callable[[Any], bytes], parts: list) -> bytes:
    """Render the parts, all but the first in forked children, and merge the PDFs.

    The children inherit the parts and `render` by fork (nothing is pickled); they only
    render templates from plain values and call WeasyPrint, never the database.
    If a child fails or hangs, its part is rendered in this process instead: the document
    is always complete, only slower.
    """
    with _without_cyclic_gc():
        if len(parts) == 1:
            return render(parts[0])
        return _render_side_by_side(render, parts)


@contextlib.contextmanager
def _without_cyclic_gc():
    """WeasyPrint allocates millions of short-lived objects, which set off the cyclic
    garbage collector again and again: a sixth of the rendering time. Reference counting
    still frees them; the few cycles wait for the collector's return. (The switch is
    process-wide: another thread rendering at the same time just runs without it too.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _render_side_by_side(render: Callable[[Any], bytes], parts: list) -> bytes:
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for part in parts[1:]:
            receiver, sender = context.Pipe(duplex=False)
            try:
                process = context.Process(target=_child, args=(sender, render, part), daemon=True)
                process.start()
            except (OSError, AssertionError):  # no fork here (e.g. inside a daemon process)
                process = None
            sender.close()
            children.append((process, receiver, part))
        started = time.monotonic()
        merged = _Merger(render(parts[0]))
        deadline = started + CHILD_PATIENCE * (time.monotonic() - started) + CHILD_MARGIN
        for process, receiver, part in children:
            pdf = None
            with contextlib.suppress(EOFError, OSError):  # the child died: render it here
                if process is not None and receiver.poll(max(deadline - time.monotonic(), 0)):
                    pdf = receiver.recv_bytes()
            if pdf is None and process is not None:
                process.kill()  # too late: stop it before doing its work here
            merged.append(pdf if pdf is not None else render(part))
        return merged.output()
    finally:
        for process, receiver, _part in children:
            receiver.close()
            if process is not None:
                process.join(0.5)
                if process.is_alive():
                    process.kill()
                    process.join()


class _Merger:
    """One PDF with the pages of all, in order; title and author from the first."""

    def __init__(self, first: bytes):
        import pypdf

        self._pypdf = pypdf
        self._writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(first)))

    def append(self, pdf: bytes):
        self._writer.append(self._pypdf.PdfReader(io.BytesIO(pdf)))

    def output(self) -> bytes:
        output = io.BytesIO()
        self._writer.write(output)
        return output.getvalue()
