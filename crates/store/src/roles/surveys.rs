use std::future::Future;

use vocal_domain::{InvitationId, OrgId, SurveyDefinition, SurveyId};

use crate::{Contact, Invitation, NewContact, NewInvitation, StoreResult, Survey};

/// Surveys, the contacts they are sent to, and invitations.
pub trait Surveys {
    /// Creates the survey, or replaces its definition when the slug exists
    /// (its id, invitations and responses stay).
    fn put_survey(&self, org: OrgId, definition: SurveyDefinition) -> impl Future<Output = StoreResult<Survey>> + Send;
    fn list_surveys(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Survey>>> + Send;
    fn survey_by_slug(&self, org: OrgId, slug: &str) -> impl Future<Output = StoreResult<Option<Survey>>> + Send;
    fn survey_by_id(&self, org: OrgId, id: SurveyId) -> impl Future<Output = StoreResult<Option<Survey>>> + Send;

    /// Creates or updates the contact with the same email.
    fn upsert_contact(&self, org: OrgId, contact: NewContact) -> impl Future<Output = StoreResult<Contact>> + Send;
    fn list_contacts(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<Contact>>> + Send;

    /// Creates all the invitations or none, in the order given, matching or
    /// creating each contact.
    fn create_invitations(
        &self,
        org: OrgId,
        invitations: Vec<NewInvitation>,
    ) -> impl Future<Output = StoreResult<Vec<Invitation>>> + Send;
    /// The invitation whose token hashes to `token_hash`, in any organisation.
    fn invitation_by_token_hash(
        &self,
        token_hash: [u8; 32],
    ) -> impl Future<Output = StoreResult<Option<Invitation>>> + Send;
    fn invitation(&self, org: OrgId, id: InvitationId) -> impl Future<Output = StoreResult<Option<Invitation>>> + Send;
}
