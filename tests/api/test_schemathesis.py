"""A property-based run of schemathesis against the API served by a live server: for every
operation, generated parameters (valid and invalid) never get a 5xx, and every answer
matches the OpenAPI document (status code, content type, body schema).

Bounded for CI: 20 examples per operation, no shrinking, no database of examples."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, settings

pytestmark = pytest.mark.django_db(transaction=True)

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def api_schema(live_server, settings):
    # The run makes more requests than the limit allows one client in a minute.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api": "10000/m/ip"}
    call_command("load_demo", verbosity=0)
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
