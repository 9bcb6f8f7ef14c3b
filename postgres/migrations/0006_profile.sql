-- A workload's profile: its business context ('null' for none).
ALTER TABLE workloads ADD COLUMN profile jsonb NOT NULL DEFAULT 'null';
