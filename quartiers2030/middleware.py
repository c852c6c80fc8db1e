"""Cross-cutting middleware (knows no app)."""

import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

from .logs import request_id

HEADER = "X-Request-ID"
# What a proxy may send: nginx's $request_id is 32 hex digits, others use UUIDs. Anything
# longer or with other characters (a header is attacker-controlled) is replaced, so log lines
# and response headers never carry what a client chose to inject.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    """Takes the request id from the proxy's X-Request-ID header, or makes one up; tags the
    request's log records with it (quartiers2030.logs.RequestIdFilter) and sends it back in
    the X-Request-ID response header, which gunicorn's access log prints."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request.headers.get(HEADER, "")
        if not _SAFE_ID.fullmatch(value):
            value = uuid.uuid4().hex
        request.request_id = value
        # Not reset on the way out: Django logs 4xx/5xx responses ("Not Found: …") after the
        # whole middleware chain has returned. request_finished, sent when the server closes
        # the response, puts it back to "-".
        request_id.set(value)
        response = self.get_response(request)
        response[HEADER] = value
        return response


@receiver(request_finished, dispatch_uid="quartiers2030.request_id_end")
def _forget_request_id(**kwargs):
    request_id.set("-")
