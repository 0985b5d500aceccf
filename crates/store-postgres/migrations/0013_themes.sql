-- An organisation's theme taxonomy (docs/themes.md), as applied with
-- `vocal themes apply` or the API: its TOML text, validated whole before it
-- is stored. No row: the default customer-service taxonomy.
CREATE TABLE theme_taxonomies (
    org_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    definition TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
