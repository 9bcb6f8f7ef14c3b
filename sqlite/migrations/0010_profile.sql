-- A workload's profile: its business context as JSON ('null' for none).
ALTER TABLE workloads ADD COLUMN profile TEXT NOT NULL DEFAULT 'null';
