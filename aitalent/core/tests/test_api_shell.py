from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3(client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]


def test_docs_use_local_assets_only(client) -> None:
    response = client.get("/api/docs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in body
    assert "cdn." not in body and "unpkg" not in body and "jsdelivr" not in body


def test_errors_have_one_format(api_client) -> None:
    response = api_client.post("/api/v1/auth/token/", {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"email", "password"}
    assert "email" in error["message"]


def test_anonymous_api_requests_are_refused(api_client) -> None:
    response = api_client.get("/api/v1/accounts/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
