//! Invitations: one contact asked to answer one survey, with the context
//! (unit, agent, touchpoint, attributes) that flows onto their response,
//! reached through an unguessable expiring token.

use std::collections::BTreeMap;

use vocal_domain::{InvitationId, OrgId, Phone};
use vocal_store::{Invitation, InvitationContext, NewContact, NewInvitation, Store, Survey};

use super::fields::{check_attributes, language_tag};
use super::tokens::Token;
use super::{CollectError, Collector, FieldError, Links, now_ms};
use crate::import::row::{email, label};

pub const DEFAULT_EXPIRY_DAYS: u32 = 30;
pub const MAX_EXPIRY_DAYS: u32 = 365;
pub const MAX_INVITATIONS: usize = 10_000;

/// An invitation as the API or a contacts file gives it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    /// The survey's slug.
    pub survey: String,
    pub channel: String,
    pub contact: ContactInput,
    pub unit: Option<String>,
    pub agent: Option<String>,
    pub touchpoint: Option<String>,
    pub account: Option<String>,
    /// The page's language; else the contact's.
    pub language: Option<String>,
    /// Where the thank-you page leads; a host the survey allows.
    pub redirect_url: Option<String>,
    pub expires_in_days: Option<u32>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub language: Option<String>,
    pub account: Option<String>,
}

/// A stored invitation with the links that carry its token.
#[derive(Debug, Clone)]
pub struct Issued {
    pub invitation: Invitation,
    pub links: Links,
}

impl<S: Store> Collector<S> {
    /// Checks every invitation (errors named `invitations[i].field` when
    /// `batch`), then stores all or none.
    pub async fn invite(
        &self,
        org: OrgId,
        inputs: Vec<InvitationInput>,
        batch: bool,
    ) -> Result<Vec<Issued>, CollectError> {
        if inputs.len() > MAX_INVITATIONS {
            let message = format!("{} invitations; a batch holds at most {MAX_INVITATIONS}", inputs.len());
            return Err(CollectError::Invalid(vec![FieldError::new("invitations", message)]));
        }
        if batch && inputs.is_empty() {
            return Err(CollectError::Invalid(vec![FieldError::new("invitations", "is empty")]));
        }
        let mut surveys: BTreeMap<String, Option<Survey>> = BTreeMap::new();
        let (mut errors, mut prepared) = (Vec::new(), Vec::with_capacity(inputs.len()));
        let now = now_ms();
        // Answers create their invitation's unit: a batch names at most so many.
        let mut units = vocal_domain::UnitBudget::default();
        for (i, input) in inputs.into_iter().enumerate() {
            if !surveys.contains_key(&input.survey) {
                let found = self.store.survey_by_slug(org, &input.survey).await?;
                surveys.insert(input.survey.clone(), found);
            }
            let survey = surveys[&input.survey].as_ref();
            let within = |e: FieldError| if batch { e.within(&format!("invitations[{i}]")) } else { e };
            match check_invitation(input, survey, now) {
                Ok(checked) => {
                    if let Some(Err(message)) = checked.context.unit.as_ref().map(|u| units.admit(u)) {
                        errors.push(within(FieldError::new("unit", message)));
                    }
                    prepared.push(checked)
                }
                Err(bad) => errors.extend(bad.into_iter().map(within)),
            }
        }
        if !errors.is_empty() {
            return Err(CollectError::Invalid(errors));
        }
        let tokens: Vec<Token> = prepared.iter().map(|_| Token::generate()).collect();
        let new: Vec<NewInvitation> = prepared
            .into_iter()
            .zip(&tokens)
            .map(|(mut invitation, token)| {
                invitation.token_hash = token.hash();
                invitation.token_seal = self.secret.seal(token);
                invitation
            })
            .collect();
        let stored = self.store.create_invitations(org, new).await?;
        Ok(stored
            .into_iter()
            .zip(&tokens)
            .map(|(invitation, token)| Issued { invitation, links: self.links(token) })
            .collect())
    }

    /// An invitation's links again, for the API; `None` when it is not in
    /// the organisation, or its token was sealed with another server key.
    pub async fn invitation_links(&self, org: OrgId, id: InvitationId) -> Result<Option<Issued>, CollectError> {
        let Some(invitation) = self.store.invitation(org, id).await? else {
            return Ok(None);
        };
        let Some(token) = self.secret.unseal(&invitation.token_seal, &invitation.token_hash) else {
            tracing::warn!(invitation = id.0, "an invitation's link cannot be shown: sealed with another secret key");
            return Ok(None);
        };
        Ok(Some(Issued { links: self.links(&token), invitation }))
    }
}

/// Every field checked; the token is added by the caller.
pub(super) fn check_invitation(
    input: InvitationInput,
    survey: Option<&Survey>,
    now: i64,
) -> Result<NewInvitation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: String| errors.push(FieldError::new(field, message));
    if survey.is_none() {
        fail("survey", format!("no survey {:?} in this organisation", input.survey));
    }
    let channel = one_line(&input.channel).map(|c| c.to_lowercase()).unwrap_or_else(|m| {
        fail("channel", m);
        String::new()
    });
    let contact = &input.contact;
    let contact_email = contact.email.as_deref().map(email).transpose().unwrap_or_else(|m| {
        fail("contact.email", m);
        None
    });
    let phone = contact.phone.as_deref().map(phone_number).transpose().unwrap_or_else(|m| {
        fail("contact.phone", m);
        None
    });
    if contact.email.is_none() && contact.phone.is_none() {
        fail("contact", "needs an email or a phone number".into());
    }
    let mut optional = |field: &str, value: &Option<String>, check: fn(&str) -> Result<String, String>| {
        value.as_deref().map(check).transpose().unwrap_or_else(|m| {
            fail(field, m);
            None
        })
    };
    let contact_name = optional("contact.name", &contact.name, one_line);
    let contact_language = optional("contact.language", &contact.language, language_tag);
    let contact_account = optional("contact.account", &contact.account, one_line);
    let agent = optional("agent", &input.agent, one_line);
    let touchpoint = optional("touchpoint", &input.touchpoint, one_line);
    let account = optional("account", &input.account, one_line);
    let language = optional("language", &input.language, language_tag);
    let unit = input.unit.as_deref().map(vocal_domain::UnitPath::parse).transpose().unwrap_or_else(|m| {
        errors.push(FieldError::new("unit", m));
        None
    });
    if let (Some(url), Some(survey)) = (&input.redirect_url, survey)
        && !survey.definition.redirect_allowed(url)
    {
        errors.push(FieldError::new("redirect_url", "must be an https link to a host the survey allows"));
    }
    let days = input.expires_in_days.unwrap_or(DEFAULT_EXPIRY_DAYS);
    if !(1..=MAX_EXPIRY_DAYS).contains(&days) {
        errors.push(FieldError::new("expires_in_days", format!("must be from 1 to {MAX_EXPIRY_DAYS}")));
    }
    errors.extend(check_attributes(&input.attributes));
    let Some(survey) = survey.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(NewInvitation {
        survey_id: survey.id,
        contact: NewContact {
            email: contact_email,
            phone,
            name: contact_name,
            account: contact_account,
            language: contact_language,
            attributes: BTreeMap::new(),
        },
        channel,
        token_hash: [0; 32],
        token_seal: Vec::new(),
        expires_at_ms: now + i64::from(days) * 86_400_000,
        context: InvitationContext {
            unit,
            agent,
            touchpoint,
            account,
            language,
            redirect_url: input.redirect_url,
            attributes: input.attributes,
        },
    })
}

/// A non-empty one-line name of at most 200 characters.
fn one_line(raw: &str) -> Result<String, String> {
    let text = label(raw)?;
    match text.chars().count() {
        0 => Err("is empty".into()),
        n if n > 200 => Err("longer than 200 characters".into()),
        _ => Ok(text.to_string()),
    }
}

/// A phone field, in E.164 from here on.
fn phone_number(raw: &str) -> Result<Phone, String> {
    Phone::parse(raw).map_err(|e| e.to_string())
}
