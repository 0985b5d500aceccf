-- What each user wants to be told, and how: email alerts (on by default),
-- SMS alerts (off by default) to a mobile number in E.164, and the language
-- alerts are written in. No row: the defaults (email, English, no SMS).
CREATE TABLE notification_preferences (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    language TEXT NOT NULL,
    email_alerts BOOLEAN NOT NULL,
    sms_alerts BOOLEAN NOT NULL,
    mobile_phone TEXT,
    updated_at BIGINT NOT NULL,
    CHECK (NOT sms_alerts OR mobile_phone IS NOT NULL)
);
