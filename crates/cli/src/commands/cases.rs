//! `vocal cases list|show`: the cases alerts opened, read from the command
//! line with the API's filters and its JSON (docs/cases.md). Reading only:
//! people work cases on the case pages or through the API.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use vocal_app::settings::Settings;
use vocal_domain::cases::CaseState;
use vocal_domain::{CaseId, UnitPath};
use vocal_store::{CaseQuery, Store};
use vocal_web::cases_json::{CaseJson, Context, event_json, responses_of};

use crate::args::Format;
use crate::cases_args::CasesCommand;

pub async fn run<S: Store>(store: S, settings: Settings, command: CasesCommand) -> anyhow::Result<ExitCode> {
    let org = vocal_app::organisation::find(&store, settings.org.as_deref()).await?.id;
    let context = Context::load(&store, org).await?;
    let now = vocal_app::now_ms();
    match command {
        CasesCommand::List { state, owner, unit, overdue, limit, format } => {
            let mut query = CaseQuery { limit: limit.clamp(1, 100_000), ..CaseQuery::default() };
            for text in &state {
                let parsed = text.trim().parse::<CaseState>().map_err(|e| anyhow::anyhow!("--state: {e}"))?;
                if !query.states.contains(&parsed) {
                    query.states.push(parsed);
                }
            }
            query.owner = match owner.as_deref() {
                None => None,
                Some("none") => Some(None),
                Some(email) => Some(Some(
                    context.user_by_email(email).with_context(|| format!("--owner: no user has the email {email}"))?.id,
                )),
            };
            if let Some(path) = &unit {
                let path = UnitPath::parse(path).map_err(|e| anyhow::anyhow!("--unit: {e}"))?;
                let found = context.units.find(&path).with_context(|| format!("--unit: no unit {path}"))?;
                let units = &context.units;
                query.units = Some(units.units().iter().map(|u| u.id).filter(|&u| units.is_within(u, found)).collect());
            }
            query.overdue_at_ms = overdue.then_some(now);
            let cases = store.find_cases(org, &query).await?;
            let responses = responses_of(&store, org, &cases).await?;
            let rows: Vec<CaseJson> =
                cases.iter().map(|c| context.case_json(c, responses.get(&c.response_id), now)).collect();
            print_cases(&rows, format)?;
        }
        CasesCommand::Show { id, format } => {
            let Some(case) = store.case(org, CaseId(id)).await? else { bail!("no case {id} in this organisation") };
            let responses = responses_of(&store, org, std::slice::from_ref(&case)).await?;
            let json = context.case_json(&case, responses.get(&case.response_id), now);
            let events: Vec<_> = store.case_events(org, case.id).await?.iter().map(event_json).collect();
            match format {
                Format::Json => {
                    let whole = serde_json::json!({ "case": json, "events": events });
                    println!("{}", serde_json::to_string_pretty(&whole)?);
                }
                Format::Table | Format::Csv => {
                    print_cases(std::slice::from_ref(&json), format)?;
                    let mut table = Table::new();
                    table.load_style(UTF8_FULL_CONDENSED);
                    table.set_header(["at", "who", "what", "text"]);
                    for event in events {
                        let value = serde_json::to_value(&event)?;
                        let field = |name: &str| value[name].as_str().unwrap_or_default().to_string();
                        table.add_row([field("at"), field("actor"), field("kind"), field("text")]);
                    }
                    println!("{table}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The columns a person scans a queue by; JSON is the API's.
fn print_cases(rows: &[CaseJson], format: Format) -> anyhow::Result<()> {
    let header = ["id", "state", "score", "owner", "unit", "opened", "first contact due", "overdue", "comment"];
    let line = |c: &CaseJson| -> [String; 9] {
        let response = c.response.as_ref();
        [
            c.id.to_string(),
            c.state.to_string(),
            response.map(|r| r.score.to_string()).unwrap_or_default(),
            c.owner.as_ref().map(|o| o.email.clone()).unwrap_or_default(),
            c.unit.clone().unwrap_or_default(),
            c.opened_at.clone(),
            c.first_contact_due_at.clone(),
            if c.overdue { "yes".into() } else { String::new() },
            response.and_then(|r| r.comment.clone()).unwrap_or_default(),
        ]
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "cases": rows }))?),
        Format::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(header)?;
            for row in rows {
                out.write_record(line(row))?;
            }
            out.flush()?;
        }
        Format::Table => {
            let mut table = Table::new();
            table.load_style(UTF8_FULL_CONDENSED);
            table.set_header(header);
            for row in rows {
                let mut cells = line(row);
                cells[8] = cells[8].chars().take(60).collect();
                table.add_row(cells);
            }
            println!("{table}");
        }
    }
    Ok(())
}
