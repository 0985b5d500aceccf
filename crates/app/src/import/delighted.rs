//! Delighted's response export. Its columns are the response's own fields
//! (`Response ID`, `Score`, `Comment`, `Response Timestamp`, the person's
//! `Email` and `Name`, `Notes`, `Tags`) followed by one column per person
//! property, including the `Delighted …` properties Delighted records itself.

use jiff::tz::TimeZone;

use super::columns::{ColumnPlan, PlanBuilder, Target};
use super::dates::DateStyle;
use super::error::ImportError;

/// Personal or internal columns that make no useful breakdown.
const SKIPPED: [&str; 8] = [
    "Name",
    "Notes",
    "Permalink",
    "Delighted Page",
    "Delighted Page URL",
    "Delighted Referrer URL",
    "Delighted Source URL",
    "Survey Type",
];

pub(crate) fn plan(labels: Vec<String>, time_zone: &TimeZone) -> Result<ColumnPlan, ImportError> {
    let mut builder = PlanBuilder::new(labels);
    builder.skip_named(&SKIPPED);
    builder.assign_vocal_names()?;
    builder.offer_named("Response ID", Target::ResponseId);
    builder.offer_named("Score", Target::Score);
    builder.offer_named("Comment", Target::Comment);
    builder.offer_named("Response Timestamp", Target::SubmittedAt);
    builder.offer_named("Email", Target::ContactEmail);
    // Where the answer came from: email, web, sms, link, kiosk.
    builder.offer_named("Delighted Source", Target::Channel);
    // The special person property that picks the survey's language.
    builder.offer_named("Locale", Target::Language);
    builder.finish(time_zone.clone(), DateStyle::Delighted, ["Score", "Response Timestamp"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delighted_columns_map_to_vocal_fields() {
        let header = [
            "Response ID",
            "Email",
            "Name",
            "Score",
            "Comment",
            "Response Timestamp",
            "Notes",
            "Tags",
            "Delighted Source",
            "Delighted Country",
            "Delighted Page URL",
            "Plan",
            "agent",
        ];
        let plan = plan(header.iter().map(|h| h.to_string()).collect(), &TimeZone::UTC).unwrap();
        assert_eq!(plan.response_id, Some(0));
        assert_eq!(plan.contact_email, Some(1));
        assert_eq!((plan.score, plan.comment, plan.submitted_at), (3, Some(4), 5));
        assert_eq!(plan.channel, Some(8));
        assert_eq!(plan.agent, Some(12), "a property named like a Vocal field feeds it");
        let names: Vec<&str> = plan.attributes.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["Tags", "Delighted Country", "Plan"]);
    }
}
