//! Reading a dashboard URL one parameter at a time. A parameter that is
//! malformed, names something unknown or something outside the user's
//! scope is reported next to its filter and dropped; the rest of the view
//! stands. So a bookmark outlives a renamed unit, and a bad link is never
//! an error page.

use vocal_app::accounts::scope::Scope;
use vocal_app::live_index::OrgIndex;
use vocal_domain::query::{Filter, QueryError};
use vocal_domain::{Bucket, DayNumber, Field, QuerySpec};

use super::view::{Band, By, Preset, View};

/// Longer values are not filters anyone typed or picked.
pub const MAX_VALUE_CHARS: usize = 200;

/// What was wrong with the URL, by parameter.
#[derive(Debug, Default, Clone)]
pub struct Problems(Vec<(String, String)>);

impl Problems {
    pub fn add(&mut self, param: &str, message: String) {
        self.0.push((param.to_string(), message));
    }

    /// The messages about one parameter, for next to its field.
    pub fn of(&self, param: &str) -> Option<String> {
        let messages: Vec<&str> = self.0.iter().filter(|(p, _)| p == param).map(|(_, m)| m.as_str()).collect();
        (!messages.is_empty()).then(|| messages.join("; "))
    }

    pub fn all(&self) -> Vec<&str> {
        self.0.iter().map(|(_, m)| m.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The parameters' syntax; what they name is checked by [`check`].
pub fn parse(raw: &str) -> (View, Problems) {
    let mut view = View::default();
    let mut problems = Problems::default();
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        let (name, value) = (name.as_ref(), value.trim());
        // An empty form field means "any".
        if value.is_empty() {
            continue;
        }
        let shown: String = name.chars().take(40).collect();
        if value.chars().count() > MAX_VALUE_CHARS {
            problems.add(name, format!("{shown} is longer than {MAX_VALUE_CHARS} characters"));
            continue;
        }
        if name != "attr" && seen.iter().any(|s| s == name) {
            problems.add(name, format!("{shown} is given more than once; the first is used"));
            continue;
        }
        seen.push(name.to_string());
        let text = || Some(value.to_string());
        match name {
            "period" => match Preset::parse(value) {
                Some(preset) => view.preset = Some(preset),
                None => problems.add(name, format!("period {value:?} is not one of 7d, 30d, 90d, 12m, ytd, all")),
            },
            "from" | "to" => match DayNumber::parse(value) {
                Some(day) if name == "from" => view.from = Some(day),
                Some(day) => view.to = Some(day),
                None => problems.add(name, format!("{name} {value:?} is not a date (YYYY-MM-DD)")),
            },
            "unit" => view.unit = text(),
            "channel" => view.channel = text(),
            "touchpoint" => view.touchpoint = text(),
            "agent" => view.agent = text(),
            "attr" => match value.split_once(':') {
                Some((n, v)) if !n.trim().is_empty() && !v.trim().is_empty() => {
                    view.attrs.push((n.trim().to_string(), v.trim().to_string()))
                }
                _ => problems.add(name, "an attribute filter in the address is not NAME:VALUE".into()),
            },
            "by" => match By::parse(value) {
                Some(by) => view.by = by,
                None => problems.add(
                    name,
                    format!("breakdown {value:?} is not one of unit, channel, touchpoint, agent, attr:NAME"),
                ),
            },
            "trend" => match value {
                "week" => view.trend = Bucket::Week,
                "month" => view.trend = Bucket::Month,
                _ => problems.add(name, format!("trend {value:?} is not week or month")),
            },
            "band" => match Band::parse(value) {
                Some(band) => view.band = Some(band),
                None => problems.add(name, format!("band {value:?} is not promoter, passive or detractor")),
            },
            "q" => view.q = text(),
            "before" => match value.parse::<i64>() {
                Ok(id) if id > 0 => view.before = Some(id),
                _ => problems.add(name, format!("before {value:?} is not a response number")),
            },
            _ => problems.add("query", format!("the parameter {shown:?} is not known and is ignored")),
        }
    }
    (view, problems)
}

/// Drops from `view` what the organisation does not have or the user may
/// not see, each with its problem, and dates that make an empty range.
///
/// Values matched against data are never written back into the page's
/// messages: a link that names something outside the user's scope (or
/// another organisation's) must not get it shown, not even as an echo.
pub fn check(
    view: &mut View,
    problems: &mut Problems,
    index: &OrgIndex,
    scope: &Scope,
    today: DayNumber,
    attribute_names: &[String],
) {
    let probe = |field: Field, value: &str| exists_in_scope(index, scope, field, value);
    let singles: [(&str, Field, &mut Option<String>); 4] = [
        ("unit", Field::Unit, &mut view.unit),
        ("channel", Field::Channel, &mut view.channel),
        ("touchpoint", Field::Touchpoint, &mut view.touchpoint),
        ("agent", Field::Agent, &mut view.agent),
    ];
    for (param, field, slot) in singles {
        if let Some(value) = slot.as_deref()
            && let Err(error) = probe(field, value)
        {
            problems.add(param, wording(param, scope.word_error(error), scope));
            *slot = None;
        }
    }
    view.attrs.retain(|(name, value)| {
        let known = attribute_names.contains(name);
        let outcome = if known { probe(Field::Attribute(name.clone()), value) } else { Err(unknown_attribute()) };
        match outcome {
            Ok(()) => true,
            Err(error) => {
                problems.add("attr", wording(&format!("value of attribute {name}"), scope.word_error(error), scope));
                false
            }
        }
    });
    if let By::Attribute(name) = &view.by
        && !attribute_names.contains(name)
    {
        problems.add("by", "no response has the attribute named in the address; showing units".into());
        view.by = By::Unit;
    }
    if let (Some(since), Some(until)) = view.range(today)
        && since > until
    {
        let param = if view.from.is_some() { "from" } else { "to" };
        problems
            .add(param, format!("the range {since} to {until} is empty; showing {}", view.preset_or_default().label()));
        (view.from, view.to) = (None, None);
    }
}

/// Whether one filter names something the user may see. Units and agents
/// are the scope's own question. Labels (channels, touchpoints, attribute
/// values) are the organisation's, so for a user who does not see
/// everything one response in scope must carry the value: the walk stops
/// at the first, and only a value outside the scope walks far.
fn exists_in_scope(index: &OrgIndex, scope: &Scope, field: Field, value: &str) -> Result<(), QueryError> {
    let label = !matches!(field, Field::Unit | Field::UnitLevel(_) | Field::Agent);
    let filter = Filter { field: field.clone(), values: vec![value.to_string()] };
    let mut spec = QuerySpec { filters: vec![filter], ..QuerySpec::default() };
    scope.restrict(&mut spec, index)?;
    let plan = index.index.plan(&spec, index.catalog())?;
    if label && !scope.is_everything() && index.index.matching_ids(&plan, None, 1).is_empty() {
        let known = String::new();
        return Err(QueryError::UnknownValue { field: field.name(), value: value.to_string(), known });
    }
    Ok(())
}

fn unknown_attribute() -> QueryError {
    QueryError::UnknownField { name: String::new(), valid: Vec::new() }
}

/// A problem with a filter in the words of the page, without the value:
/// "the unit in the address does not exist", also for a unit outside the
/// scope. Only users who see the whole organisation are told which
/// values exist (their organisation's, never the address's).
fn wording(what: &str, error: QueryError, scope: &Scope) -> String {
    match error {
        QueryError::BadUnit(detail) => match detail.split_once(" is ambiguous: ") {
            Some((_, paths)) => format!("the unit in the address could be any of {paths}"),
            None => "the unit in the address does not exist".into(),
        },
        QueryError::UnknownValue { known, .. } if scope.is_everything() && !known.is_empty() => {
            format!("the {what} in the address does not exist; known values: {known}")
        }
        QueryError::UnknownValue { .. } => format!("the {what} in the address does not exist"),
        QueryError::UnknownField { .. } => "no response has the attribute named in the address".into(),
        _ => format!("the {what} in the address cannot be used"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_is_read_on_its_own_and_a_bad_one_is_dropped() {
        let (view, problems) = parse(
            "period=30d&from=2026-02-30&unit=Top%2FEast&attr=plan:Gold&attr=nocolon&by=attr:plan&trend=day&q=+late+",
        );
        assert_eq!(view.preset, Some(Preset::Days30));
        assert_eq!(view.from, None);
        assert_eq!(view.unit.as_deref(), Some("Top/East"));
        assert_eq!(view.attrs, vec![("plan".to_string(), "Gold".to_string())]);
        assert_eq!(view.by, By::Attribute("plan".into()));
        assert_eq!(view.trend, Bucket::Week);
        assert_eq!(view.q.as_deref(), Some("late"));
        assert!(problems.of("from").unwrap().contains("not a date"));
        assert!(problems.of("attr").unwrap().contains("NAME:VALUE"));
        assert!(!problems.of("attr").unwrap().contains("nocolon"), "values are not echoed");
        assert!(problems.of("trend").is_some());
        assert_eq!(problems.all().len(), 3);
    }

    #[test]
    fn unknown_and_repeated_parameters_are_reported_not_fatal() {
        let (view, problems) = parse("unit=A&unit=B&colour=red&before=-3&band=fan");
        assert_eq!(view.unit.as_deref(), Some("A"));
        assert!(problems.of("unit").unwrap().contains("more than once"));
        assert!(problems.of("query").unwrap().contains("colour"));
        assert!(problems.of("before").is_some());
        assert!(problems.of("band").is_some());
    }

    #[test]
    fn a_view_links_back_to_itself() {
        let (view, problems) =
            parse("period=12m&unit=Top%2FEast&attr=plan%3AGold&by=channel&trend=month&band=detractor&q=a%26b");
        assert!(problems.is_empty());
        let (again, _) = parse(view.href().trim_start_matches("/dashboard?"));
        assert_eq!(again, view);
        assert_eq!(View::default().href(), "/dashboard");
        assert!(!view.export_href("responses.csv").contains("band="));
    }

    #[test]
    fn explicit_dates_win_over_the_preset() {
        let today = DayNumber::parse("2026-03-31").unwrap();
        let (view, _) = parse("period=7d&from=2026-01-01");
        assert_eq!(view.range(today), (DayNumber::parse("2026-01-01"), Some(today)));
        let (all, _) = parse("period=all");
        assert_eq!(all.range(today), (None, None));
        let (ytd, _) = parse("period=ytd");
        assert_eq!(ytd.range(today).0, DayNumber::parse("2026-01-01"));
    }
}
