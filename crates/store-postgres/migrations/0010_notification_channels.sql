-- An organisation's notification channels: where case alerts leave Vocal
-- over HTTP (a Standard Webhooks receiver, Slack, Teams, an SMS gateway).
-- See docs/notifications.md. A webhook's signing secret is kept readable
-- because the server signs with it; the previous one stays valid for a
-- grace period after a rotation. `config` holds kind-specific JSON (the
-- SMS gateway's request template); `events` is a comma-separated list.
CREATE TABLE notification_channels (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack', 'teams', 'sms_gateway')),
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,
    events TEXT NOT NULL,
    secret TEXT,
    previous_secret TEXT,
    previous_secret_expires_at BIGINT,
    config TEXT,
    last_delivery_at BIGINT,
    last_delivery_status TEXT,
    last_delivery_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (org_id, name)
);
