-- Versions for optimistic concurrency: every saved change of a workload or
-- of one question's answer increases its version by one, and writes of whole
-- objects must name the version they were based on. Rows that exist before
-- this migration start at version 1, as if written once.

ALTER TABLE workloads ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
