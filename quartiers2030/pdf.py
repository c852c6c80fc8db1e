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
import mimetypes
import multiprocessing
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
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
    documents (see PagedPdf): the /media/ URL the fetcher serves when the file is in
    MEDIA_ROOT, else the image inline as a data: URL.
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


# --- Long documents: in chunks, over one or several processes ----------------------------

# A long document (badges, sign-in sheets, attestations) is a list of pages, each printed
# from plain values, rendered a few dozen pages per WeasyPrint call (CHUNK_PAGES unless the
# document says otherwise): WeasyPrint keeps the layout of every page of a call until the
# end of it (hundreds of kilobytes a page), so one call for 3,000 attestations takes
# nearly 2 GB. Each chunk's PDF goes to a temporary file
# and pypdf merges the files, which keeps only the PDF objects (a few kilobytes a page).
#
# Only the task that prepares a document (backoffice/preparation.py, in the worker) renders
# over several forked processes; a web request always renders in its own process.
CHUNK_PAGES = 100
# Below this many pages, one process is faster than forking and merging (bench/badges.py).
PARALLEL_FROM = 120
MAX_PROCESSES = 4
# A child that sends nothing for this long is killed, and its chunks are rendered here.
CHILD_TIMEOUT = 300  # seconds


def process_count(pages: int) -> int:
    """How many processes the task uses to render a document of `pages` pages."""
    if pages < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_PROCESSES))


Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass
class PagedPdf:
    """A long document, ready to render: `render(first, pages)` returns the PDF of the
    consecutive `pages` starting at index `first` of the document (sign-in sheets print
    "page X / Y": their pagination is fixed in advance, so any run of pages can be rendered
    on its own). `render` only reads plain values, never the database: it may run in a
    forked process."""

    render: Callable[[int, list], bytes]
    pages: list
    chunk_pages: int = CHUNK_PAGES

    def chunks(self) -> list[tuple[int, list]]:
        """(index of the first page, pages) of each WeasyPrint call; an empty document
        still gets its one call (and page)."""
        size = max(1, self.chunk_pages)
        return [(i, self.pages[i : i + size]) for i in range(0, len(self.pages), size)] or [(0, [])]

    def write(self, out: BinaryIO, *, processes: int = 1, progress: Progress | None = None):
        """Render into the binary file `out`, over `processes` forked processes at most."""
        chunks = self.chunks()
        total = len(self.pages)
        with tempfile.TemporaryDirectory(prefix="q2030-pdf-") as folder:
            paths = [Path(folder) / f"{index:05d}.pdf" for index in range(len(chunks))]
            processes = max(1, min(processes, len(chunks)))
            if processes == 1:
                done = _rendered_here(self.render, chunks, paths)
            else:
                done = _rendered_by_children(self.render, chunks, paths, processes)
            merger = _Merger()
            for (first, pages), path in zip(chunks, done, strict=True):
                merger.append(path)
                if progress is not None:
                    progress(first + len(pages), total)
            merger.write(out)

    def to_bytes(self) -> bytes:
        """The whole PDF, rendered in this process (a web request never forks)."""
        output = io.BytesIO()
        self.write(output)
        return output.getvalue()


def _render_chunk(render, chunk: tuple[int, list], path: Path) -> Path:
    """Render one chunk to `path` (atomically: a file there is complete)."""
    with _without_cyclic_gc():
        pdf = render(*chunk)
    partial = path.with_suffix(".part")
    partial.write_bytes(pdf)
    partial.rename(path)
    del pdf
    # The cyclic collector was off while rendering: free the chunk's layout cycles now, so
    # that memory does not grow with the number of chunks.
    gc.collect()
    return path


def _rendered_here(render, chunks, paths):
    """Yield each chunk's file once rendered, in order (rendering it on demand)."""
    for chunk, path in zip(chunks, paths, strict=True):
        yield _render_chunk(render, chunk, path)


def _child(sender, render, chunks, paths, mine: list[int]):
    """In a forked process: render the chunks numbered `mine`, telling the parent after
    each one, then leave without any clean-up (the database connection and the temporary
    folder belong to the parent). The parent renders again whatever is missing."""
    try:
        for index in mine:
            _render_chunk(render, chunks[index], paths[index])
            sender.send(index)
    except BaseException:
        logger.exception("PDF chunk failed in a child process")
    finally:
        sender.close()
        os._exit(0)


def _rendered_by_children(render, chunks, paths, processes: int):
    """Yield each chunk's file in order, the chunks dealt to `processes` forked children
    in turn (chunk i to child i mod n: they come back roughly in order, so that the parent
    merges while the children render). A chunk whose child failed or fell silent for
    CHILD_TIMEOUT is rendered here: the document is always complete, only slower."""
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for number in range(processes):
            mine = list(range(number, len(chunks), processes))
            receiver, sender = context.Pipe(duplex=False)
            try:
                process = context.Process(
                    target=_child, args=(sender, render, chunks, paths, mine), daemon=True
                )
                process.start()
            except (OSError, AssertionError):  # no fork here (e.g. inside a daemon process)
                process = None
            sender.close()
            children.append((process, receiver))
        for index, path in enumerate(paths):
            process, receiver = children[index % processes]
            if process is not None and not path.exists():
                _wait_for(receiver, index, process)
            if not path.exists():
                _render_chunk(render, chunks[index], path)
            yield path
    finally:
        for process, receiver in children:
            receiver.close()
            if process is not None:
                process.join(0.5)
                if process.is_alive():
                    process.kill()
                    process.join()


def _wait_for(receiver, index: int, process) -> None:
    """Read the child's messages until it reports chunk `index`; kill it if it dies or
    stays silent too long (its remaining chunks are then rendered by the parent)."""
    with contextlib.suppress(EOFError, OSError):
        while receiver.poll(CHILD_TIMEOUT):
            if receiver.recv() >= index:
                return
    process.kill()


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


class _Merger:
    """One PDF with the pages of all the files appended, in order; title and author from
    the first. pypdf reads each file as it is appended and keeps only its PDF objects."""

    def __init__(self):
        import pypdf

        self._pypdf = pypdf
        self._writer = None

    def append(self, path: Path):
        if self._writer is None:
            self._writer = self._pypdf.PdfWriter(clone_from=self._pypdf.PdfReader(path))
        else:
            self._writer.append(self._pypdf.PdfReader(path))

    def write(self, out: BinaryIO):
        self._writer.write(out)
