"""Request ids (X-Request-ID) and the JSON log lines of production."""

import json
import logging
import re

import pytest

from quartiers2030.logs import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    """What the "django.request" logger records, through the request id filter."""
    handler = Records()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_request_id_from_the_proxy_comes_back(client):
    response = client.get("/sante/", headers={"X-Request-ID": "0f3c9a1e-proxy.id_42"})

    assert response["X-Request-ID"] == "0f3c9a1e-proxy.id_42"


@pytest.mark.parametrize(
    "sent",
    ["", "short", "x" * 65, "abc def ghi", "id\r\nSet-Cookie: a=b", "<script>alert(1)</script>"],
    ids=["empty", "short", "long", "space", "header-injection", "markup"],
)
def test_request_id_unsafe_or_absent_is_replaced(client, sent):
    headers = {"X-Request-ID": sent} if sent else {}

    response = client.get("/sante/", headers=headers)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_request_id_differs_between_requests(client):
    ids = {client.get("/sante/")["X-Request-ID"] for _ in range(3)}

    assert len(ids) == 3


def test_log_record_of_a_request_carries_its_id(client, request_log):
    response = client.get("/page-qui-n-existe-pas/", headers={"X-Request-ID": "req-12345678"})

    assert response.status_code == 404
    assert [(r.levelname, r.getMessage(), r.request_id) for r in request_log] == [
        ("WARNING", "Not Found: /page-qui-n-existe-pas/", "req-12345678")
    ]
    assert response["X-Request-ID"] == "req-12345678"


def test_log_record_outside_a_request_has_a_dash():
    record = logging.LogRecord("q2030", logging.INFO, __file__, 1, "hors requête", (), None)

    RequestIdFilter().filter(record)

    assert record.request_id == "-"


def test_json_formatter_writes_one_line_with_the_fields(client, request_log):
    client.get("/page-qui-n-existe-pas/", headers={"X-Request-ID": "req-12345678"})

    line = JsonFormatter().format(request_log[0])

    assert "\n" not in line
    entry = json.loads(line)
    assert list(entry) == ["time", "level", "logger", "message", "request_id"]
    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"]) == (
        "WARNING",
        "django.request",
        "Not Found: /page-qui-n-existe-pas/",
        "req-12345678",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_json_formatter_adds_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("q2030", logging.ERROR, __file__, 1, "échec", (), sys.exc_info())

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "échec"
    assert entry["exception"].splitlines()[-1] == "ValueError: boom"


def test_json_formatter_takes_the_id_of_gunicorn_access_lines():
    atoms = {"r": "GET / HTTP/1.1", "{x-request-id}o": "abc123def456"}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(r)s", (atoms,), None
    )

    entry = json.loads(JsonFormatter().format(record))

    assert (entry["message"], entry["request_id"]) == ("GET / HTTP/1.1", "abc123def456")


def test_request_id_is_forgotten_once_the_response_is_closed(client):
    client.get("/sante/", headers={"X-Request-ID": "req-12345678"})

    assert request_id.get() == "-"
