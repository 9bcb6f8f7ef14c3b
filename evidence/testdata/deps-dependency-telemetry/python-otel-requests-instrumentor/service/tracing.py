from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.sdk.trace import TracerProvider


def setup():
    RequestsInstrumentor().instrument()
    return TracerProvider()
