//! Survey definitions with their texts per language.

use sqlx::{PgPool, Row};
use vocal_domain::{OrgId, SurveyId};
use vocal_store::{NewSurvey, StoreResult, Survey, SurveyText};

use crate::errors::from_sqlx;

/// Creates the survey or, when its slug exists, renames it and replaces all
/// of its texts, in one transaction.
pub(crate) async fn put(pool: &PgPool, org: OrgId, survey: NewSurvey) -> StoreResult<Survey> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO surveys (org_id, slug, name, default_language, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (org_id, slug) DO UPDATE SET name = excluded.name, default_language = excluded.default_language
         RETURNING id",
    )
    .bind(org.0)
    .bind(&survey.slug)
    .bind(&survey.name)
    .bind(&survey.default_language)
    .bind(crate::now_ms())
    .fetch_one(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    sqlx::query("DELETE FROM survey_texts WHERE survey_id = $1").bind(id).execute(&mut *tx).await.map_err(from_sqlx)?;
    let column = |field: fn(&SurveyText) -> &str| survey.texts.iter().map(field).collect::<Vec<_>>();
    sqlx::query(
        "INSERT INTO survey_texts (survey_id, language, question, why_question)
         SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[])",
    )
    .bind(id)
    .bind(column(|t| &t.language))
    .bind(column(|t| &t.question))
    .bind(column(|t| &t.why_question))
    .execute(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    Ok(Survey { id: SurveyId(id), org_id: org, definition: survey })
}

/// One statement, so a concurrent `put` is seen whole or not at all.
pub(crate) async fn list(pool: &PgPool, org: OrgId) -> StoreResult<Vec<Survey>> {
    let rows = sqlx::query(
        "SELECT s.id, s.slug, s.name, s.default_language, t.language, t.question, t.why_question
         FROM surveys s LEFT JOIN survey_texts t ON t.survey_id = s.id
         WHERE s.org_id = $1 ORDER BY s.slug, t.language",
    )
    .bind(org.0)
    .fetch_all(pool)
    .await
    .map_err(from_sqlx)?;
    let mut surveys: Vec<Survey> = Vec::new();
    for row in &rows {
        let id = SurveyId(row.get(0));
        if surveys.last().is_none_or(|s| s.id != id) {
            surveys.push(Survey {
                id,
                org_id: org,
                definition: NewSurvey {
                    slug: row.get(1),
                    name: row.get(2),
                    default_language: row.get(3),
                    texts: Vec::new(),
                },
            });
        }
        if let Some(language) = row.get::<Option<String>, _>(4) {
            let survey = surveys.last_mut().expect("pushed above");
            survey.definition.texts.push(SurveyText { language, question: row.get(5), why_question: row.get(6) });
        }
    }
    Ok(surveys)
}
