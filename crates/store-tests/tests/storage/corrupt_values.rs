//! A stored value that does not decode comes back as `StoreError::Corrupt`
//! naming its table and column, never as a panic: each test breaks one value
//! with raw SQL, behind the store's back, and reads it through the store.

use std::future::Future;

use vocal_domain::Role;
use vocal_store::{NewContact, Store, StoreError};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::fixtures::{email, new_org, phone, response, survey};
use crate::web_fixtures::new_user;

storage_tests!(
    contact_attributes_that_are_not_json_name_their_column,
    the_schema_refuses_an_unknown_role,
    attributes_that_are_not_json_name_responses_attributes,
    a_survey_definition_that_does_not_parse_names_surveys_definition,
    a_text_where_a_number_belongs_names_its_column,
    an_address_or_number_changed_behind_the_stores_back_names_its_column,
);

/// Raw SQL on the store's own database, for breaking it.
pub trait RawSql {
    fn try_execute_raw(&self, sql: &'static str) -> impl Future<Output = Result<(), sqlx::Error>>;
    fn execute_raw(&self, sql: &'static str) -> impl Future<Output = ()> {
        async move { self.try_execute_raw(sql).await.expect("the raw SQL runs") }
    }
    /// SQLite keeps any value in any column; PostgreSQL refuses a wrong type.
    fn typed_columns(&self) -> bool;
}

impl RawSql for SqliteStore {
    async fn try_execute_raw(&self, sql: &'static str) -> Result<(), sqlx::Error> {
        sqlx::query(sql).execute(self.pool()).await.map(drop)
    }
    fn typed_columns(&self) -> bool {
        false
    }
}

impl RawSql for PostgresStore {
    async fn try_execute_raw(&self, sql: &'static str) -> Result<(), sqlx::Error> {
        sqlx::query(sql).execute(self.pool()).await.map(drop)
    }
    fn typed_columns(&self) -> bool {
        true
    }
}

/// Asserts that `result` failed as corrupt data at `table`.`column`.
fn assert_corrupt_at<T: std::fmt::Debug>(result: Result<T, StoreError>, table: &str, column: &str) {
    match result {
        Err(StoreError::Corrupt { table: t, column: c, .. }) => {
            assert_eq!((t, c), (table, column), "the error names where the bad value is")
        }
        other => panic!("expected corrupt data in {table}.{column}, got {other:?}"),
    }
}

/// Contact columns are read under a `contact_` alias (they are joined with
/// invitations'), and named so.
async fn contact_attributes_that_are_not_json_name_their_column<S: Store + RawSql>(store: S) {
    let org = new_org(&store, "Acme").await;
    let contact = NewContact { email: Some(email("ana@example.com")), ..NewContact::default() };
    store.upsert_contact(org, contact).await.unwrap();
    store.execute_raw("UPDATE contacts SET attributes = '[1, 2'").await;
    assert_corrupt_at(store.list_contacts(org).await, "contacts", "contact_attributes");
}

/// Roles (like key scopes and email statuses) cannot go bad behind the
/// store's back: the schema's CHECK refuses them on both databases.
async fn the_schema_refuses_an_unknown_role<S: Store + RawSql>(store: S) {
    let org = new_org(&store, "Acme").await;
    new_user(&store, org, "ana@example.com").await;
    assert!(store.try_execute_raw("UPDATE users SET role = 'emperor'").await.is_err());
    assert_eq!(store.list_users(org).await.unwrap()[0].role, Role::Analyst);
}

/// Emails and phone numbers come back as the domain's `Email` and `Phone`:
/// one that is not an address or an E.164 number was changed behind the
/// store's back, and says where.
async fn an_address_or_number_changed_behind_the_stores_back_names_its_column<S: Store + RawSql>(store: S) {
    let org = new_org(&store, "Acme").await;
    new_user(&store, org, "ana@example.com").await;
    store.execute_raw("UPDATE users SET email = 'Ana Lopez'").await;
    assert_corrupt_at(store.list_users(org).await, "users", "email");

    let contact = NewContact { phone: Some(phone("+44 20 7946 0958")), ..NewContact::default() };
    store.upsert_contact(org, contact).await.unwrap();
    assert_eq!(store.list_contacts(org).await.unwrap()[0].details.phone, Some(phone("+442079460958")));
    store.execute_raw("UPDATE contacts SET phone = '0800 FLOWERS'").await;
    assert_corrupt_at(store.list_contacts(org).await, "contacts", "contact_phone");
    store.execute_raw("UPDATE contacts SET phone = NULL, email = 'nobody'").await;
    assert_corrupt_at(store.list_contacts(org).await, "contacts", "contact_email");
}

/// Both read paths: the index's bulk read and the listing's records.
async fn attributes_that_are_not_json_name_responses_attributes<S: Store + RawSql>(store: S) {
    let org = new_org(&store, "Acme").await;
    store.insert_responses(org, vec![response(9)]).await.unwrap();
    let id = store.responses_after(org, 0, 10).await.unwrap()[0].id;
    store.execute_raw("UPDATE responses SET attributes = '{\"plan\": '").await;
    assert_corrupt_at(store.responses_after(org, 0, 10).await, "responses", "attributes");
    assert_corrupt_at(store.responses_by_ids(org, &[id]).await, "responses", "attributes");
}

async fn a_survey_definition_that_does_not_parse_names_surveys_definition<S: Store + RawSql>(store: S) {
    let org = new_org(&store, "Acme").await;
    store.put_survey(org, survey("relationship")).await.unwrap();
    store.execute_raw("UPDATE surveys SET definition = '{\"slug\": 3}'").await;
    assert_corrupt_at(store.survey_by_slug(org, "relationship").await, "surveys", "definition");
    assert_corrupt_at(store.list_surveys(org).await, "surveys", "definition");
}

/// Only SQLite can hold a text in an integer column; on PostgreSQL the
/// schema refuses it, which the test checks instead.
async fn a_text_where_a_number_belongs_names_its_column<S: Store + RawSql>(store: S) {
    let org = new_org(&store, "Acme").await;
    store.insert_responses(org, vec![response(9)]).await.unwrap();
    let id = store.responses_after(org, 0, 10).await.unwrap()[0].id;
    if store.typed_columns() {
        assert!(store.try_execute_raw("UPDATE responses SET submitted_at = 'yesterday'").await.is_err());
        assert_eq!(store.responses_by_ids(org, &[id]).await.unwrap().len(), 1);
        return;
    }
    store.execute_raw("UPDATE responses SET submitted_at = 'yesterday'").await;
    assert_corrupt_at(store.responses_by_ids(org, &[id]).await, "responses", "submitted_at");
    assert_corrupt_at(store.responses_after(org, 0, 10).await, "responses", "submitted_at");
    store.record_audit(org, audit_entry()).await.unwrap();
    store.execute_raw("UPDATE audit_log SET at = 'noon'").await;
    assert_corrupt_at(store.list_audit(org, None, 10).await, "audit_log", "at");
}

fn audit_entry() -> vocal_store::NewAuditEntry {
    vocal_store::NewAuditEntry {
        actor_id: None,
        actor: "cli".into(),
        action: "test".into(),
        subject: "s".into(),
        detail: "d".into(),
    }
}
