//! Survey definitions with their texts per language.

use sqlx::{Row, SqlitePool};
use vocal_domain::{OrgId, SurveyId};
use vocal_store::{NewSurvey, StoreResult, Survey, SurveyText};

use crate::errors::from_sqlx;

pub(crate) async fn put(pool: &SqlitePool, org: OrgId, survey: NewSurvey) -> StoreResult<Survey> {
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
    for text in &survey.texts {
        sqlx::query("INSERT INTO survey_texts (survey_id, language, question, why_question) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(&text.language)
            .bind(&text.question)
            .bind(&text.why_question)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    }
    tx.commit().await.map_err(from_sqlx)?;
    Ok(Survey { id: SurveyId(id), org_id: org, definition: survey })
}

pub(crate) async fn list(pool: &SqlitePool, org: OrgId) -> StoreResult<Vec<Survey>> {
    let surveys = sqlx::query("SELECT id, slug, name, default_language FROM surveys WHERE org_id = $1 ORDER BY slug")
        .bind(org.0)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?;
    let mut result = Vec::with_capacity(surveys.len());
    for s in surveys {
        let id: i64 = s.get(0);
        let texts = sqlx::query(
            "SELECT language, question, why_question FROM survey_texts WHERE survey_id = $1 ORDER BY language",
        )
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(from_sqlx)?
        .iter()
        .map(|t| SurveyText { language: t.get(0), question: t.get(1), why_question: t.get(2) })
        .collect();
        result.push(Survey {
            id: SurveyId(id),
            org_id: org,
            definition: NewSurvey { slug: s.get(1), name: s.get(2), default_language: s.get(3), texts },
        });
    }
    Ok(result)
}
