//! Users who sign in, and contacts who are surveyed.

use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use vocal_domain::{AgentId, ContactId, OrgId, UnitId, UserId};
use vocal_store::{Contact, NewContact, NewUser, StoreError, StoreResult, User};

use crate::errors::{from_sqlx, unique_as};

pub(crate) async fn create_user(pool: &PgPool, org: OrgId, user: NewUser) -> StoreResult<User> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (org_id, email, name, role, unit_id, agent_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org.0)
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(user.unit_id.map(|u| u.0))
    .bind(user.agent_id.map(|a| a.0))
    .bind(crate::now_ms())
    .fetch_one(pool)
    .await
    .map_err(unique_as("user email"))?;
    Ok(User {
        id: UserId(id),
        org_id: org,
        email: user.email,
        name: user.name,
        role: user.role,
        unit_id: user.unit_id,
        agent_id: user.agent_id,
        disabled: false,
    })
}

pub(crate) async fn list_users(pool: &PgPool, org: OrgId) -> StoreResult<Vec<User>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.org_id = $1 ORDER BY u.email"
    )))
    .bind(org.0)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    rows.iter().map(user_from_row).collect()
}

/// The columns [`user_from_row`] reads, with `u` naming the users table.
pub(crate) const USER_COLUMNS: &str = "u.id, u.org_id, u.email, u.name, u.role, u.unit_id, u.agent_id, u.disabled";

/// Reads the columns of [`USER_COLUMNS`], in that order, from the start of `r`.
pub(crate) fn user_from_row(r: &PgRow) -> StoreResult<User> {
    let role: String = r.get(4);
    Ok(User {
        id: UserId(r.get(0)),
        org_id: OrgId(r.get(1)),
        email: r.get(2),
        name: r.get(3),
        role: role.parse().map_err(|detail| StoreError::Corrupt { table: "users", detail })?,
        unit_id: r.get::<Option<i64>, _>(5).map(UnitId),
        agent_id: r.get::<Option<i64>, _>(6).map(AgentId),
        disabled: r.get(7),
    })
}

pub(crate) async fn upsert_contact(pool: &PgPool, org: OrgId, contact: NewContact) -> StoreResult<Contact> {
    let row = sqlx::query(
        "INSERT INTO contacts (org_id, email, phone, name, account, language, attributes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, email) DO UPDATE SET phone = excluded.phone, name = excluded.name,
           account = excluded.account, language = excluded.language, attributes = excluded.attributes
         RETURNING id, unsubscribed",
    )
    .bind(org.0)
    .bind(&contact.email)
    .bind(&contact.phone)
    .bind(&contact.name)
    .bind(&contact.account)
    .bind(&contact.language)
    .bind(serde_json::to_string(&contact.attributes).unwrap_or_else(|_| "{}".into()))
    .bind(crate::now_ms())
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(Contact { id: ContactId(row.get(0)), org_id: org, details: contact, unsubscribed: row.get(1) })
}

/// Reads the columns of [`CONTACT_COLUMNS`], in that order, from the start of `r`.
pub(crate) fn contact_from_row(org: OrgId, r: &PgRow) -> StoreResult<Contact> {
    let attributes: String = r.get(6);
    Ok(Contact {
        id: ContactId(r.get(0)),
        org_id: org,
        details: NewContact {
            email: r.get(1),
            phone: r.get(2),
            name: r.get(3),
            account: r.get(4),
            language: r.get(5),
            attributes: serde_json::from_str(&attributes)
                .map_err(|e| StoreError::Corrupt { table: "contacts", detail: e.to_string() })?,
        },
        unsubscribed: r.get(7),
    })
}

/// The columns [`contact_from_row`] reads, with `c` naming the contacts table.
pub(crate) const CONTACT_COLUMNS: &str =
    "c.id, c.email, c.phone, c.name, c.account, c.language, c.attributes, c.unsubscribed";

pub(crate) async fn list_contacts(pool: &PgPool, org: OrgId) -> StoreResult<Vec<Contact>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.org_id = $1 ORDER BY c.id"
    )))
    .bind(org.0)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    rows.iter().map(|r| contact_from_row(org, r)).collect()
}
