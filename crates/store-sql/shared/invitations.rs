//! Invitations: one contact asked to answer one survey through a link whose
//! token is stored only as its hash (and sealed with the server's key).

use std::collections::HashSet;

use vocal_domain::{ContactId, Email, InvitationId, OrgId, Phone, SurveyId};
use vocal_store::{Contact, Invitation, NewContact, NewInvitation, StoreError, StoreResult};
use vocal_store_sql::decode::{column, json};
use vocal_store_sql::now_ms;

use super::contacts::{CONTACT_COLUMNS, attributes_json, contact_from_row};
use crate::backend::{Conn, Pool, Row, begin_write, from_sqlx, unique_as};

const TABLE: &str = "invitations";

fn select() -> String {
    format!(
        "SELECT {CONTACT_COLUMNS}, i.id, i.org_id, i.survey_id, i.channel, i.token_hash, i.token_seal, \
         i.expires_at, i.created_at, i.context FROM invitations i JOIN contacts c ON c.id = i.contact_id"
    )
}

pub(crate) async fn create(pool: &Pool, org: OrgId, invitations: Vec<NewInvitation>) -> StoreResult<Vec<Invitation>> {
    if invitations.is_empty() {
        return Ok(Vec::new());
    }
    // A write transaction from the start: the contact lookups are followed
    // by writes (on SQLite a deferred transaction that read first could not
    // take the write lock later).
    let mut tx = begin_write(pool).await?;
    let now = now_ms();
    let mut checked = HashSet::new();
    let mut created = Vec::with_capacity(invitations.len());
    for new in invitations {
        if checked.insert(new.survey_id) {
            let found = sqlx::query("SELECT 1 FROM surveys WHERE id = $1 AND org_id = $2")
                .bind(new.survey_id.0)
                .bind(org.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(from_sqlx)?;
            if found.is_none() {
                return Err(StoreError::NotFound("survey"));
            }
        }
        let contact = match_contact(&mut tx, org, &new.contact, now).await?;
        let context = serde_json::to_string(&new.context)
            .map_err(|e| StoreError::Database(format!("encoding an invitation context: {e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invitations (org_id, survey_id, contact_id, channel, token_hash, token_seal, expires_at,
               created_at, context) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(org.0)
        .bind(new.survey_id.0)
        .bind(contact.id.0)
        .bind(&new.channel)
        .bind(&new.token_hash[..])
        .bind(&new.token_seal)
        .bind(new.expires_at_ms)
        .bind(now)
        .bind(context)
        .fetch_one(&mut *tx)
        .await
        .map_err(unique_as("invitation token"))?;
        created.push(Invitation {
            id: InvitationId(id),
            org_id: org,
            survey_id: new.survey_id,
            contact,
            channel: new.channel,
            token_hash: new.token_hash,
            token_seal: new.token_seal,
            expires_at_ms: new.expires_at_ms,
            created_at_ms: now,
            context: new.context,
        });
    }
    tx.commit().await.map_err(from_sqlx)?;
    Ok(created)
}

/// The contact with the same email, else one with the same phone, else a
/// new one. A phone match is only taken by a contact without an email
/// when the new details carry one: two different emails are two people
/// (a shared family or office phone), not one.
async fn match_contact(conn: &mut Conn, org: OrgId, details: &NewContact, now: i64) -> StoreResult<Contact> {
    // A second pass finds the contact a concurrent transaction created with
    // the same email between our lookup and our insert (PostgreSQL; SQLite's
    // write lock already keeps that from happening).
    for _ in 0..2 {
        if let Some(row) = find_contact(conn, org, details).await? {
            return fill_contact(conn, org, &row, details).await;
        }
        let created: Option<i64> = sqlx::query_scalar(
            "INSERT INTO contacts (org_id, email, phone, name, account, language, attributes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, email) DO NOTHING RETURNING id",
        )
        .bind(org.0)
        .bind(details.email.as_ref().map(Email::as_str))
        .bind(details.phone.as_ref().map(Phone::as_str))
        .bind(&details.name)
        .bind(&details.account)
        .bind(&details.language)
        .bind(attributes_json(details))
        .bind(now)
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        if let Some(id) = created {
            return Ok(Contact { id: ContactId(id), org_id: org, details: details.clone(), unsubscribed: false });
        }
    }
    Err(StoreError::Conflict { field: "contact email" })
}

async fn find_contact(conn: &mut Conn, org: OrgId, details: &NewContact) -> StoreResult<Option<Row>> {
    let mut found = None;
    if let Some(email) = &details.email {
        let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.org_id = $1 AND c.email = $2");
        found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(email.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    }
    if let (None, Some(phone)) = (&found, &details.phone) {
        // CAST: PostgreSQL must know the type of a parameter that is only
        // compared with NULL.
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.org_id = $1 AND c.phone = $2 \
             AND (c.email IS NULL OR CAST($3 AS TEXT) IS NULL) ORDER BY c.id LIMIT 1"
        );
        found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(org.0)
            .bind(phone.as_str())
            .bind(details.email.as_ref().map(Email::as_str))
            .fetch_optional(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    }
    Ok(found)
}

/// The matched contact with its missing details filled from `details`.
async fn fill_contact(conn: &mut Conn, org: OrgId, row: &Row, details: &NewContact) -> StoreResult<Contact> {
    let mut contact = contact_from_row(org, row)?;
    let before = contact.details.clone();
    contact.details.fill_missing(details);
    if contact.details != before {
        let d = &contact.details;
        sqlx::query(
            "UPDATE contacts SET email = $2, phone = $3, name = $4, account = $5, language = $6, attributes = $7
             WHERE id = $1",
        )
        .bind(contact.id.0)
        .bind(d.email.as_ref().map(Email::as_str))
        .bind(d.phone.as_ref().map(Phone::as_str))
        .bind(&d.name)
        .bind(&d.account)
        .bind(&d.language)
        .bind(attributes_json(d))
        .execute(&mut *conn)
        .await
        .map_err(unique_as("contact email"))?;
    }
    Ok(contact)
}

/// One lookup in the unique index on `token_hash`.
pub(crate) async fn by_token_hash(pool: &Pool, token_hash: [u8; 32]) -> StoreResult<Option<Invitation>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{} WHERE i.token_hash = $1", select())))
        .bind(&token_hash[..])
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?;
    row.as_ref().map(invitation_from_row).transpose()
}

pub(crate) async fn by_id(pool: &Pool, org: OrgId, id: InvitationId) -> StoreResult<Option<Invitation>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{} WHERE i.id = $1 AND i.org_id = $2", select())))
        .bind(id.0)
        .bind(org.0)
        .fetch_optional(pool)
        .await
        .map_err(from_sqlx)?;
    row.as_ref().map(invitation_from_row).transpose()
}

fn invitation_from_row(row: &Row) -> StoreResult<Invitation> {
    let org_id = OrgId(column(row, TABLE, "org_id")?);
    let token_hash: Vec<u8> = column(row, TABLE, "token_hash")?;
    Ok(Invitation {
        id: InvitationId(column(row, TABLE, "id")?),
        org_id,
        survey_id: SurveyId(column(row, TABLE, "survey_id")?),
        contact: contact_from_row(org_id, row)?,
        channel: column(row, TABLE, "channel")?,
        token_hash: token_hash.try_into().map_err(|_| StoreError::Corrupt {
            table: TABLE,
            column: "token_hash",
            detail: "not 32 bytes".into(),
        })?,
        token_seal: column(row, TABLE, "token_seal")?,
        expires_at_ms: column(row, TABLE, "expires_at")?,
        created_at_ms: column(row, TABLE, "created_at")?,
        context: json(row, TABLE, "context")?,
    })
}
