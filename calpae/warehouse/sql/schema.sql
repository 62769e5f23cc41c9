-- The warehouse's tables as the migrations (migrations/NNN_*.sql) leave them
-- today: read the columns of a table here, in one place. The migrations stay
-- what creates and upgrades a warehouse; tests/test_schema.py builds one
-- database from them and one from this file and requires the same tables with
-- the same columns (order, type, nullability, default) and constraints.
--
-- A new column (or table) is two edits in one commit: a new migration
-- (migrations/NNN_what.sql: ALTER TABLE … ADD COLUMN …, applied once to every
-- existing warehouse) and the same column here, at the end of its table (an
-- added column comes last), under a comment naming the migration. The public
-- relations (DESIGN.md) only ever gain columns.
--
-- The views (staging/, intermediate/, marts/) are not here: they are
-- recreated by a writing connection when they changed. What each public column holds is in
-- ../columns.csv.

-- The migrations applied (created by schema.migrate before the first one).
CREATE TABLE schema_migrations (
    version     VARCHAR PRIMARY KEY,
    applied_at  TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE documents (
    -- 001_core
    document_id      VARCHAR PRIMARY KEY,   -- first 16 hex digits of sha256
    source_file      VARCHAR NOT NULL,      -- path relative to the ingested folder
    sha256           VARCHAR NOT NULL,
    doc_type         VARCHAR NOT NULL,      -- convention, avenant, rapport_execution, deliberation,
                                            -- fiche_action, recueil_actes, other
    title            VARCHAR,
    period_start     INTEGER,
    period_end       INTEGER,
    pages            INTEGER NOT NULL,
    status           VARCHAR NOT NULL,      -- ok, needs_ocr, failed
    ingested_at      TIMESTAMP NOT NULL,
    source_format    VARCHAR NOT NULL,      -- text, pdf
    status_reason    VARCHAR,               -- why a document is needs_ocr or failed
    bytes            BIGINT NOT NULL,
    -- 002_registry: what its facts depend on (a new release, a manifest entry)
    fingerprint      VARCHAR,
    manifest_entry   VARCHAR,
    -- 012_failures: a new version that failed, beside the facts of the last one loaded
    last_error       VARCHAR,               -- the last failure's reason
    failed_attempts  INTEGER DEFAULT 0,     -- failures since the last load
    -- 013_folder_tracking
    source_root      VARCHAR,               -- the ingested folder (absolute)
    withdrawn_at     TIMESTAMP,             -- its file left the folder
    CHECK (doc_type IN ('convention', 'avenant', 'rapport_execution', 'deliberation',
                        'fiche_action', 'recueil_actes', 'other')),
    CHECK (status IN ('ok', 'needs_ocr', 'failed'))
);

CREATE TABLE document_departments (
    -- 001_core
    document_id      VARCHAR NOT NULL,
    department_code  VARCHAR NOT NULL,
    department_name  VARCHAR NOT NULL,
    -- 016_department_evidence: how surely, and its first mention in its surest form
    confidence       VARCHAR,   -- high, medium, low
    evidence         VARCHAR,
    page             INTEGER,
    source_line      INTEGER,
    PRIMARY KEY (document_id, department_code)
);

CREATE TABLE document_dates (
    -- 001_core
    document_id    VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    date           DATE NOT NULL,
    evidence       VARCHAR NOT NULL,
    page           INTEGER NOT NULL,
    source_line    INTEGER NOT NULL,
    -- 003_metadata: true when the text gives no year and it was taken from context
    year_inferred  BOOLEAN DEFAULT false,
    CHECK (kind IN ('deliberation', 'signature', 'transmission', 'publication', 'affichage',
                    'convocation', 'instruction', 'other'))
);

CREATE TABLE actions (
    -- 001_core
    action_id           VARCHAR PRIMARY KEY,
    document_id         VARCHAR NOT NULL,
    department_code     VARCHAR,
    action_ref          VARCHAR,
    title               VARCHAR NOT NULL,
    section             VARCHAR NOT NULL,
    measure_code        VARCHAR,
    page                INTEGER NOT NULL,
    source_line         INTEGER NOT NULL,
    -- 005_actions
    measure_confidence  DOUBLE,              -- 0..1; NULL measure below 0.75
    mentions            INTEGER DEFAULT 1,   -- annex row, synthesis row, fiche…
    CHECK (section IN ('socle', 'cofinancee', 'initiative', 'fapi', 'other')),
    CHECK (measure_code IS NULL OR measure_code IN (
        'ASE_SORTIES', 'MARAUDES', 'PREVENTION_SPECIALISEE', 'PREMIER_ACCUEIL',
        'REFERENT_PARCOURS', 'RSA_ORIENTATION', 'GARANTIE_ACTIVITE', 'FORMATION_TS',
        'MOBILITE', 'PETITE_ENFANCE'))
);

CREATE TABLE amounts (
    -- 001_core: the fact and its evidence
    amount_id         VARCHAR PRIMARY KEY,
    document_id       VARCHAR NOT NULL,
    department_code   VARCHAR,
    action_id         VARCHAR,
    label             VARCHAR,
    year              INTEGER,
    funder            VARCHAR NOT NULL,
    nature            VARCHAR NOT NULL,
    amount_eur        DECIMAL(14, 2) NOT NULL,
    evidence          VARCHAR NOT NULL,
    page              INTEGER NOT NULL,
    source_line       INTEGER NOT NULL,
    char_start        INTEGER NOT NULL,
    char_end          INTEGER NOT NULL,
    -- 004_amounts: how it was read
    is_total          BOOLEAN DEFAULT false,   -- on a TOTAL / Sous total row
    is_lower_bound    BOOLEAN DEFAULT false,   -- "> 300 000 €"
    source_kind       VARCHAR,                 -- table, prose, statement
    -- 009_amount_places: where its table stands (NULL in a sentence)
    table_page        INTEGER,                 -- page and line of its table's first row
    table_line        INTEGER,
    table_column      INTEGER,                 -- its column in that table (0 = first)
    -- 010_scope_and_checks: what it covers, what could not be told
    scope             VARCHAR,                 -- action, section, convention, other
    funder_ambiguous  BOOLEAN DEFAULT false,   -- the document does not say who pays
    nature_ambiguous  BOOLEAN DEFAULT false,   -- nor whether planned or spent
    includes_report   BOOLEAN DEFAULT false,   -- a total adding carried-over credits
    -- 015_amount_rows: the first line of its table row (a PDF's cells stand apart)
    table_row_line    INTEGER,                 -- NULL in a sentence
    -- 017_attribution: the span of years of a figure naming no single year, and
    -- why it has its funder, year and nature (JSON: rule and words per field)
    year_start        INTEGER,
    year_end          INTEGER,
    attribution       VARCHAR,
    CHECK (funder IN ('etat', 'departement', 'total', 'other')),
    CHECK (nature IN ('prevu', 'execute', 'report', 'other'))
);

CREATE TABLE indicator_values (
    -- 001_core
    indicator_value_id    VARCHAR PRIMARY KEY,
    document_id           VARCHAR NOT NULL,
    department_code       VARCHAR,
    action_id             VARCHAR,
    indicator_label       VARCHAR NOT NULL,
    indicator_code        VARCHAR,
    year                  INTEGER,
    is_target             BOOLEAN NOT NULL,
    value_raw             VARCHAR,
    value_num             DOUBLE,
    unit                  VARCHAR,
    page                  INTEGER NOT NULL,
    source_line           INTEGER NOT NULL,
    -- 007_indicators: how it was read
    is_half_year          BOOLEAN DEFAULT false,   -- "1er semestre 2022"
    indicator_confidence  DOUBLE,                  -- 0..1 of the code
    column_header         VARCHAR,                 -- the column's header
    CHECK (unit IS NULL OR unit IN ('count', 'percent', 'days', 'eur', 'other'))
);

-- The checks made at extraction (001_core's data_quality, renamed by
-- 010_scope_and_checks): the public data_quality is a view
-- (marts/data_quality.sql), these rows plus the checks of the marts.
CREATE TABLE extraction_checks (
    -- 001_core
    document_id   VARCHAR NOT NULL,
    check_name    VARCHAR NOT NULL,
    severity      VARCHAR NOT NULL,   -- info, warning, error
    message       VARCHAR NOT NULL,
    page          INTEGER,
    source_line   INTEGER,
    -- 010_scope_and_checks: typed figures and the fact concerned
    stated_eur    DECIMAL(14, 2),     -- a figure the document states
    computed_eur  DECIMAL(14, 2),     -- what its parts add up to
    gap_eur       DECIMAL(14, 2),     -- stated - computed
    relation      VARCHAR,            -- the relation of the fact concerned
    fact_id       VARCHAR,            -- its id there
    CHECK (severity IN ('info', 'warning', 'error'))
);

-- 003_metadata: one row per segment of a document: a recueil's acts
-- (out-of-scope ones included, with in_scope = false) and a joint document's
-- département parts.
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

-- 003_metadata: the people a document names.
CREATE TABLE document_people (
    document_id  VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,
    evidence     VARCHAR NOT NULL,
    page         INTEGER NOT NULL,
    source_line  INTEGER NOT NULL,
    CHECK (role IN ('president_cd', 'prefet', 'secretaire_seance', 'signataire', 'other'))
);

-- 011_document_pages: how each page was read: from a text export, a PDF's
-- text layer, or by OCR (with Tesseract's mean word confidence, 0-100).
CREATE TABLE document_pages (
    document_id     VARCHAR NOT NULL,
    page            INTEGER NOT NULL,
    read_by         VARCHAR NOT NULL,   -- text, text_layer, ocr
    ocr_confidence  DOUBLE,             -- NULL unless read by OCR
    PRIMARY KEY (document_id, page),
    CHECK (read_by IN ('text', 'text_layer', 'ocr'))
);

-- 013_folder_tracking: every file a run skipped, with the reason.
CREATE TABLE skipped_files (
    source_root  VARCHAR NOT NULL,   -- the ingested folder
    path         VARCHAR NOT NULL,   -- relative to it
    reason       VARCHAR NOT NULL,
    seen_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (source_root, path)
);

-- 014_ingest_runs: every ingestion run; a run killed midway stays 'running'
-- until the next run marks it 'interrupted'.
CREATE TABLE ingest_runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,   -- running, completed, completed_with_failures, interrupted
    documents    INTEGER,
    failed       INTEGER,
    CHECK (status IN ('running', 'completed', 'completed_with_failures', 'interrupted'))
);
