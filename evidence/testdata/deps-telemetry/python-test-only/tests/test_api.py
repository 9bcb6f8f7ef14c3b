import structlog
from loguru import logger

log = structlog.get_logger()


def test_api():
    log.info("ok")
