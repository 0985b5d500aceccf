-- What each user wants to be told, and how: email alerts (on by default),
-- SMS alerts (off by default) to a mobile number in E.164, and the language
-- alerts are written in. No row: the defaults (email, English, no SMS).
CREATE TABLE notification_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    language TEXT NOT NULL,
    email_alerts INTEGER NOT NULL,
    sms_alerts INTEGER NOT NULL,
    mobile_phone TEXT,
    updated_at INTEGER NOT NULL,
    CHECK (sms_alerts = 0 OR mobile_phone IS NOT NULL)
);
