//! Surveys kept whole: found by slug or id, within their organisation only.

use vocal_domain::SurveyId;
use vocal_store::Store;

use crate::fixtures::{new_org, survey};

storage_tests!(
    a_survey_is_found_by_slug_and_by_id,
    replacing_a_survey_keeps_its_id_and_moves_its_update_time,
    another_organisations_survey_is_not_found,
    each_organisation_has_its_own_slugs,
);

async fn a_survey_is_found_by_slug_and_by_id<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let mut definition = survey("after-call");
    definition.redirect_hosts = vec!["www.example.com".into()];
    definition.redirect_url = Some("https://www.example.com/thanks".into());
    let put = store.put_survey(org, definition.clone()).await.unwrap();

    let by_slug = store.survey_by_slug(org, "after-call").await.unwrap();
    let by_id = store.survey_by_id(org, put.id).await.unwrap();

    assert_eq!(by_slug.as_ref(), Some(&put));
    assert_eq!(by_id, Some(put.clone()));
    assert_eq!(put.definition, definition, "every field comes back");
    assert_eq!(store.survey_by_slug(org, "after-cal").await.unwrap(), None);
    assert_eq!(store.survey_by_id(org, SurveyId(put.id.0 + 1000)).await.unwrap(), None);
}

async fn replacing_a_survey_keeps_its_id_and_moves_its_update_time<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let first = store.put_survey(org, survey("relationship")).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut changed = survey("relationship");
    changed.edit_window_hours = 2;
    changed.public_link.enabled = true;

    let second = store.put_survey(org, changed.clone()).await.unwrap();

    assert_eq!(second.id, first.id);
    assert!(second.updated_at_ms > first.updated_at_ms, "{second:?} after {first:?}");
    let stored = store.survey_by_id(org, first.id).await.unwrap().unwrap();
    assert_eq!(stored.definition, changed);
    assert_eq!(stored.updated_at_ms, second.updated_at_ms);
    assert_eq!(store.list_surveys(org).await.unwrap().len(), 1);
}

async fn another_organisations_survey_is_not_found<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let acmes = store.put_survey(acme, survey("relationship")).await.unwrap();

    assert_eq!(store.survey_by_id(globex, acmes.id).await.unwrap(), None);
    assert_eq!(store.survey_by_slug(globex, "relationship").await.unwrap(), None);
    assert!(store.list_surveys(globex).await.unwrap().is_empty());
}

async fn each_organisation_has_its_own_slugs<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let acmes = store.put_survey(acme, survey("relationship")).await.unwrap();
    let mut theirs = survey("relationship");
    theirs.name = "Globex relationship".into();

    let globexs = store.put_survey(globex, theirs.clone()).await.unwrap();

    assert_ne!(globexs.id, acmes.id);
    assert_eq!(store.survey_by_slug(acme, "relationship").await.unwrap().unwrap().definition, survey("relationship"));
    assert_eq!(store.survey_by_slug(globex, "relationship").await.unwrap().unwrap().definition, theirs);
}
