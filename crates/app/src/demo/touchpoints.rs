//! Touchpoints (what the customer was doing) and channels (how the survey
//! reached them). Both shape a response: the channel follows the touchpoint
//! the way a real programme sends surveys (a phone call gets an IVR or SMS
//! survey, a delivery an SMS), and each touchpoint has its own typical themes
//! and its own baseline satisfaction.

use super::phrases::Contexts;
use super::themes::{THEME_COUNT, ThemeWeights};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
    Chat,
    Web,
    Ivr,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Chat => "chat",
            Channel::Web => "web",
            Channel::Ivr => "ivr",
        }
    }

    /// Shift of the latent satisfaction: IVR surveys come right after a
    /// call, while the frustration is fresh; chat surveys right after a chat.
    pub fn score_effect(self) -> f64 {
        match self {
            Channel::Ivr => -0.10,
            Channel::Web => -0.05,
            Channel::Chat => 0.05,
            Channel::Email | Channel::Sms => 0.0,
        }
    }

    /// How much likelier than average a respondent is to leave a comment:
    /// few people speak one into an IVR, SMS replies are short.
    pub fn comment_propensity(self) -> f64 {
        match self {
            Channel::Ivr => 0.55,
            Channel::Sms => 0.85,
            Channel::Email | Channel::Chat | Channel::Web => 1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touchpoint {
    SupportCall,
    LiveChat,
    Delivery,
    Onboarding,
    Billing,
    TechnicalVisit,
    StoreVisit,
    Renewal,
    App,
    Returns,
}

use Channel::{Chat, Email, Ivr, Sms, Web};

impl Touchpoint {
    pub fn as_str(self) -> &'static str {
        match self {
            Touchpoint::SupportCall => "support call",
            Touchpoint::LiveChat => "live chat",
            Touchpoint::Delivery => "delivery",
            Touchpoint::Onboarding => "onboarding",
            Touchpoint::Billing => "billing",
            Touchpoint::TechnicalVisit => "technical visit",
            Touchpoint::StoreVisit => "store visit",
            Touchpoint::Renewal => "renewal",
            Touchpoint::App => "app",
            Touchpoint::Returns => "returns",
        }
    }

    /// The channels a survey about this touchpoint is sent through, weighted.
    pub fn channels(self) -> &'static [(Channel, f64)] {
        match self {
            Touchpoint::SupportCall => &[(Ivr, 0.55), (Sms, 0.25), (Email, 0.20)],
            Touchpoint::LiveChat => &[(Chat, 0.85), (Email, 0.15)],
            Touchpoint::Delivery => &[(Sms, 0.60), (Email, 0.40)],
            Touchpoint::Onboarding => &[(Email, 0.70), (Web, 0.30)],
            Touchpoint::Billing => &[(Email, 0.65), (Web, 0.25), (Ivr, 0.10)],
            Touchpoint::TechnicalVisit => &[(Sms, 0.70), (Email, 0.30)],
            Touchpoint::StoreVisit => &[(Sms, 0.50), (Web, 0.30), (Email, 0.20)],
            Touchpoint::Renewal => &[(Email, 0.80), (Web, 0.20)],
            Touchpoint::App => &[(Web, 0.75), (Email, 0.25)],
            Touchpoint::Returns => &[(Email, 0.60), (Web, 0.40)],
        }
    }

    /// Baseline satisfaction of the touchpoint: nobody enjoys a bill.
    pub fn score_effect(self) -> f64 {
        match self {
            Touchpoint::SupportCall => -0.15,
            Touchpoint::LiveChat => 0.0,
            Touchpoint::Delivery => 0.20,
            Touchpoint::Onboarding => 0.10,
            Touchpoint::Billing => -0.35,
            Touchpoint::TechnicalVisit => 0.05,
            Touchpoint::StoreVisit => 0.25,
            Touchpoint::Renewal => -0.20,
            Touchpoint::App => -0.10,
            Touchpoint::Returns => -0.25,
        }
    }

    /// The share of these responses attributed to an agent: a courier or the
    /// app has none, a billing email sometimes has one.
    pub fn agent_share(self) -> f64 {
        match self {
            Touchpoint::Delivery | Touchpoint::App => 0.0,
            Touchpoint::Billing | Touchpoint::Returns => 0.5,
            Touchpoint::Onboarding | Touchpoint::Renewal => 0.8,
            Touchpoint::SupportCall | Touchpoint::LiveChat | Touchpoint::TechnicalVisit | Touchpoint::StoreVisit => 1.0,
        }
    }

    /// The kinds of interaction a comment about this touchpoint may describe.
    pub fn contexts(self) -> Contexts {
        let (call, chat, visit, store, delivery) =
            (Contexts::CALL, Contexts::CHAT, Contexts::VISIT, Contexts::STORE, Contexts::DELIVERY);
        match self {
            Touchpoint::SupportCall => call,
            Touchpoint::LiveChat => chat,
            Touchpoint::Delivery => delivery,
            Touchpoint::Onboarding => call.union(visit).union(delivery),
            Touchpoint::Billing => call.union(chat),
            Touchpoint::TechnicalVisit => visit,
            Touchpoint::StoreVisit => store,
            Touchpoint::Renewal => call.union(store),
            Touchpoint::App => Contexts::EMPTY,
            Touchpoint::Returns => call.union(store).union(delivery),
        }
    }

    /// How comments refer to the person when no agent is recorded.
    pub fn role_noun(self) -> &'static str {
        match self {
            Touchpoint::TechnicalVisit => "the technician",
            Touchpoint::StoreVisit => "the sales assistant",
            Touchpoint::Delivery => "the courier",
            Touchpoint::App => "the support team",
            _ => "the agent",
        }
    }

    /// Which themes a comment about this touchpoint tends to be about, in
    /// [`super::themes::Theme`] order: wait, knowledge, empathy, resolution,
    /// billing, self-service, product, price, delivery, app.
    pub fn theme_relevance(self) -> ThemeWeights {
        let weights: [f64; THEME_COUNT] = match self {
            Touchpoint::SupportCall => [4.0, 3.0, 3.0, 4.0, 1.0, 3.0, 2.0, 0.5, 0.0, 0.5],
            Touchpoint::LiveChat => [2.5, 3.0, 2.0, 4.0, 1.0, 2.0, 1.5, 0.5, 0.5, 1.5],
            Touchpoint::Delivery => [0.5, 0.0, 0.5, 0.5, 0.0, 0.0, 2.0, 0.0, 6.0, 0.5],
            Touchpoint::Onboarding => [1.0, 2.0, 1.0, 2.0, 2.0, 1.0, 2.0, 1.0, 1.5, 2.5],
            Touchpoint::Billing => [1.5, 1.5, 1.5, 2.0, 6.0, 1.0, 0.0, 2.0, 0.0, 0.5],
            Touchpoint::TechnicalVisit => [3.0, 3.0, 2.0, 4.0, 0.0, 0.0, 3.0, 0.0, 0.5, 0.0],
            Touchpoint::StoreVisit => [2.5, 3.0, 3.0, 1.5, 0.5, 0.0, 2.0, 2.5, 0.0, 0.5],
            Touchpoint::Renewal => [0.5, 1.5, 1.0, 0.5, 2.0, 0.5, 1.0, 6.0, 0.0, 0.5],
            Touchpoint::App => [0.0, 0.0, 0.0, 0.5, 1.0, 2.5, 1.0, 0.5, 0.0, 7.0],
            Touchpoint::Returns => [1.5, 1.0, 1.5, 2.5, 2.5, 1.0, 1.5, 0.0, 3.0, 0.5],
        };
        weights
    }
}
