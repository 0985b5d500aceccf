//! `vocal demo`: the demo organisation in its own data directory, served.

use std::process::ExitCode;

use anyhow::Context;
use vocal_app::collect::invitations::{ContactInput, InvitationInput, Issued};
use vocal_app::settings::Settings;
use vocal_domain::{Unit, UnitId};
use vocal_store::{ApiScope, Organisation, Store};

use crate::args::DemoArgs;

pub async fn run<S: Store>(store: S, mut settings: Settings, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    eprintln!("preparing the demo in {} …", settings.data.display());
    let addr = args.addr.unwrap_or(settings.addr);
    // Links point at the address served, unless a public URL is set.
    settings.addr = addr;
    // The demo's week of alerts waits in the outbox, whatever SMTP is set:
    // its customers and leads are not real people.
    let alerting = vocal_app::closed_loop::alert::Alerting {
        mailer: vocal_app::messaging::email::Mailer::new(None, None)?,
        public_url: settings.public_url(),
    };
    let seeded = vocal_app::demo::seed::seed_demo(&store, &alerting, args.responses, now_ms)
        .await
        .context("creating the demo data")?;
    if seeded.created {
        eprintln!("created {:?} with {} responses", seeded.org.name, seeded.responses);
    } else {
        eprintln!("reusing {:?} from an earlier run", seeded.org.name);
    }
    let key = vocal_app::accounts::api_keys::issue(&store, seeded.org.id, "demo (read)", ApiScope::Read).await?;
    let (invitation, survey_slug) = demo_invitation(&store, &settings, &seeded.org).await?;
    let data_flag = format!("--data {}", settings.data.display());
    println!();
    println!("Vocal demo: {}", seeded.org.name);
    println!("  URL           http://{addr}/dashboard");
    println!("  read API key  {}", key.secret);
    println!("  try           curl -H 'Authorization: Bearer {}' 'http://{addr}/api/v1/nps?by=unit'", key.secret);
    println!("                vocal nps {data_flag} --by unit:2,quarter");
    println!("  survey link   {}   (an invitation for demo.customer@example.com)", invitation.links.survey_url);
    println!("  score 9 link  {}", invitation.links.score_urls[9]);
    println!("  public link   {}/p/{survey_slug}   (anyone, no invitation)", settings.public_url());
    let logins = vocal_app::demo::seed::demo_logins(&store, &seeded.org).await?;
    println!("  sign in at    http://{addr}/sign-in   (new passwords each run)");
    for (email, role, password) in logins {
        println!("    {:<9} {email:<22} {password}", role.as_str());
    }
    println!();
    if args.no_serve {
        let index = vocal_app::live_index::OrgIndex::open(
            &store,
            seeded.org,
            Some(&settings.snapshot_dir()),
            vocal_index::snapshot::Selection::All,
        )
        .await?;
        index.save_snapshot()?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::commands::serve::run(store, settings, Some(addr)).await
}

/// A fresh invitation to the relationship survey for a demo customer, from
/// a team and agent of the demo, with the survey's slug for its public link.
async fn demo_invitation<S: Store>(
    store: &S,
    settings: &Settings,
    org: &Organisation,
) -> anyhow::Result<(Issued, String)> {
    let survey = store.survey_by_slug(org.id, "relationship").await?.context("the demo survey is missing")?;
    let units = store.list_units(org.id).await?;
    let agent = store.list_agents(org.id).await?.into_iter().find(|a| a.unit_id.is_some());
    let input = InvitationInput {
        survey: survey.definition.slug.clone(),
        channel: "email".into(),
        contact: ContactInput {
            email: Some("demo.customer@example.com".into()),
            name: Some("Demo Customer".into()),
            language: Some("en".into()),
            ..ContactInput::default()
        },
        unit: agent.as_ref().and_then(|a| a.unit_id).map(|id| unit_path(&units, id)),
        agent: agent.map(|a| a.name),
        language: Some("en".into()),
        ..InvitationInput::default()
    };
    let collector = super::invitations::collector(store.clone(), settings)?;
    let issued = collector.invite(org.id, vec![input], false).await.context("creating the demo invitation")?;
    let issued = issued.into_iter().next().context("the demo invitation was not stored")?;
    Ok((issued, survey.definition.slug))
}

/// `Northwind/Americas/Reno Support`: the unit's names from the top.
fn unit_path(units: &[Unit], id: UnitId) -> String {
    let mut names = Vec::new();
    let mut next = Some(id);
    while let Some(unit) = next.and_then(|id| units.iter().find(|u| u.id == id)) {
        names.push(unit.name.as_str());
        next = unit.parent;
        if names.len() > units.len() {
            break;
        }
    }
    names.reverse();
    names.join("/")
}
