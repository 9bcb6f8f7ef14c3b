from collections import Counter as Tally

from prometheus_client import Counter, Histogram

JOBS = Counter("jobs_processed_total", "Jobs processed", ["queue"])
LATENCY = Histogram("job_latency_seconds", "Job latency")
WORDS = Tally("a b a".split())
