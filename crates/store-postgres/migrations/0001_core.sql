-- Core model: organisations, their unit hierarchy, people, surveys and responses.
-- Times are Unix milliseconds (BIGINT) so both backends compare them the same way.
-- Names, emails, slugs and languages use COLLATE "C": byte order, as SQLite's
-- BINARY, so lists sort the same on both backends whatever the server's locale.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The change sequence: every write of a response takes the next numbers while
-- holding this row, so sequence order is commit order (see docs/architecture.md).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('response_seq', 0);

CREATE TABLE organisations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    created_at BIGINT NOT NULL
);

CREATE TABLE units (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    parent_id BIGINT REFERENCES units (id),
    name TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX units_sibling_names ON units (org_id, COALESCE(parent_id, 0), name);

CREATE TABLE agents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT COLLATE "C" NOT NULL,
    unit_id BIGINT REFERENCES units (id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    email TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'manager', 'agent')),
    unit_id BIGINT REFERENCES units (id),
    agent_id BIGINT REFERENCES agents (id),
    password_hash TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, email)
);

CREATE TABLE contacts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    email TEXT COLLATE "C",
    phone TEXT,
    name TEXT,
    account TEXT,
    language TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    unsubscribed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, email)
);

CREATE TABLE surveys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    slug TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    default_language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, slug)
);

CREATE TABLE survey_texts (
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    language TEXT COLLATE "C" NOT NULL,
    question TEXT NOT NULL,
    why_question TEXT NOT NULL,
    PRIMARY KEY (survey_id, language)
);

CREATE TABLE responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    seq BIGINT NOT NULL,
    survey_id BIGINT REFERENCES surveys (id),
    score SMALLINT NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment TEXT,
    submitted_at BIGINT NOT NULL,
    channel TEXT,
    touchpoint TEXT,
    unit_id BIGINT REFERENCES units (id),
    agent_id BIGINT REFERENCES agents (id),
    contact_id BIGINT REFERENCES contacts (id),
    account TEXT,
    language TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL,
    dedupe_key BYTEA,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX responses_dedupe ON responses (org_id, dedupe_key);
CREATE INDEX responses_changes ON responses (org_id, seq);

CREATE TABLE api_keys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
