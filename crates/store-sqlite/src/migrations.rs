//! The embedded migrations, in order; `shared/migrations.rs` applies them.
//! Never edit one that has landed (see `migrations/README.md`). SQLite has
//! no 0004: it only re-ordered a PostgreSQL index. 0006 (sign-in
//! attempts) and 0007 (jobs) were written side by side on two branches.

pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "core", include_str!("../migrations/0001_core.sql")),
    (2, "collection", include_str!("../migrations/0002_collection.sql")),
    (3, "outbox", include_str!("../migrations/0003_outbox.sql")),
    (5, "web", include_str!("../migrations/0005_web.sql")),
    (6, "attempts", include_str!("../migrations/0006_attempts.sql")),
    (7, "closed_loop", include_str!("../migrations/0007_closed_loop.sql")),
    (8, "jobs", include_str!("../migrations/0008_jobs.sql")),
    (9, "notification_preferences", include_str!("../migrations/0009_notification_preferences.sql")),
    (10, "notification_channels", include_str!("../migrations/0010_notification_channels.sql")),
    (11, "case_work", include_str!("../migrations/0011_case_work.sql")),
    (12, "told_once", include_str!("../migrations/0012_told_once.sql")),
    (13, "themes", include_str!("../migrations/0013_themes.sql")),
];
