//! Draws one response: team, moment, touchpoint, channel, customer and agent
//! first, then a score from everything that shapes satisfaction, then maybe a
//! comment about the themes that matter for that team, touchpoint and day.

use std::collections::BTreeMap;

use rand::Rng;
use vocal_domain::Category;
use vocal_store::NewResponse;

use super::calendar::Calendar;
use super::comments::{CommentContext, write_comment};
use super::customers::CustomerBook;
use super::organisation::Organisation;
use super::phrases::Corpus;
use super::sampling::pick_pair;
use super::scoring::draw_score;
use super::seasons;
use super::touchpoints::Channel;

/// How often each band writes a comment before the channel's propensity:
/// unhappy customers explain themselves most.
fn comment_rate(band: Category) -> f64 {
    match band {
        Category::Detractor => 0.85,
        Category::Passive => 0.62,
        Category::Promoter => 0.70,
    }
}

/// Everything fixed for the run, shared by every draw.
pub struct ResponseFactory<'a> {
    pub org: &'a Organisation,
    pub calendar: &'a Calendar,
    pub customers: &'a CustomerBook,
    pub corpus: &'a Corpus,
}

impl ResponseFactory<'_> {
    /// One response, without its de-duplication key (given once all are sorted).
    pub fn draw(&self, rng: &mut impl Rng) -> NewResponse {
        let team_index = self.org.pick_team(rng);
        let team = &self.org.teams[team_index];
        let region = team.spec.region;
        let moment = self.calendar.draw_moment(team_index, region, rng);
        let touchpoint = pick_pair(rng, team.spec.touchpoints);
        let customer = self.customers.pick(team_index, rng);
        let mut channel = pick_pair(rng, touchpoint.channels());
        if channel == Channel::Email && customer.email.is_none() {
            channel = Channel::Sms; // only a phone number on file
        }
        let agent = (rng.random::<f64>() < touchpoint.agent_share()).then(|| team.pick_agent(rng));

        let latent = team.quality_at(moment.progress)
            + agent.map_or(0.0, |a| a.skill)
            + customer.plan.score_effect()
            + customer.tenure.score_effect()
            + touchpoint.score_effect()
            + channel.score_effect()
            + seasons::score_shift(&moment.day, region, touchpoint);
        let score = draw_score(latent, rng);
        let band = score.category();

        let wants_comment = rng.random::<f64>() < comment_rate(band) * channel.comment_propensity();
        let comment = wants_comment.then(|| {
            let mut themes = touchpoint.theme_relevance();
            team.shape_themes(&mut themes, band, moment.progress);
            if band != Category::Promoter {
                seasons::shape_complaints(&moment.day, region, &mut themes);
            }
            let context = CommentContext {
                band,
                language: customer.language,
                agent: agent.map(|a| a.first_name),
                role_noun: touchpoint.role_noun(),
                contexts: touchpoint.contexts(),
                currency: region.currency(),
                channel,
                themes: &themes,
            };
            write_comment(self.corpus, &context, rng)
        });

        NewResponse {
            dedupe_key: None,
            score,
            comment,
            submitted_at_ms: moment.timestamp_ms,
            channel: Some(channel.as_str().to_string()),
            touchpoint: Some(touchpoint.as_str().to_string()),
            unit: Some(team.path.clone()),
            agent: agent.map(|a| a.name.to_string()),
            contact_email: customer.email.clone(),
            account: customer.account.map(str::to_string),
            language: Some(customer.language.code().to_string()),
            survey_id: None,
            source: "demo".to_string(),
            attributes: BTreeMap::from([
                ("plan".to_string(), customer.plan.as_str().to_string()),
                ("tenure".to_string(), customer.tenure.as_str().to_string()),
            ]),
        }
    }
}
