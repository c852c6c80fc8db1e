"""Log records tagged with the request id, and one JSON object per line in production.

Knows no Django setting nor app: gunicorn's config (deploy/gunicorn.conf.py) imports the
formatter before Django is set up.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request being served in this thread (or task), set by
# quartiers2030.middleware.RequestIdMiddleware; "-" outside a request (commands, the worker).
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# gunicorn's access log passes its fields as a dict of "atoms"; the response header
# X-Request-ID (set by the middleware) is this one.
_GUNICORN_REQUEST_ID_ATOM = "{x-request-id}o"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record that goes through the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, request_id,
    and the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": self._request_id(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)

    @staticmethod
    def _request_id(record: logging.LogRecord) -> str:
        if hasattr(record, "request_id"):
            return record.request_id
        if isinstance(record.args, dict) and _GUNICORN_REQUEST_ID_ATOM in record.args:
            # gunicorn writes the access line after the response, out of the request's context.
            return record.args[_GUNICORN_REQUEST_ID_ATOM]
        return request_id.get()
