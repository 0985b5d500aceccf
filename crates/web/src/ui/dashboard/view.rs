//! What a dashboard URL asks for, once understood: the date preset or
//! range, the filters, the breakdown, the trend's period and the feed's
//! band, search and page. Every link of the page is this view with one
//! thing changed, so any view can be bookmarked and shared.

use vocal_domain::nps::MinSample;
use vocal_domain::query::Filter;
use vocal_domain::{Bucket, Category, DayNumber, Field, QuerySpec, Score};

/// The date presets, shortest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Days7,
    Days30,
    Days90,
    Months12,
    YearToDate,
    All,
}

/// Without dates in the URL: a quarter, long enough for a stable figure
/// and short enough to move when things change.
pub const DEFAULT_PRESET: Preset = Preset::Days90;

impl Preset {
    pub const ALL: [Preset; 6] =
        [Preset::Days7, Preset::Days30, Preset::Days90, Preset::Months12, Preset::YearToDate, Preset::All];

    pub fn param(self) -> &'static str {
        match self {
            Preset::Days7 => "7d",
            Preset::Days30 => "30d",
            Preset::Days90 => "90d",
            Preset::Months12 => "12m",
            Preset::YearToDate => "ytd",
            Preset::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::Days7 => "7 days",
            Preset::Days30 => "30 days",
            Preset::Days90 => "90 days",
            Preset::Months12 => "12 months",
            Preset::YearToDate => "Year to date",
            Preset::All => "All time",
        }
    }

    pub fn parse(text: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.param() == text)
    }

    /// The days of the preset ending `today`; `None` is open-ended.
    pub fn range(self, today: DayNumber) -> (Option<DayNumber>, Option<DayNumber>) {
        let back = |days: i32| Some(DayNumber(today.0 - days + 1));
        let since = match self {
            Preset::Days7 => back(7),
            Preset::Days30 => back(30),
            Preset::Days90 => back(90),
            Preset::Months12 => back(365),
            Preset::YearToDate => Some(DayNumber::from_civil(today.civil().0, 1, 1)),
            Preset::All => return (None, None),
        };
        (since, Some(today))
    }
}

/// What the breakdown card groups by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum By {
    #[default]
    Unit,
    Channel,
    Touchpoint,
    Agent,
    Attribute(String),
}

impl By {
    pub fn parse(text: &str) -> Option<By> {
        match text {
            "unit" => Some(By::Unit),
            "channel" => Some(By::Channel),
            "touchpoint" => Some(By::Touchpoint),
            "agent" => Some(By::Agent),
            _ => text.strip_prefix("attr:").filter(|n| !n.trim().is_empty()).map(|n| By::Attribute(n.trim().into())),
        }
    }

    pub fn param(&self) -> String {
        match self {
            By::Attribute(name) => format!("attr:{name}"),
            other => other.field().name(),
        }
    }

    pub fn field(&self) -> Field {
        match self {
            By::Unit => Field::Unit,
            By::Channel => Field::Channel,
            By::Touchpoint => Field::Touchpoint,
            By::Agent => Field::Agent,
            By::Attribute(name) => Field::Attribute(name.clone()),
        }
    }

    pub fn label(&self) -> String {
        match self {
            By::Unit => "Unit".into(),
            By::Channel => "Channel".into(),
            By::Touchpoint => "Touchpoint".into(),
            By::Agent => "Agent".into(),
            By::Attribute(name) => name.clone(),
        }
    }
}

/// The feed's score bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Promoter,
    Passive,
    Detractor,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Promoter, Band::Passive, Band::Detractor];

    pub fn of(score: Score) -> Band {
        match score.category() {
            Category::Promoter => Band::Promoter,
            Category::Passive => Band::Passive,
            Category::Detractor => Band::Detractor,
        }
    }

    pub fn param(self) -> &'static str {
        match self {
            Band::Promoter => "promoter",
            Band::Passive => "passive",
            Band::Detractor => "detractor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Promoter => "Promoters (9–10)",
            Band::Passive => "Passives (7–8)",
            Band::Detractor => "Detractors (0–6)",
        }
    }

    /// One response's band: "Promoter (9–10)".
    pub fn singular(self) -> &'static str {
        match self {
            Band::Promoter => "Promoter (9–10)",
            Band::Passive => "Passive (7–8)",
            Band::Detractor => "Detractor (0–6)",
        }
    }

    pub fn parse(text: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.param() == text)
    }
}

/// The view a URL asks for, with whatever was not understood left out.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// As given; `None` means [`DEFAULT_PRESET`].
    pub preset: Option<Preset>,
    /// Explicit dates, which win over the preset's.
    pub from: Option<DayNumber>,
    pub to: Option<DayNumber>,
    pub unit: Option<String>,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    pub agent: Option<String>,
    /// `(name, value)` of custom attributes, in URL order.
    pub attrs: Vec<(String, String)>,
    pub by: By,
    /// `Week` or `Month`.
    pub trend: Bucket,
    pub band: Option<Band>,
    pub q: Option<String>,
    /// The feed's page: responses with a smaller id.
    pub before: Option<i64>,
}

impl Default for View {
    fn default() -> Self {
        View {
            preset: None,
            from: None,
            to: None,
            unit: None,
            channel: None,
            touchpoint: None,
            agent: None,
            attrs: Vec::new(),
            by: By::Unit,
            trend: Bucket::Week,
            band: None,
            q: None,
            before: None,
        }
    }
}

impl View {
    pub fn preset_or_default(&self) -> Preset {
        self.preset.unwrap_or(DEFAULT_PRESET)
    }

    /// The days shown: the preset's, with explicit dates winning.
    pub fn range(&self, today: DayNumber) -> (Option<DayNumber>, Option<DayNumber>) {
        let (since, until) = self.preset_or_default().range(today);
        (self.from.or(since), self.to.or(until))
    }

    /// The user's filters, the unit first: the unit breakdown drills down
    /// from the first unit filter of a question. One attribute named
    /// twice is one filter with alternatives, as in the query language.
    pub fn filters(&self) -> Vec<Filter> {
        let mut filters = Vec::new();
        let mut push = |field: Field, value: &str| match filters.iter_mut().find(|f: &&mut Filter| f.field == field) {
            Some(existing) => existing.values.push(value.to_string()),
            None => filters.push(Filter { field, values: vec![value.to_string()] }),
        };
        let labels = [
            (Field::Unit, &self.unit),
            (Field::Channel, &self.channel),
            (Field::Touchpoint, &self.touchpoint),
            (Field::Agent, &self.agent),
        ];
        for (field, value) in labels {
            if let Some(value) = value {
                push(field, value);
            }
        }
        for (name, value) in &self.attrs {
            push(Field::Attribute(name.clone()), value);
        }
        filters
    }

    /// The question behind the figures, before the user's scope is added.
    pub fn spec(&self, today: DayNumber, min_sample: MinSample) -> QuerySpec {
        let (since, until) = self.range(today);
        QuerySpec { by: Vec::new(), filters: self.filters(), since, until, min_sample }
    }

    /// Whether the filter `param` is set to `value` (to mark a choice selected).
    pub fn has(&self, param: &str, value: &str) -> bool {
        let set = match param {
            "unit" => &self.unit,
            "channel" => &self.channel,
            "touchpoint" => &self.touchpoint,
            "agent" => &self.agent,
            _ => return false,
        };
        set.as_deref() == Some(value)
    }

    /// The parameters of this view, defaults left out, in a stable order.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(preset) = self.preset {
            pairs.push(("period", preset.param().to_string()));
        }
        pairs.extend(self.from.map(|d| ("from", d.to_string())));
        pairs.extend(self.to.map(|d| ("to", d.to_string())));
        pairs.extend(self.unit.clone().map(|v| ("unit", v)));
        pairs.extend(self.channel.clone().map(|v| ("channel", v)));
        pairs.extend(self.touchpoint.clone().map(|v| ("touchpoint", v)));
        pairs.extend(self.agent.clone().map(|v| ("agent", v)));
        pairs.extend(self.attrs.iter().map(|(n, v)| ("attr", format!("{n}:{v}"))));
        if self.by != By::Unit {
            pairs.push(("by", self.by.param()));
        }
        if self.trend != Bucket::Week {
            pairs.push(("trend", self.trend.name().to_string()));
        }
        pairs.extend(self.band.map(|b| ("band", b.param().to_string())));
        pairs.extend(self.q.clone().map(|v| ("q", v)));
        pairs.extend(self.before.map(|b| ("before", b.to_string())));
        pairs
    }

    /// The view as a query string (without `?`).
    pub fn query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.pairs() {
            query.append_pair(name, &value);
        }
        query.finish()
    }

    /// The pairs of this view as hidden form fields, except those a form sets itself.
    pub fn hidden(&self, except: &[&str]) -> Vec<(&'static str, String)> {
        self.pairs().into_iter().filter(|(name, _)| !except.contains(name) && *name != "before").collect()
    }

    pub fn href(&self) -> String {
        with_query("/dashboard", &self.query())
    }

    /// A link to this view changed by `edit`; the feed starts again at the
    /// newest unless `edit` says otherwise.
    pub fn link(&self, edit: impl FnOnce(&mut View)) -> String {
        let mut view = self.clone();
        view.before = None;
        edit(&mut view);
        view.href()
    }

    /// An export of this view's figures: the feed's band, search and page
    /// are not part of them.
    pub fn export_href(&self, file: &str) -> String {
        let view = View { band: None, q: None, before: None, ..self.clone() };
        with_query(&format!("/dashboard/export/{file}"), &view.query())
    }
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() { path.to_string() } else { format!("{path}?{query}") }
}
