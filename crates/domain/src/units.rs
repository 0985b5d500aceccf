//! The organisation's hierarchy of units (company → region → site → team, to
//! any depth). A unit's figures include its whole subtree.

use std::collections::{HashMap, HashSet};

use crate::ids::UnitId;

/// One node of the hierarchy as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub parent: Option<UnitId>,
    pub name: String,
}

/// A unit addressed by its names from the top, e.g. `Americas/Nevada/Reno Support`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitPath(Vec<String>);

impl UnitPath {
    pub const MAX_NAME_CHARS: usize = 200;
    /// Levels from the top: company, region, country, site, team and a few
    /// more fit; every page that shows a unit shows its whole path, so a
    /// deeper tree makes every page of everyone above it heavier.
    pub const MAX_DEPTH: usize = 12;
    /// The whole path as text, `/` included.
    pub const MAX_PATH_BYTES: usize = 1_000;

    /// Splits on `/`, trims each name, and rejects empty or control-character
    /// names and paths deeper than [`Self::MAX_DEPTH`] or longer than
    /// [`Self::MAX_PATH_BYTES`]. Every way in (API, import, invitations,
    /// admin pages) parses here, so all share these limits.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() > Self::MAX_PATH_BYTES {
            return Err(format!("unit path is {} bytes long; the limit is {}", text.len(), Self::MAX_PATH_BYTES));
        }
        let depth = text.split('/').count();
        if depth > Self::MAX_DEPTH {
            return Err(format!("unit path has {depth} levels; the limit is {}", Self::MAX_DEPTH));
        }
        let names: Vec<String> = text.split('/').map(|n| n.trim().to_string()).collect();
        if names.iter().any(String::is_empty) {
            return Err(format!("unit path {text:?} has an empty name"));
        }
        if let Some(bad) = names.iter().find(|n| n.chars().any(char::is_control)) {
            return Err(format!("unit name {bad:?} contains a control character"));
        }
        if let Some(long) = names.iter().find(|n| n.chars().count() > Self::MAX_NAME_CHARS) {
            return Err(format!(
                "unit name {:?}… is longer than {} characters",
                long.chars().take(20).collect::<String>(),
                Self::MAX_NAME_CHARS
            ));
        }
        Ok(UnitPath(names))
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }
}

impl std::fmt::Display for UnitPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

/// Distinct units one API request or one import file may name, each path
/// counted with the units above it: at most as many new units as one
/// write may create.
pub const MAX_UNITS_PER_WRITE: usize = 5_000;

/// The units one write has named so far, to refuse the path that takes it
/// past [`MAX_UNITS_PER_WRITE`]. Holds at most that many paths.
#[derive(Debug, Clone, Default)]
pub struct UnitBudget {
    named: HashSet<String>,
}

impl UnitBudget {
    /// Counts `path` and the units above it; an error once the write would name too many.
    pub fn admit(&mut self, path: &UnitPath) -> Result<(), String> {
        let prefixes: Vec<String> = (1..=path.0.len()).map(|n| path.0[..n].join("/")).collect();
        let new = prefixes.iter().filter(|p| !self.named.contains(*p)).count();
        if self.named.len() + new > MAX_UNITS_PER_WRITE {
            return Err(format!(
                "names more than {MAX_UNITS_PER_WRITE} different units in one request or file (counting the units \
                 above each); split it, or create the units first"
            ));
        }
        self.named.extend(prefixes);
        Ok(())
    }
}

/// Written as the `/`-separated text it is parsed from.
impl serde::Serialize for UnitPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for UnitPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        UnitPath::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The loaded hierarchy, with the lookups breakdowns and scoping need.
#[derive(Debug, Clone, Default)]
pub struct UnitTree {
    units: Vec<Unit>,
    position: HashMap<UnitId, usize>,
    children: HashMap<Option<UnitId>, Vec<UnitId>>,
}

impl UnitTree {
    pub fn new(mut units: Vec<Unit>) -> Self {
        units.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        let position = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let mut children: HashMap<Option<UnitId>, Vec<UnitId>> = HashMap::new();
        for unit in &units {
            children.entry(unit.parent).or_default().push(unit.id);
        }
        UnitTree { units, position, children }
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn get(&self, id: UnitId) -> Option<&Unit> {
        self.position.get(&id).map(|&i| &self.units[i])
    }

    /// Top-level units, by name.
    pub fn roots(&self) -> &[UnitId] {
        self.children.get(&None).map_or(&[], Vec::as_slice)
    }

    /// Direct children, by name.
    pub fn children(&self, id: UnitId) -> &[UnitId] {
        self.children.get(&Some(id)).map_or(&[], Vec::as_slice)
    }

    /// From the top down to `id`, both included.
    pub fn lineage(&self, id: UnitId) -> Vec<UnitId> {
        let mut chain = Vec::new();
        let mut cursor = Some(id);
        while let Some(current) = cursor {
            if chain.contains(&current) || chain.len() > self.units.len() {
                break; // a cycle in stored data must not hang a query
            }
            chain.push(current);
            cursor = self.get(current).and_then(|u| u.parent);
        }
        chain.reverse();
        chain
    }

    /// 1 for a top-level unit, 2 for its children, …
    pub fn level(&self, id: UnitId) -> usize {
        self.lineage(id).len()
    }

    /// The ancestor (or self) at `level`, if the unit is that deep.
    pub fn ancestor_at_level(&self, id: UnitId, level: usize) -> Option<UnitId> {
        self.lineage(id).get(level.checked_sub(1)?).copied()
    }

    /// Whether `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: UnitId, ancestor: UnitId) -> bool {
        self.lineage(id).contains(&ancestor)
    }

    pub fn depth(&self) -> usize {
        self.units.iter().map(|u| self.level(u.id)).max().unwrap_or(0)
    }

    pub fn path(&self, id: UnitId) -> String {
        self.lineage(id).iter().filter_map(|u| self.get(*u).map(|u| u.name.as_str())).collect::<Vec<_>>().join("/")
    }

    pub fn find(&self, path: &UnitPath) -> Option<UnitId> {
        let mut parent = None;
        for name in path.names() {
            let siblings = self.children.get(&parent)?;
            parent = Some(*siblings.iter().find(|&&s| self.get(s).is_some_and(|u| &u.name == name))?);
        }
        parent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> UnitTree {
        let unit = |id, parent: Option<i64>, name: &str| Unit {
            id: UnitId(id),
            parent: parent.map(UnitId),
            name: name.into(),
        };
        UnitTree::new(vec![
            unit(1, None, "Acme"),
            unit(2, Some(1), "Americas"),
            unit(3, Some(2), "Nevada"),
            unit(4, Some(3), "Reno Support"),
            unit(5, Some(1), "EMEA"),
        ])
    }

    #[test]
    fn paths_and_levels() {
        let t = tree();
        assert_eq!(t.path(UnitId(4)), "Acme/Americas/Nevada/Reno Support");
        assert_eq!(t.level(UnitId(4)), 4);
        assert_eq!(t.ancestor_at_level(UnitId(4), 2), Some(UnitId(2)));
        assert_eq!(t.ancestor_at_level(UnitId(5), 3), None);
        assert_eq!(t.depth(), 4);
        let path = UnitPath::parse(" Acme / Americas/Nevada ").unwrap();
        assert_eq!(t.find(&path), Some(UnitId(3)));
        assert_eq!(t.find(&UnitPath::parse("Acme/Nevada").unwrap()), None);
    }

    #[test]
    fn subtree_membership() {
        let t = tree();
        assert!(t.is_within(UnitId(4), UnitId(2)));
        assert!(t.is_within(UnitId(2), UnitId(2)));
        assert!(!t.is_within(UnitId(5), UnitId(2)));
        assert!(!t.is_within(UnitId(2), UnitId(4)));
        assert_eq!(t.children(UnitId(1)), &[UnitId(2), UnitId(5)]);
    }

    #[test]
    fn depth_and_length_are_bounded() {
        let deep = |levels: usize| vec!["u"; levels].join("/");
        assert!(UnitPath::parse(&deep(UnitPath::MAX_DEPTH)).is_ok());
        let err = UnitPath::parse(&deep(UnitPath::MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(err, "unit path has 13 levels; the limit is 12");
        assert!(UnitPath::parse(&deep(60_000)).is_err());
        let long = format!("{}/{}/{}", "a".repeat(200), "b".repeat(200), "c".repeat(200));
        assert!(UnitPath::parse(&long).is_ok());
        let too_long = vec!["x".repeat(200); 5].join("/") + "/y";
        assert_eq!(too_long.len(), 1_006);
        assert_eq!(UnitPath::parse(&too_long).unwrap_err(), "unit path is 1006 bytes long; the limit is 1000");
    }

    #[test]
    fn a_write_may_name_a_bounded_number_of_units() {
        let mut budget = UnitBudget::default();
        // Acme, Acme/Region r, Acme/Region r/Team t: 1 + 50 + 50·98 = 4,951 units.
        for r in 0..50 {
            for t in 0..98 {
                budget.admit(&UnitPath::parse(&format!("Acme/Region {r}/Team {t}")).unwrap()).unwrap();
            }
        }
        let again = UnitPath::parse("Acme/Region 7/Team 7").unwrap();
        assert!(budget.admit(&again).is_ok(), "a unit already named costs nothing");
        for t in 98..147 {
            budget.admit(&UnitPath::parse(&format!("Acme/Region 0/Team {t}")).unwrap()).unwrap();
        }
        // 5,000 named; one more is refused, and refusing it counts nothing.
        let one_more = UnitPath::parse("Acme/Region 0/Team 147").unwrap();
        assert!(budget.admit(&one_more).unwrap_err().contains("more than 5000 different units"));
        assert!(budget.admit(&again).is_ok());
    }

    #[test]
    fn bad_paths_are_rejected() {
        assert!(UnitPath::parse("Acme//Reno").is_err());
        assert!(UnitPath::parse("").is_err());
        assert!(UnitPath::parse("Acme/\u{7}bell").is_err());
    }
}
