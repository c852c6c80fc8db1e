import json

import jsonschema_rs
import pytest
from django.core.management import call_command

from api.views import api

SEED_EVENT = "2025-10-02-journee-regionale-cooperations"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def openapi():
    # Through JSON, as clients read it (status codes become strings).
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1")))


def assert_matches_schema(openapi: dict, path: str, response) -> None:
    """The JSON body of `response` is what the OpenAPI document says `GET path` answers
    with that status (formats such as date-time checked too)."""
    operation = openapi["paths"][path]["get"]
    declared = operation["responses"][str(response.status_code)]
    schema = declared["content"]["application/json"]["schema"]
    validator = jsonschema_rs.validator_for(
        {**schema, "components": openapi["components"]}, validate_formats=True
    )
    errors = [str(error) for error in validator.iter_errors(response.json())]
    assert errors == []
