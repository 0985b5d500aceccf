-- Every email Vocal sends or would send: the mail history admins browse,
-- and, when no SMTP server is configured, the only place the message goes.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'outbox', 'failed')),
    error TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX outbox_by_org ON outbox (org_id, id);
