-- What the web app keeps between requests: sessions, sign-in attempts,
-- single-use account links and the audit log. All of it is in the database,
-- not in a server's memory, so several servers sharing the database agree
-- and a restart signs nobody out.

-- Browser sessions. The cookie holds a random id and only its SHA-256 is
-- stored, so a copy of the database signs nobody in. `org_id` and `user_id`
-- say who is signed in, so a password change or disabling a user can end
-- that user's sessions everywhere.
CREATE TABLE sessions (
    id_hash BYTEA PRIMARY KEY,
    org_id BIGINT REFERENCES organisations (id),
    user_id BIGINT REFERENCES users (id),
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (org_id, user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Every evaluated sign-in, counted per user over a recent window so that a
-- lockout after too many holds across servers; old rows are deleted with
-- the expired sessions.
CREATE TABLE sign_in_attempts (
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_by_user ON sign_in_attempts (user_id, at);

-- Single-use links to choose a password: a reset asked for on the sign-in
-- page, or the invitation an admin sends a new user. Only the token's
-- SHA-256 is stored; `used_at` makes a link work once.
CREATE TABLE user_links (
    token_hash BYTEA PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'invite')),
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);

-- Who did what, for admins to read back: changes to users, units and keys,
-- and failed sign-ins. `actor` keeps how the actor was shown, so a line
-- still reads right after the user is gone.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_by_org ON audit_log (org_id, id);

-- Signing in looks a user up by email before knowing the organisation.
CREATE INDEX users_by_email ON users (email);
