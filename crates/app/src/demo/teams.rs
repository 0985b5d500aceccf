//! The demo organisation as data: Northwind Telecom's regions and teams, each
//! with a character. Quality is a shift of the latent satisfaction (in logit
//! units, where ±0.6 moves NPS by roughly ±25 points); `trend` is the change
//! of that shift across the 18 months; weaknesses and strengths say which
//! themes its detractors complain about and its promoters praise.

use super::customers::Language::{self, De, En, Es, Fr, Ja};
use super::themes::Theme;
use super::touchpoints::Touchpoint::{self, *};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Americas,
    Emea,
    Apac,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Americas, Region::Emea, Region::Apac];

    pub fn name(self) -> &'static str {
        match self {
            Region::Americas => "Americas",
            Region::Emea => "EMEA",
            Region::Apac => "APAC",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Prefixed to amounts in English comments.
    pub fn currency(self) -> &'static str {
        match self {
            Region::Emea => "€",
            Region::Americas | Region::Apac => "$",
        }
    }
}

pub struct TeamSpec {
    pub region: Region,
    pub name: &'static str,
    /// A POSIX TZ rule for the site's local time, so answers arrive in its
    /// business hours; POSIX rules need no time-zone database on disk.
    pub zone: &'static str,
    /// Relative share of the organisation's responses.
    pub volume: f64,
    pub quality: f64,
    pub trend: f64,
    pub touchpoints: &'static [(Touchpoint, f64)],
    pub languages: &'static [(Language, f64)],
    /// Share of customers who are businesses (plan `Business`, an account).
    pub business_share: f64,
    pub weaknesses: &'static [(Theme, f64)],
    /// How the weaknesses change over the period: negative fades them (the
    /// team is fixing them), positive sharpens them.
    pub weakness_trend: f64,
    pub strengths: &'static [(Theme, f64)],
    pub agents: &'static [&'static str],
}

/// Also the organisation's own zone, `America/New_York`.
pub const EASTERN: &str = "EST5EDT,M3.2.0,M11.1.0";
const CENTRAL: &str = "CST6CDT,M3.2.0,M11.1.0";
const MOUNTAIN: &str = "MST7MDT,M3.2.0,M11.1.0";
const PACIFIC: &str = "PST8PDT,M3.2.0,M11.1.0";
const IRELAND: &str = "GMT0IST,M3.5.0/1,M10.5.0";
const CENTRAL_EUROPE: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
const JAPAN: &str = "JST-9";
const SYDNEY: &str = "AEST-10AEDT,M10.1.0,M4.1.0/3";
const MANILA: &str = "PHT-8";

pub const TEAMS: [TeamSpec; 12] = [
    TeamSpec {
        region: Region::Americas,
        name: "Reno Support",
        zone: PACIFIC,
        volume: 1.5,
        quality: -0.35,
        trend: 0.0,
        touchpoints: &[(SupportCall, 6.0), (LiveChat, 2.0), (Returns, 1.0)],
        languages: &[(En, 0.93), (Es, 0.07)],
        business_share: 0.10,
        weaknesses: &[(Theme::WaitTime, 4.0), (Theme::SelfService, 2.0)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Empathy, 1.5)],
        agents: &[
            "Maria González",
            "Jamal Washington",
            "Emily Carter",
            "Kevin Nguyen",
            "Ashley Thompson",
            "Daniel Kim",
        ],
    },
    TeamSpec {
        region: Region::Americas,
        name: "Austin Field Services",
        zone: CENTRAL,
        volume: 0.8,
        quality: 0.55,
        trend: 0.0,
        touchpoints: &[(TechnicalVisit, 6.0), (Delivery, 2.0)],
        languages: &[(En, 0.85), (Es, 0.15)],
        business_share: 0.35,
        weaknesses: &[(Theme::WaitTime, 2.0)],
        weakness_trend: 0.0,
        strengths: &[(Theme::AgentKnowledge, 3.0), (Theme::Resolution, 2.0)],
        agents: &["Carlos Ramírez", "Tyrone Jackson", "Megan O'Brien", "Luis Hernández", "Brandon Miller"],
    },
    TeamSpec {
        region: Region::Americas,
        name: "Toronto Billing",
        zone: EASTERN,
        volume: 1.0,
        quality: -0.30,
        trend: 0.0,
        touchpoints: &[(Billing, 6.0), (Renewal, 2.0), (SupportCall, 1.0)],
        languages: &[(En, 0.85), (Fr, 0.15)],
        business_share: 0.20,
        weaknesses: &[(Theme::Billing, 4.0), (Theme::PriceValue, 1.5)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Empathy, 1.5)],
        agents: &["Priya Patel", "Sophie Tremblay", "Marcus Chen", "Olivia Martin", "Ahmed Hassan"],
    },
    TeamSpec {
        region: Region::Americas,
        name: "Miami Chat Desk",
        zone: EASTERN,
        volume: 1.1,
        quality: 0.30,
        trend: -1.2,
        touchpoints: &[(LiveChat, 6.0), (App, 2.0), (SupportCall, 1.0)],
        languages: &[(En, 0.70), (Es, 0.30)],
        business_share: 0.05,
        weaknesses: &[(Theme::Empathy, 2.5), (Theme::Resolution, 2.0), (Theme::WaitTime, 1.5)],
        weakness_trend: 1.2,
        strengths: &[(Theme::WaitTime, 2.0)],
        agents: &["Isabella Rodríguez", "Jasmine Brown", "Diego Morales", "Natalie Pierre", "Chris Alvarez"],
    },
    TeamSpec {
        region: Region::Americas,
        name: "Denver Onboarding",
        zone: MOUNTAIN,
        volume: 0.7,
        quality: 0.15,
        trend: 0.0,
        touchpoints: &[(Onboarding, 6.0), (App, 2.0), (Delivery, 1.0)],
        languages: &[(En, 0.93), (Es, 0.07)],
        business_share: 0.20,
        weaknesses: &[(Theme::AppWebsite, 3.0)],
        weakness_trend: 0.0,
        strengths: &[(Theme::AgentKnowledge, 1.5)],
        agents: &["Hannah Schultz", "Tyler Brooks", "Aisha Mohammed", "Ryan Foster", "Grace Lee"],
    },
    TeamSpec {
        region: Region::Emea,
        name: "Dublin Support",
        zone: IRELAND,
        volume: 1.2,
        quality: 0.50,
        trend: 0.0,
        touchpoints: &[(SupportCall, 5.0), (LiveChat, 3.0)],
        languages: &[(En, 0.95), (Fr, 0.02), (De, 0.03)],
        business_share: 0.15,
        weaknesses: &[(Theme::ProductQuality, 1.5)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Empathy, 3.0)],
        agents: &["Siobhán Murphy", "Conor Byrne", "Aoife Kelly", "Liam O'Connor", "Fatima Okafor", "Patrick Doyle"],
    },
    TeamSpec {
        region: Region::Emea,
        name: "Berlin Field Services",
        zone: CENTRAL_EUROPE,
        volume: 0.8,
        quality: -0.10,
        trend: 0.0,
        touchpoints: &[(TechnicalVisit, 5.0), (Delivery, 3.0)],
        languages: &[(En, 0.40), (De, 0.60)],
        business_share: 0.30,
        weaknesses: &[(Theme::Delivery, 3.0), (Theme::WaitTime, 2.0)],
        weakness_trend: 0.0,
        strengths: &[(Theme::AgentKnowledge, 2.0)],
        agents: &["Lukas Becker", "Anna Schmidt", "Mehmet Yılmaz", "Julia Wagner", "Felix Hoffmann"],
    },
    TeamSpec {
        region: Region::Emea,
        name: "Paris Retail",
        zone: CENTRAL_EUROPE,
        volume: 0.7,
        quality: 0.35,
        trend: 0.0,
        touchpoints: &[(StoreVisit, 7.0), (Returns, 2.0)],
        languages: &[(En, 0.30), (Fr, 0.70)],
        business_share: 0.05,
        weaknesses: &[(Theme::PriceValue, 2.5)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Empathy, 2.0), (Theme::AgentKnowledge, 2.0)],
        agents: &["Camille Laurent", "Julien Moreau", "Chloé Bernard", "Karim Benali", "Léa Fontaine"],
    },
    TeamSpec {
        region: Region::Emea,
        name: "Madrid Customer Care",
        zone: CENTRAL_EUROPE,
        volume: 0.9,
        quality: 0.0,
        trend: 0.0,
        touchpoints: &[(SupportCall, 4.0), (Billing, 3.0), (LiveChat, 2.0)],
        languages: &[(En, 0.35), (Es, 0.65)],
        business_share: 0.15,
        weaknesses: &[(Theme::SelfService, 3.0), (Theme::Billing, 1.5)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Empathy, 1.5)],
        agents: &["Lucía Fernández", "Javier Ruiz", "Carmen López", "Pablo Navarro", "Elena García"],
    },
    TeamSpec {
        region: Region::Apac,
        name: "Tokyo Support",
        zone: JAPAN,
        volume: 0.8,
        quality: 0.70,
        trend: 0.0,
        touchpoints: &[(SupportCall, 5.0), (LiveChat, 3.0), (StoreVisit, 1.0)],
        languages: &[(En, 0.35), (Ja, 0.65)],
        business_share: 0.20,
        weaknesses: &[(Theme::PriceValue, 1.5)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Resolution, 3.0), (Theme::AgentKnowledge, 2.0)],
        agents: &["Yuki Tanaka", "Haruto Sato", "Sakura Suzuki", "Kenji Watanabe", "Aiko Yamamoto"],
    },
    TeamSpec {
        region: Region::Apac,
        name: "Sydney Sales & Renewals",
        zone: SYDNEY,
        volume: 0.6,
        quality: -0.05,
        trend: 0.0,
        touchpoints: &[(Renewal, 5.0), (Onboarding, 2.0), (StoreVisit, 2.0)],
        languages: &[(En, 0.97), (Ja, 0.03)],
        business_share: 0.40,
        weaknesses: &[(Theme::PriceValue, 4.0)],
        weakness_trend: 0.0,
        strengths: &[(Theme::Empathy, 1.5)],
        agents: &["Jack Wilson", "Mia Robinson", "Lachlan Smith", "Zoe Papadopoulos"],
    },
    TeamSpec {
        region: Region::Apac,
        name: "Manila Contact Centre",
        zone: MANILA,
        volume: 1.4,
        quality: -0.10,
        trend: 1.4,
        touchpoints: &[(SupportCall, 5.0), (LiveChat, 4.0), (App, 1.0)],
        languages: &[(En, 1.0)],
        business_share: 0.10,
        weaknesses: &[(Theme::AgentKnowledge, 3.0), (Theme::SelfService, 2.0)],
        weakness_trend: -1.2,
        strengths: &[(Theme::Empathy, 2.0)],
        agents: &[
            "Angelica Reyes",
            "Joshua Cruz",
            "Kristine Bautista",
            "Mark Villanueva",
            "Rhea Mendoza",
            "Paolo Dela Cruz",
        ],
    },
];
