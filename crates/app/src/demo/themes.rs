//! The comment themes of the product's default taxonomy. The demo writes its
//! comments theme by theme so that the text analysis built on top has real
//! structure to find: which themes drive detractors, per team and touchpoint.

/// One theme of the taxonomy; the order is the index into [`ThemeWeights`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    WaitTime,
    AgentKnowledge,
    Empathy,
    Resolution,
    Billing,
    SelfService,
    ProductQuality,
    PriceValue,
    Delivery,
    AppWebsite,
}

pub const THEME_COUNT: usize = 10;

/// How likely each theme is to be what a comment talks about, by [`Theme`] index.
pub type ThemeWeights = [f64; THEME_COUNT];

impl Theme {
    pub const ALL: [Theme; THEME_COUNT] = [
        Theme::WaitTime,
        Theme::AgentKnowledge,
        Theme::Empathy,
        Theme::Resolution,
        Theme::Billing,
        Theme::SelfService,
        Theme::ProductQuality,
        Theme::PriceValue,
        Theme::Delivery,
        Theme::AppWebsite,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The prefix of this theme's sections in `phrases.txt`.
    pub fn corpus_key(self) -> &'static str {
        match self {
            Theme::WaitTime => "wait",
            Theme::AgentKnowledge => "knowledge",
            Theme::Empathy => "empathy",
            Theme::Resolution => "resolution",
            Theme::Billing => "billing",
            Theme::SelfService => "self_service",
            Theme::ProductQuality => "product",
            Theme::PriceValue => "price",
            Theme::Delivery => "delivery",
            Theme::AppWebsite => "app",
        }
    }
}

/// Multiplies the weight of each listed theme by its factor.
pub fn emphasise(weights: &mut ThemeWeights, factors: &[(Theme, f64)]) {
    for &(theme, factor) in factors {
        weights[theme.index()] *= factor;
    }
}
