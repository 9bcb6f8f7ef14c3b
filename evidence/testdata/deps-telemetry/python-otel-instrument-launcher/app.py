import requests


def fetch():
    return requests.get("https://example.com", timeout=5)
