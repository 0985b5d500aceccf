-- Attempts counted to limit password guessing and reset mails, by what they
-- are about (see vocal_store::AttemptKind): an account, a client address, a
-- hashed email address. Replaces sign_in_attempts, which counted every
-- evaluated sign-in per account only, for an hour.
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX attempts_by_subject ON attempts (kind, subject, at);
CREATE INDEX attempts_by_time ON attempts (at);
DROP TABLE sign_in_attempts;
