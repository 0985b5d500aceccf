//! The Net Promoter domain: scores, the NPS arithmetic, the organisation's
//! unit hierarchy, time buckets and the query language shared by the CLI and
//! the API, and the values parsed once at the edge (`Email`, `Phone`).
//! Nothing here knows about SQL, HTTP or files, so every rule can be
//! tested as a pure function.
#![forbid(unsafe_code)]

pub mod alerts;
pub mod attributes;
pub mod cases;
pub mod email;
pub mod ids;
pub mod nps;
pub mod phone;
pub mod query;
pub mod quoted;
pub mod ranking;
pub mod role;
pub mod score;
pub mod survey;
mod survey_links;
pub mod survey_logo;
pub mod survey_rules;
pub mod text;
pub mod time;
pub mod units;

pub use email::{Email, EmailError};
pub use ids::{AgentId, CaseId, ContactId, InvitationId, OrgId, ResponseId, SurveyId, UnitId, UserId};
pub use nps::{Comparison, Counts, Figure, MinSample};
pub use phone::{Phone, PhoneError};
pub use query::{Field, Filter, QueryError, QuerySpec};
pub use ranking::{Rank, tied_ranks};
pub use role::Role;
pub use score::{Category, Score, ScoreError};
pub use survey::{SurveyDefinition, SurveyError};
pub use time::{Bucket, DayNumber, SubmittedAtError, check_submitted_at};
pub use units::{MAX_UNITS_PER_WRITE, Unit, UnitBudget, UnitPath, UnitTree};
