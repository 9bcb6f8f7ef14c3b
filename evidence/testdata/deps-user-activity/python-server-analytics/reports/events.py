from posthog import Posthog

client = Posthog("key", host="https://eu.posthog.com")


def report_viewed(user_id, report_id):
    client.capture(user_id, "report viewed", {"report": report_id})
