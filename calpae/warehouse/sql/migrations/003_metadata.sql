-- 003_metadata: the parts of a document, the people it names, inferred years.

-- One row per segment of a document: a recueil's acts (out-of-scope ones
-- included, with in_scope = false) and a joint document's département parts.
CREATE TABLE document_segments (
    document_id      VARCHAR NOT NULL,
    segment_no       INTEGER NOT NULL,
    label            VARCHAR NOT NULL,
    department_code  VARCHAR,            -- NULL for a joint part
    in_scope         BOOLEAN NOT NULL,   -- false: not about the convention, no facts
    reason           VARCHAR NOT NULL,
    page_from        INTEGER NOT NULL,
    line_from        INTEGER NOT NULL,
    page_to          INTEGER NOT NULL,
    line_to          INTEGER NOT NULL,
    PRIMARY KEY (document_id, segment_no)
);

CREATE TABLE document_people (
    document_id  VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,
    evidence     VARCHAR NOT NULL,
    page         INTEGER NOT NULL,
    source_line  INTEGER NOT NULL,
    CHECK (role IN ('president_cd', 'prefet', 'secretaire_seance', 'signataire', 'other'))
);

-- true when the text gives no year and it was taken from context ("13 décembre").
ALTER TABLE document_dates ADD COLUMN year_inferred BOOLEAN DEFAULT false;
