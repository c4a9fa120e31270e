"""The generated OpenAPI schema, fuzzed by schemathesis through the WSGI app with a key: no server error, and every
response conforms to the schema (status, content type, body). Bounded examples, so CI stays quick."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks as stock_checks

from mentoring.wsgi import application
from tests.associations.factories import AssociationFactory, api_key_for
from tests.matching.factories import MentorProfileFactory, MentorshipFactory, YouthRequestFactory

# Generating the schema reads no data: it is loaded once, at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def api_key(db):
    association = AssociationFactory(slug="a", departments=["75"])
    YouthRequestFactory(routed=True, association=association)
    MentorProfileFactory(association=association)
    MentorshipFactory(association=association, under_way=True)
    return api_key_for(association)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, api_key):
    # The WSGI transport asks for gzip as requests does, but does not decode it as requests would: ask for plain bodies.
    response = case.call(headers={"Authorization": f"Bearer {api_key}", "Accept-Encoding": "identity"})
    case.validate_response(
        response,
        checks=[
            stock_checks.not_a_server_error,
            stock_checks.status_code_conformance,
            stock_checks.content_type_conformance,
            stock_checks.response_schema_conformance,
        ],
    )
