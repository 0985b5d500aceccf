//! The query string as repeated pairs (`where=` may appear many times), with
//! unknown parameters rejected by name.

use crate::error::ApiError;

pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::bad("query", format!("malformed query string: {e}")))?;
        if let Some((name, _)) = pairs.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
            return Err(ApiError::bad(
                name.clone(),
                format!("unknown parameter {name:?}; allowed: {}", allowed.join(", ")),
            ));
        }
        Ok(Params(pairs))
    }

    /// The single value of a parameter; given twice is an error.
    pub fn one<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, ApiError> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad(name, format!("{name} is given more than once")));
        }
        Ok(first)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}
