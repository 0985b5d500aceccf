-- Core model: organisations, their unit hierarchy, people, surveys and responses.
-- Times are Unix milliseconds (INTEGER) so both backends compare them the same way.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The change sequence: every write of a response takes the next numbers while
-- holding this row, so sequence order is commit order (see docs/architecture.md).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('response_seq', 0);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    created_at INTEGER NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    parent_id INTEGER REFERENCES units (id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX units_sibling_names ON units (org_id, COALESCE(parent_id, 0), name);

CREATE TABLE agents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    unit_id INTEGER REFERENCES units (id),
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'manager', 'agent')),
    unit_id INTEGER REFERENCES units (id),
    agent_id INTEGER REFERENCES agents (id),
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, email)
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    email TEXT,
    phone TEXT,
    name TEXT,
    account TEXT,
    language TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    unsubscribed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, email)
);

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    default_language TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, slug)
);

CREATE TABLE survey_texts (
    survey_id INTEGER NOT NULL REFERENCES surveys (id),
    language TEXT NOT NULL,
    question TEXT NOT NULL,
    why_question TEXT NOT NULL,
    PRIMARY KEY (survey_id, language)
);

CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    seq INTEGER NOT NULL,
    survey_id INTEGER REFERENCES surveys (id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment TEXT,
    submitted_at INTEGER NOT NULL,
    channel TEXT,
    touchpoint TEXT,
    unit_id INTEGER REFERENCES units (id),
    agent_id INTEGER REFERENCES agents (id),
    contact_id INTEGER REFERENCES contacts (id),
    account TEXT,
    language TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL,
    dedupe_key BLOB,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX responses_dedupe ON responses (org_id, dedupe_key);
CREATE INDEX responses_changes ON responses (org_id, seq);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
