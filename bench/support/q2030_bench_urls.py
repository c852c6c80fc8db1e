"""The site's URLs plus the bare view the bench compares every page with."""

from django.http import HttpResponse
from django.urls import path

from quartiers2030.urls import urlpatterns as site


def bare(request):
    """Django and its middleware, nothing else."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site]
