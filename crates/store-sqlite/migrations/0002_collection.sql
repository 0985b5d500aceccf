-- Collecting responses: surveys kept whole as JSON, and invitations that ask
-- one contact to answer one survey through a link carrying a secret token.
-- Times are Unix milliseconds (INTEGER), as in 0001.

-- The validated `SurveyDefinition` as JSON. `slug`, `name` and
-- `default_language` stay, filled from it, for lookups and lists. Surveys
-- stored before this migration keep '{}' and are not listed until applied again.
ALTER TABLE surveys ADD COLUMN definition TEXT NOT NULL DEFAULT '{}';
ALTER TABLE surveys ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE surveys SET updated_at = created_at;

-- The texts now live in the definition.
DROP TABLE survey_texts;

-- Invitations match a contact by email, else by phone.
CREATE INDEX contacts_phone ON contacts (org_id, phone);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    survey_id INTEGER NOT NULL REFERENCES surveys (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    channel TEXT NOT NULL,
    -- SHA-256 of the link's token: a survey page finds its invitation by it.
    token_hash BLOB NOT NULL UNIQUE,
    -- The token encrypted with the server's key, to show the link again.
    token_seal BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    -- An `InvitationContext` as JSON: what flows onto the response.
    context TEXT NOT NULL DEFAULT '{}'
);
