//! Contacts who are surveyed. Read with their columns prefixed `contact_`,
//! so they can be read from a join with the table that names them.

use vocal_domain::{ContactId, Email, OrgId, Phone};
use vocal_store::{Contact, NewContact, StoreResult};
use vocal_store_sql::decode::{column, json, parsed_optional};
use vocal_store_sql::now_ms;

use crate::backend::{Pool, Row, from_sqlx};

const TABLE: &str = "contacts";

/// The columns [`contact_from_row`] reads, with `c` naming the contacts table.
pub(crate) const CONTACT_COLUMNS: &str = "c.id AS contact_id, c.email AS contact_email, c.phone AS contact_phone, \
     c.name AS contact_name, c.account AS contact_account, c.language AS contact_language, \
     c.attributes AS contact_attributes, c.unsubscribed AS contact_unsubscribed";

pub(crate) fn contact_from_row(org: OrgId, r: &Row) -> StoreResult<Contact> {
    Ok(Contact {
        id: ContactId(column(r, TABLE, "contact_id")?),
        org_id: org,
        details: NewContact {
            email: parsed_optional(r, TABLE, "contact_email", Email::parse)?,
            phone: parsed_optional(r, TABLE, "contact_phone", Phone::from_stored)?,
            name: column(r, TABLE, "contact_name")?,
            account: column(r, TABLE, "contact_account")?,
            language: column(r, TABLE, "contact_language")?,
            attributes: json(r, TABLE, "contact_attributes")?,
        },
        unsubscribed: column(r, TABLE, "contact_unsubscribed")?,
    })
}

/// The attributes as stored: a JSON object.
pub(crate) fn attributes_json(contact: &NewContact) -> String {
    serde_json::to_string(&contact.attributes).unwrap_or_else(|_| "{}".into())
}

pub(crate) async fn upsert(pool: &Pool, org: OrgId, contact: NewContact) -> StoreResult<Contact> {
    let row = sqlx::query(
        "INSERT INTO contacts (org_id, email, phone, name, account, language, attributes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, email) DO UPDATE SET phone = excluded.phone, name = excluded.name,
           account = excluded.account, language = excluded.language, attributes = excluded.attributes
         RETURNING id, unsubscribed",
    )
    .bind(org.0)
    .bind(contact.email.as_ref().map(Email::as_str))
    .bind(contact.phone.as_ref().map(Phone::as_str))
    .bind(&contact.name)
    .bind(&contact.account)
    .bind(&contact.language)
    .bind(attributes_json(&contact))
    .bind(now_ms())
    .fetch_one(pool)
    .await
    .map_err(from_sqlx)?;
    Ok(Contact {
        id: ContactId(column(&row, TABLE, "id")?),
        org_id: org,
        details: contact,
        unsubscribed: column(&row, TABLE, "unsubscribed")?,
    })
}

pub(crate) async fn list(pool: &Pool, org: OrgId) -> StoreResult<Vec<Contact>> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.org_id = $1 ORDER BY c.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).fetch_all(pool).await.map_err(from_sqlx)?;
    rows.iter().map(|r| contact_from_row(org, r)).collect()
}
