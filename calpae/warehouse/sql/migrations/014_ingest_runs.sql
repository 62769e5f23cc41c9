-- 014_ingest_runs: every ingestion run, so that a run killed midway leaves a
-- trace: it stays 'running' until the next run marks it 'interrupted'.
CREATE TABLE ingest_runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,   -- running, completed, completed_with_failures, interrupted
    documents    INTEGER,
    failed       INTEGER,
    CHECK (status IN ('running', 'completed', 'completed_with_failures', 'interrupted'))
);
