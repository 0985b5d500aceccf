//! Users who sign in: their details, role and scope, password hash and
//! disabled flag. Emails are stored in lower case, so one index lookup finds
//! a user by email in every organisation.

use vocal_domain::{AgentId, Email, OrgId, UnitId, UserId};
use vocal_store::{Accounts, ApiKeyRecord, NewApiKey, NewUser, StoreError, StoreResult, User, UserChange};
use vocal_store_sql::decode::{column, parsed};
use vocal_store_sql::now_ms;

use crate::backend::{Db, Pool, Row, Store, begin_write, from_sqlx, unique_as};

impl Accounts for Store {
    async fn create_user(&self, org: OrgId, user: NewUser) -> StoreResult<User> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (org_id, email, name, role, unit_id, agent_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(org.0)
        .bind(user.email.as_str())
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(user.unit_id.map(|u| u.0))
        .bind(user.agent_id.map(|a| a.0))
        .bind(now_ms())
        .fetch_one(self.pool())
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
    async fn list_users(&self, org: OrgId) -> StoreResult<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.org_id = $1 ORDER BY u.email");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).fetch_all(self.pool()).await.map_err(from_sqlx)?;
        rows.iter().map(user_from_row).collect()
    }
    async fn user(&self, org: OrgId, id: UserId) -> StoreResult<Option<User>> {
        user_by_id(self.pool(), org, id).await
    }
    async fn users_by_email(&self, email: &Email) -> StoreResult<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1 ORDER BY u.org_id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(from_sqlx)?;
        rows.iter().map(user_from_row).collect()
    }
    async fn update_user(&self, org: OrgId, id: UserId, change: UserChange) -> StoreResult<bool> {
        update_user(self.pool(), org, id, change).await
    }
    async fn set_user_password(&self, org: OrgId, user: UserId, password_hash: Option<&str>) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE org_id = $2 AND id = $3")
            .bind(password_hash)
            .bind(org.0)
            .bind(user.0)
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }
    async fn user_password_hash(&self, org: OrgId, user: UserId) -> StoreResult<Option<String>> {
        let hash: Option<Option<String>> =
            sqlx::query_scalar("SELECT password_hash FROM users WHERE org_id = $1 AND id = $2")
                .bind(org.0)
                .bind(user.0)
                .fetch_optional(self.pool())
                .await
                .map_err(from_sqlx)?;
        Ok(hash.flatten())
    }
    async fn set_user_disabled(&self, org: OrgId, user: UserId, disabled: bool) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE users SET disabled = $1 WHERE org_id = $2 AND id = $3")
            .bind(disabled)
            .bind(org.0)
            .bind(user.0)
            .execute(self.pool())
            .await
            .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }
    async fn create_api_key(&self, org: OrgId, key: NewApiKey) -> StoreResult<ApiKeyRecord> {
        super::api_keys::create(self.pool(), org, key).await
    }
    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
        super::api_keys::by_hash(self.pool(), key_hash).await
    }
    async fn list_api_keys(&self, org: OrgId) -> StoreResult<Vec<ApiKeyRecord>> {
        super::api_keys::list(self.pool(), org).await
    }
    async fn revoke_api_key(&self, org: OrgId, id: i64) -> StoreResult<bool> {
        super::api_keys::revoke(self.pool(), org, id).await
    }
}

/// The columns [`user_from_row`] reads, with `u` naming the users table.
pub(crate) const USER_COLUMNS: &str = "u.id, u.org_id, u.email, u.name, u.role, u.unit_id, u.agent_id, u.disabled";

pub(crate) fn user_from_row(r: &Row) -> StoreResult<User> {
    const TABLE: &str = "users";
    Ok(User {
        id: UserId(column(r, TABLE, "id")?),
        org_id: OrgId(column(r, TABLE, "org_id")?),
        email: parsed(r, TABLE, "email", Email::parse)?,
        name: column(r, TABLE, "name")?,
        role: parsed(r, TABLE, "role", str::parse)?,
        unit_id: column::<_, Option<i64>>(r, TABLE, "unit_id")?.map(UnitId),
        agent_id: column::<_, Option<i64>>(r, TABLE, "agent_id")?.map(AgentId),
        disabled: column(r, TABLE, "disabled")?,
    })
}

/// The user, if they belong to `org`; takes the pool or a transaction.
pub(crate) async fn user_by_id<'c>(
    db: impl sqlx::Executor<'c, Database = Db>,
    org: OrgId,
    id: UserId,
) -> StoreResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.org_id = $1 AND u.id = $2");
    let row =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org.0).bind(id.0).fetch_optional(db).await.map_err(from_sqlx)?;
    row.as_ref().map(user_from_row).transpose()
}

/// The new scope must be the organisation's own unit and agent: the foreign
/// keys alone would accept another organisation's.
async fn update_user(pool: &Pool, org: OrgId, id: UserId, change: UserChange) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    let scope = [("units", "unit", change.unit_id.map(|u| u.0)), ("agents", "agent", change.agent_id.map(|a| a.0))];
    for (table, what, scope_id) in scope {
        let Some(scope_id) = scope_id else { continue };
        let found = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT 1 FROM {table} WHERE id = $1 AND org_id = $2")))
            .bind(scope_id)
            .bind(org.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        if found.is_none() {
            return Err(StoreError::NotFound(what));
        }
    }
    let done =
        sqlx::query("UPDATE users SET name = $1, role = $2, unit_id = $3, agent_id = $4 WHERE org_id = $5 AND id = $6")
            .bind(&change.name)
            .bind(change.role.as_str())
            .bind(change.unit_id.map(|u| u.0))
            .bind(change.agent_id.map(|a| a.0))
            .bind(org.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(done.rows_affected() == 1)
}
