import requests
import structlog

log = structlog.get_logger()


def call(rid):
    return requests.get("http://inventory/items", headers={"X-Request-ID": rid}, timeout=3)
