-- 013_folder_tracking: the registry follows the ingested folder. A document
-- knows the folder it was found in; a file gone from that folder withdraws its
-- document (its facts stay, for history, out of the marts); a file renamed is
-- moved; every file the run skipped is listed with the reason.
ALTER TABLE documents ADD COLUMN source_root VARCHAR;     -- the ingested folder (absolute)
ALTER TABLE documents ADD COLUMN withdrawn_at TIMESTAMP;  -- its file left the folder

CREATE TABLE skipped_files (
    source_root  VARCHAR NOT NULL,   -- the ingested folder
    path         VARCHAR NOT NULL,   -- relative to it
    reason       VARCHAR NOT NULL,
    seen_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (source_root, path)
);
