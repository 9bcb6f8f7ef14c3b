import logging

# audit of disk usage, no user involved
audit_log = logging.getLogger("audit")
audit_log.info("disk usage at 80%")
