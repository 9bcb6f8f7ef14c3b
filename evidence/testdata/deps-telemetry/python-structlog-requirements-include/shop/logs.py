import structlog

logger = structlog.get_logger(__name__)
