-- 001_core: the analyst SQL interface (DESIGN.md) and the registry behind it.
-- Public relations: documents, document_departments, document_dates, actions,
-- amounts, indicator_values, data_quality. Change them only by adding columns.

CREATE TABLE documents (
    document_id    VARCHAR PRIMARY KEY,   -- first 16 hex digits of sha256
    source_file    VARCHAR NOT NULL,      -- path relative to the ingested folder
    sha256         VARCHAR NOT NULL,
    doc_type       VARCHAR NOT NULL,      -- convention, avenant, rapport_execution, deliberation,
                                          -- fiche_action, recueil_actes, other
    title          VARCHAR,
    period_start   INTEGER,
    period_end     INTEGER,
    pages          INTEGER NOT NULL,
    status         VARCHAR NOT NULL,      -- ok, needs_ocr, failed
    ingested_at    TIMESTAMP NOT NULL,
    source_format  VARCHAR NOT NULL,      -- text, pdf
    status_reason  VARCHAR,               -- why a document is needs_ocr or failed
    bytes          BIGINT NOT NULL,
    CHECK (doc_type IN ('convention', 'avenant', 'rapport_execution', 'deliberation',
                        'fiche_action', 'recueil_actes', 'other')),
    CHECK (status IN ('ok', 'needs_ocr', 'failed'))
);

CREATE TABLE document_departments (
    document_id      VARCHAR NOT NULL,
    department_code  VARCHAR NOT NULL,
    department_name  VARCHAR NOT NULL,
    PRIMARY KEY (document_id, department_code)
);

CREATE TABLE document_dates (
    document_id  VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    date         DATE NOT NULL,
    evidence     VARCHAR NOT NULL,
    page         INTEGER NOT NULL,
    source_line  INTEGER NOT NULL,
    CHECK (kind IN ('deliberation', 'signature', 'transmission', 'publication', 'affichage',
                    'convocation', 'instruction', 'other'))
);

CREATE TABLE actions (
    action_id        VARCHAR PRIMARY KEY,
    document_id      VARCHAR NOT NULL,
    department_code  VARCHAR,
    action_ref       VARCHAR,
    title            VARCHAR NOT NULL,
    section          VARCHAR NOT NULL,
    measure_code     VARCHAR,
    page             INTEGER NOT NULL,
    source_line      INTEGER NOT NULL,
    CHECK (section IN ('socle', 'cofinancee', 'initiative', 'fapi', 'other')),
    CHECK (measure_code IS NULL OR measure_code IN (
        'ASE_SORTIES', 'MARAUDES', 'PREVENTION_SPECIALISEE', 'PREMIER_ACCUEIL',
        'REFERENT_PARCOURS', 'RSA_ORIENTATION', 'GARANTIE_ACTIVITE', 'FORMATION_TS',
        'MOBILITE', 'PETITE_ENFANCE'))
);

CREATE TABLE amounts (
    amount_id        VARCHAR PRIMARY KEY,
    document_id      VARCHAR NOT NULL,
    department_code  VARCHAR,
    action_id        VARCHAR,
    label            VARCHAR,
    year             INTEGER,
    funder           VARCHAR NOT NULL,
    nature           VARCHAR NOT NULL,
    amount_eur       DECIMAL(14, 2) NOT NULL,
    evidence         VARCHAR NOT NULL,
    page             INTEGER NOT NULL,
    source_line      INTEGER NOT NULL,
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL,
    CHECK (funder IN ('etat', 'departement', 'total', 'other')),
    CHECK (nature IN ('prevu', 'execute', 'report', 'other'))
);

CREATE TABLE indicator_values (
    indicator_value_id  VARCHAR PRIMARY KEY,
    document_id         VARCHAR NOT NULL,
    department_code     VARCHAR,
    action_id           VARCHAR,
    indicator_label     VARCHAR NOT NULL,
    indicator_code      VARCHAR,
    year                INTEGER,
    is_target           BOOLEAN NOT NULL,
    value_raw           VARCHAR,
    value_num           DOUBLE,
    unit                VARCHAR,
    page                INTEGER NOT NULL,
    source_line         INTEGER NOT NULL,
    CHECK (unit IS NULL OR unit IN ('count', 'percent', 'days', 'eur', 'other'))
);

CREATE TABLE data_quality (
    document_id  VARCHAR NOT NULL,
    check_name   VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL,            -- info, warning, error
    message      VARCHAR NOT NULL,
    page         INTEGER,
    source_line  INTEGER,
    CHECK (severity IN ('info', 'warning', 'error'))
);
