//! The demo's customers: a fixed pool per team, so the same people answer
//! more than once (a few loyal ones often), each with a language, a plan and
//! a tenure that stay the same across their answers.

use std::collections::HashMap;

use rand::Rng;
use rand::seq::IndexedRandom;
use vocal_domain::Email;

use super::organisation::Organisation;
use super::sampling::{pick_pair, pick_weighted};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    Fr,
    De,
    Es,
    Ja,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::De => "de",
            Language::Es => "es",
            Language::Ja => "ja",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Basic,
    Plus,
    Premium,
    Business,
}

impl Plan {
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Basic => "Basic",
            Plan::Plus => "Plus",
            Plan::Premium => "Premium",
            Plan::Business => "Business",
        }
    }

    /// Premium customers get the better line and the priority queue.
    pub fn score_effect(self) -> f64 {
        match self {
            Plan::Basic => -0.20,
            Plan::Plus => 0.0,
            Plan::Premium => 0.25,
            Plan::Business => 0.05,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tenure {
    UnderOneYear,
    OneToThreeYears,
    OverThreeYears,
}

impl Tenure {
    pub fn as_str(self) -> &'static str {
        match self {
            Tenure::UnderOneYear => "<1y",
            Tenure::OneToThreeYears => "1-3y",
            Tenure::OverThreeYears => "3y+",
        }
    }

    /// New customers meet the rough edges of set-up; those who stayed like it.
    pub fn score_effect(self) -> f64 {
        match self {
            Tenure::UnderOneYear => -0.15,
            Tenure::OneToThreeYears => 0.0,
            Tenure::OverThreeYears => 0.20,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Customer {
    /// `None` for the customers only reachable by phone or SMS.
    pub email: Option<Email>,
    pub account: Option<&'static str>,
    pub plan: Plan,
    pub tenure: Tenure,
    pub language: Language,
}

/// Every team's customers.
pub struct CustomerBook {
    by_team: Vec<Vec<Customer>>,
}

/// About two answers per customer on average.
const RESPONSES_PER_CUSTOMER: f64 = 2.0;
/// The share of answers that come from the loyal tenth of the pool.
const LOYAL_SHARE: f64 = 0.3;
const SHARE_WITH_EMAIL: f64 = 0.88;

impl CustomerBook {
    pub fn build(org: &Organisation, responses: usize, rng: &mut impl Rng) -> Self {
        let mut names_seen = NamesSeen::new();
        let by_team = org
            .teams
            .iter()
            .map(|team| {
                let expected = responses as f64 * team.volume_share;
                let size = ((expected / RESPONSES_PER_CUSTOMER).ceil() as usize).max(10);
                (0..size)
                    .map(|_| {
                        let spec = team.spec;
                        let business = rng.random::<f64>() < spec.business_share;
                        let account = business.then(|| *ACCOUNTS.choose(rng).expect("accounts are listed"));
                        let plan = if business {
                            Plan::Business
                        } else {
                            [Plan::Basic, Plan::Plus, Plan::Premium][pick_weighted(rng, &[0.45, 0.35, 0.20])]
                        };
                        let tenure_weights = if business { [0.15, 0.35, 0.50] } else { [0.25, 0.40, 0.35] };
                        let tenure = [Tenure::UnderOneYear, Tenure::OneToThreeYears, Tenure::OverThreeYears]
                            [pick_weighted(rng, &tenure_weights)];
                        let language = pick_pair(rng, spec.languages);
                        let email =
                            (rng.random::<f64>() < SHARE_WITH_EMAIL).then(|| fake_email(rng, account, &mut names_seen));
                        Customer { email, account, plan, tenure, language }
                    })
                    .collect()
            })
            .collect();
        CustomerBook { by_team }
    }

    /// A customer of the team; the first tenth of each pool answers often.
    pub fn pick(&self, team: usize, rng: &mut impl Rng) -> &Customer {
        let pool = &self.by_team[team];
        let loyal = (pool.len() / 10).max(1);
        let index = if rng.random::<f64>() < LOYAL_SHARE {
            rng.random_range(0..loyal)
        } else {
            rng.random_range(0..pool.len())
        };
        &pool[index]
    }
}

/// How often each name has been given at each domain.
type NamesSeen = HashMap<(&'static str, &'static str, Option<&'static str>), u32>;

/// `first.last@example.com` for consumers and `first.last@acme.example.com`
/// for businesses; a number keeps a repeated name unique.
fn fake_email(rng: &mut impl Rng, account: Option<&'static str>, seen: &mut NamesSeen) -> Email {
    let first = *FIRST_NAMES.choose(rng).expect("names are listed");
    let last = *LAST_NAMES.choose(rng).expect("names are listed");
    let count = seen.entry((first, last, account)).or_insert(0);
    *count += 1;
    let number = if *count == 1 { String::new() } else { count.to_string() };
    let address = match account {
        Some(name) => format!("{first}.{last}{number}@{}.example.com", slug(name)),
        None => format!("{first}.{last}{number}@example.com"),
    };
    Email::parse(&address).expect("the demo's names make valid addresses")
}

fn slug(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

const FIRST_NAMES: [&str; 48] = [
    "james", "mary", "wei", "fatima", "john", "linda", "raj", "sofia", "ali", "emma", "noah", "olivia", "hiroshi",
    "chen", "ana", "pierre", "hans", "elif", "kwame", "amara", "lucas", "nina", "omar", "leila", "ivan", "sara",
    "mateo", "chloe", "arjun", "mei", "david", "grace", "tomas", "ingrid", "samuel", "yara", "kofi", "aylin", "ben",
    "lea", "diego", "hana", "victor", "zara", "paul", "rosa", "felix", "maya",
];

const LAST_NAMES: [&str; 48] = [
    "smith", "johnson", "li", "khan", "garcia", "martin", "schmidt", "rossi", "dubois", "nguyen", "kim", "sato",
    "okafor", "silva", "novak", "jensen", "cohen", "ahmed", "murphy", "walsh", "lopez", "moreau", "fischer", "yamada",
    "brown", "wilson", "patel", "singh", "mensah", "costa", "kowalski", "larsen", "haddad", "baker", "reyes", "tanaka",
    "evans", "wright", "dupont", "weber", "santos", "ito", "clarke", "hughes", "meyer", "rahman", "young", "ward",
];

/// Business customers; `account` groups their contacts.
const ACCOUNTS: [&str; 32] = [
    "Harbor Logistics",
    "Bluebird Dental",
    "Crescent Bakery",
    "Pinecrest Realty",
    "Alder & Finch Law",
    "Summit Outdoor Gear",
    "Lumen Architects",
    "Riverbend Clinic",
    "Copperleaf Cafe",
    "Northgate Motors",
    "Orchid Travel",
    "Ironwood Construction",
    "Saffron Kitchen",
    "Tidewater Marine",
    "Brightpath Tutoring",
    "Granite Peak Insurance",
    "Maple Street Pharmacy",
    "Silverline Couriers",
    "Quarry Hill Brewing",
    "Evergreen Vets",
    "Kestrel Analytics",
    "Willow Creek Hotel",
    "Atlas Print Shop",
    "Beacon Accounting",
    "Cobalt Fitness",
    "Driftwood Studios",
    "Fernhill School",
    "Golden Gate Florists",
    "Hillside Dental Care",
    "Juniper Consulting",
    "Lakeside Auto Repair",
    "Meridian Freight",
];
