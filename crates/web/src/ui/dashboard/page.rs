//! The dashboard page's template data: the view's links (presets, tabs,
//! drill-down crumbs, exports) computed once here, so the template only
//! shows them.

use askama::Template;
use vocal_app::accounts::scope::Scope;
use vocal_app::dashboard::Dashboard;
use vocal_domain::Bucket;

use super::Prepared;
use super::choices::Choices;
use super::feed::{Feed, SCAN_LIMIT};
use super::figures::{Figures, count};
use super::filters::Problems;
use super::view::{Band, By, Preset, View};
use crate::ui::chrome::Chrome;

/// A link among others, one of which is the current one.
pub struct Tab {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// A filter on an attribute, with the link that removes it.
pub struct AttributeFilter {
    pub label: String,
    pub remove: String,
}

#[derive(Template)]
#[template(path = "app/dashboard/dashboard.html")]
pub struct DashboardPage<'a> {
    pub chrome: &'a Chrome,
    pub view: &'a View,
    pub problems: &'a Problems,
    pub choices: Choices,
    pub presets: Vec<Tab>,
    /// The explicit dates, for the date fields.
    pub from: String,
    pub to: String,
    pub attributes: Vec<AttributeFilter>,
    pub filter_hidden: Vec<(&'static str, String)>,
    pub feed_hidden: Vec<(&'static str, String)>,
    pub figures: Figures,
    pub trend_tabs: Vec<Tab>,
    pub by_tabs: Vec<Tab>,
    pub by_label: String,
    /// The breakdown's column heading.
    pub by_title: String,
    pub by_unit: bool,
    pub min_n: u64,
    /// The feed's first page, when on a later one.
    pub newest: String,
    /// The current unit's ancestors the user may open, for the unit breakdown.
    pub crumbs: Vec<Tab>,
    pub bands: Vec<(&'static str, &'static str, bool)>,
    pub feed: Feed,
    pub scan_limit: String,
    pub export_limit: String,
    pub export_responses: String,
    pub export_breakdown: String,
    /// The close-the-loop card, for roles that see cases.
    pub loop_card: Option<LoopCardView>,
}

/// The close-the-loop card as shown: counts and the median wait in words.
pub struct LoopCardView {
    pub open: u64,
    pub overdue: u64,
    /// "3 h" or `None` when no case in the window has been contacted.
    pub median_first_contact: Option<String>,
    pub contacted: u64,
}

impl LoopCardView {
    pub fn of(card: &vocal_app::closed_loop::metrics::LoopCard) -> LoopCardView {
        LoopCardView {
            open: card.open,
            overdue: card.overdue,
            median_first_contact: card.median_first_contact_ms.map(crate::ui::cases::span),
            contacted: card.contacted_in_window,
        }
    }
}

impl<'a> DashboardPage<'a> {
    pub fn new(
        chrome: &'a Chrome,
        scope: &Scope,
        prepared: &'a Prepared,
        dashboard: &Dashboard,
        choices: Choices,
        feed: Feed,
    ) -> Self {
        let view = &prepared.view;
        let units = &prepared.units;
        let sees = |path: &str| {
            vocal_index::find_unit(path, units).is_ok_and(|id| units.get(id).is_some() && scope.sees_unit(units, id))
        };
        let active = view.preset_or_default();
        let explicit = view.from.is_some() || view.to.is_some();
        let presets = Preset::ALL
            .into_iter()
            .map(|p| Tab {
                label: p.label().into(),
                href: view.link(|v| (v.preset, v.from, v.to) = (Some(p), None, None)),
                current: !explicit && p == active,
            })
            .collect();
        let attributes = view
            .attrs
            .iter()
            .enumerate()
            .map(|(i, (name, value))| AttributeFilter {
                label: format!("{name} = {value}"),
                remove: view.link(|v| {
                    v.attrs.remove(i);
                }),
            })
            .collect();
        let trend_tabs = [(Bucket::Week, "By week"), (Bucket::Month, "By month")]
            .into_iter()
            .map(|(b, label)| Tab { label: label.into(), href: view.link(|v| v.trend = b), current: view.trend == b })
            .collect();
        let mut fields = vec![By::Unit, By::Channel, By::Touchpoint, By::Agent];
        fields.extend(choices.attributes.iter().map(|a| By::Attribute(a.clone())));
        let by_tabs = fields
            .into_iter()
            .map(|by| Tab { label: by.label(), href: view.link(|v| v.by = by.clone()), current: view.by == by })
            .collect();
        let bands = Band::ALL.into_iter().map(|b| (b.param(), b.label(), view.band == Some(b))).collect();
        DashboardPage {
            chrome,
            view,
            problems: &prepared.problems,
            presets,
            from: view.from.map(|d| d.to_string()).unwrap_or_default(),
            to: view.to.map(|d| d.to_string()).unwrap_or_default(),
            attributes,
            // The preset stays when the form is sent: dates typed in win over it.
            filter_hidden: view.hidden(&["from", "to", "unit", "channel", "touchpoint", "agent"]),
            feed_hidden: view.hidden(&["band", "q"]),
            figures: Figures::of(dashboard, view, sees),
            trend_tabs,
            by_tabs,
            by_label: view.by.label().to_lowercase(),
            by_title: view.by.label(),
            by_unit: view.by == By::Unit,
            min_n: prepared.spec.min_sample.0,
            newest: view.link(|_| {}),
            crumbs: crumbs(view, &prepared.units, scope),
            bands,
            feed,
            scan_limit: count(SCAN_LIMIT as u64),
            export_limit: count(super::export::MAX_ROWS as u64),
            export_responses: view.export_href("responses.csv"),
            export_breakdown: view.export_href("breakdown.csv"),
            loop_card: None,
            choices,
        }
    }
}

/// "All units › Top › Top/East": the way back up from the unit drilled into,
/// through the units the user may open.
fn crumbs(view: &View, units: &vocal_domain::UnitTree, scope: &Scope) -> Vec<Tab> {
    let mut crumbs =
        vec![Tab { label: "All units".into(), href: view.link(|v| v.unit = None), current: view.unit.is_none() }];
    let Some(current) = view.unit.as_deref().and_then(|u| vocal_index::find_unit(u, units).ok()) else {
        return crumbs;
    };
    for id in units.lineage(current) {
        if scope.sees_unit(units, id) {
            let path = units.path(id);
            let name = units.get(id).map_or_else(|| path.clone(), |u| u.name.clone());
            crumbs.push(Tab { label: name, href: view.link(|v| v.unit = Some(path)), current: id == current });
        }
    }
    crumbs
}
