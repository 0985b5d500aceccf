//! Loads the demo organisation into a database once; later runs reuse it.

use vocal_domain::{Email, Role, SurveyDefinition, UnitPath};
use vocal_store::{NewUser, Organisation, Store, StoreError};

use crate::closed_loop::alert::Alerting;
use crate::demo::{DemoData, generate, loop_week};
use crate::surveys::file::parse_survey_text;

/// The demo's fixed seed, so every demo has the same story.
const SEED: u64 = 2026;

pub struct Seeded {
    pub org: Organisation,
    /// False when the demo organisation already existed.
    pub created: bool,
    pub responses: u64,
}

/// Creates the demo organisation with `responses` generated answers, unless it exists.
pub async fn seed_demo<S: Store>(
    store: &S,
    alerting: &Alerting,
    responses: usize,
    now_ms: i64,
) -> Result<Seeded, StoreError> {
    let data: DemoData = generate(SEED, now_ms, responses);
    if let Some(org) = store.list_orgs().await?.into_iter().find(|o| o.name == data.org_name) {
        return Ok(Seeded { org, created: false, responses: 0 });
    }
    let org = store.create_org(&data.org_name, &data.time_zone).await?;
    for team in &data.teams {
        let unit = store.ensure_unit(org.id, &team.path).await?;
        for agent in &team.agents {
            store.assign_agent(org.id, agent, Some(unit)).await?;
        }
    }
    store.put_survey(org.id, demo_survey()).await?;
    create_demo_users(store, &org, &data).await?;
    let teams: Vec<UnitPath> = data.teams.iter().map(|t| t.path.clone()).collect();
    loop_week::create_leads(store, org.id, &teams).await?;
    store.put_alert_rules(org.id, &loop_week::demo_rules()).await?;
    // The history at once; the last week day by day, closing the loop.
    let mut history = data.responses;
    let split = history.partition_point(|r| r.submitted_at_ms <= now_ms - loop_week::DAYS * 86_400_000);
    let recent = history.split_off(split);
    let recent_count = recent.len() as u64;
    let outcome = store.insert_responses(org.id, history).await?;
    loop_week::live_the_week(store, alerting, org.id, recent, now_ms).await?;
    Ok(Seeded { org, created: true, responses: outcome.inserted + recent_count })
}

/// One user per role, so each view of the product can be tried.
async fn create_demo_users<S: Store>(store: &S, org: &Organisation, data: &DemoData) -> Result<(), StoreError> {
    let first_team = data.teams.first();
    let region = first_team.map(|t| UnitPath::parse(&t.path.names()[..t.path.names().len().min(2)].join("/")));
    let region_id = match region {
        Some(Ok(path)) => Some(store.ensure_unit(org.id, &path).await?),
        _ => None,
    };
    let agent_name = first_team.and_then(|t| t.agents.first()).cloned();
    let agent_id =
        store.list_agents(org.id).await?.into_iter().find(|a| Some(&a.name) == agent_name.as_ref()).map(|a| a.id);
    let users = [
        ("admin@demo.vocal", "Ada Admin", Role::Admin, None, None),
        ("analyst@demo.vocal", "Ana Analyst", Role::Analyst, None, None),
        ("manager@demo.vocal", "Manny Manager", Role::Manager, region_id, None),
        ("agent@demo.vocal", agent_name.as_deref().unwrap_or("Agent"), Role::Agent, None, agent_id),
    ];
    for (email, name, role, unit_id, agent_id) in users {
        let email = Email::parse(email).expect("the demo's addresses are valid");
        let user = NewUser { email, name: name.into(), role, unit_id, agent_id };
        store.create_user(org.id, user).await?;
    }
    Ok(())
}

/// A fresh password for each demo user, to print: the demo's logins,
/// one per role. Earlier passwords stop working, and their sessions end.
pub async fn demo_logins<S: Store>(
    store: &S,
    org: &Organisation,
) -> Result<Vec<(String, Role, String)>, crate::accounts::users::AccountError> {
    let mut logins = Vec::new();
    for user in store.list_users(org.id).await?.into_iter().filter(|u| u.email.as_str().ends_with("@demo.vocal")) {
        let password = crate::accounts::users::random_password();
        let hash = crate::accounts::passwords::hash_password(password.clone()).await?;
        store.set_user_password(org.id, user.id, Some(&hash)).await?;
        store.delete_user_sessions(org.id, user.id).await?;
        logins.push((user.email.into(), user.role, password));
    }
    // Printed from the widest view to the narrowest.
    logins.sort_by_key(|(_, role, _)| Role::ALL.iter().position(|r| r == role));
    Ok(logins)
}

/// The relationship survey in the five demo languages, written as a survey
/// file (docs/surveys.md) so the demo doubles as a complete example of one.
pub fn demo_survey() -> SurveyDefinition {
    let logo = |name: &str| match name {
        "northwind.svg" => Ok(include_bytes!("northwind.svg").to_vec()),
        other => Err(format!("the demo has no file {other}")),
    };
    match parse_survey_text(include_str!("survey.toml"), logo) {
        Ok(survey) => survey,
        Err(errors) => panic!("the embedded demo survey is invalid (a test checks this): {errors:?}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_survey_is_valid_and_offers_five_languages() {
        let survey = super::demo_survey();
        assert_eq!(survey.texts.keys().map(String::as_str).collect::<Vec<_>>(), ["de", "en", "es", "fr", "ja"]);
        assert!(survey.brand.logo.is_some() && survey.public_link.enabled);
    }
}
