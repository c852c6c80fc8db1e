from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from events.caching import LISTINGS
from quartiers2030 import pagecache

from . import selectors
from .forms import LibraryFilterForm
from .models import Resource

LIBRARY_PAGE_SIZE = 20


@pagecache.cached_page(LISTINGS)
def library(request):
    form = LibraryFilterForm(request.GET, options=selectors.library_options())
    resources = selectors.library_resources(**form.filters())
    page = Paginator(resources, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "resources/library.html", {"form": form, "page": page})


def download(request, pk):
    """Serve a resource file under a type taken from the whitelist, never from the upload.

    `nosniff` stops browsers from guessing another type, and the `sandbox` policy runs
    whatever is displayed inline (a PDF, an image) as an opaque origin without scripts.
    """
    try:
        resource = selectors.resource_for_download(pk=pk, user=request.user)
    except Resource.DoesNotExist:
        raise Http404 from None
    file_type = resource.file_type
    if file_type is None:  # stored before the whitelist, or by hand: never served
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not file_type.inline,
        filename=resource.download_name,
        content_type=file_type.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    if not resource.published:  # a staff preview must not land in a shared cache
        patch_cache_control(response, private=True, no_store=True)
    return response
