//! The storage suite: every test is written once against [`vocal_store::Store`]
//! and runs on SQLite (a fresh file per test) and on PostgreSQL (a fresh
//! database per test, when `VOCAL_TEST_DATABASE_URL` names a server).

#[macro_use]
mod backends;
mod fixtures;
mod web_fixtures;

mod alert_evaluation;
mod api_keys;
mod audit_log;
mod case_escalation;
mod case_work;
mod cases;
mod concurrent_submissions;
mod concurrent_units;
mod corrupt_values;
mod csv_imports;
mod database_outage;
mod import_reference_checks;
mod import_speed;
mod index_exactness;
mod invitations;
mod job_workers;
mod jobs;
mod notification_channels;
mod notification_preferences;
mod orgs;
mod outbox;
mod people_surveys;
mod postgres_connection;
mod read_only_database;
mod response_reads;
mod responses;
mod servers_share_a_database;
mod sessions;
mod submission_duplicates;
mod submission_speed;
mod submissions;
mod surveys;
mod told_once;
mod unit_changes;
mod units_agents;
mod user_changes;
mod user_credentials;
mod user_links;
mod writers_and_readers;
