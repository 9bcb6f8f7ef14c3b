import logging

import structlog

log = structlog.get_logger()
audit_logger = logging.getLogger("audit")


def delete_item(current_user, item):
    audit_logger.info(f"{current_user.username} deleted item {item.id}")
