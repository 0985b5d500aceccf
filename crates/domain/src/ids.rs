//! Typed database identifiers, so a unit id can never be passed where an
//! agent id is expected.

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// An organisation: the tenant boundary; nothing is shared across them.
    OrgId,
    /// A node of the organisation's unit hierarchy (company, region, site, team).
    UnitId,
    /// A frontline agent whose interactions are surveyed.
    AgentId,
    /// A customer who can be surveyed.
    ContactId,
    /// One answer to the 0–10 question.
    ResponseId,
    /// A person who signs in to Vocal.
    UserId,
    /// A survey definition.
    SurveyId,
    /// A request to one contact to answer one survey, reached by its token.
    InvitationId,
    /// A case: one alert's follow-up with the customer, opened at most once per response.
    CaseId,
);
