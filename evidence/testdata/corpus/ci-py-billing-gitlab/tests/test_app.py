from fastapi.testclient import TestClient

from billing.app import app


def test_invoice():
    assert TestClient(app).get("/invoices/1").json()["status"] == "open"
