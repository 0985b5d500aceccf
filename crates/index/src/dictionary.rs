//! Interning of a column's values: the column stores small codes, the
//! dictionary the values. Code 0 is reserved for "no value".

use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "T: serde::Deserialize<'de> + Eq + Hash + Clone"))]
pub struct Dictionary<T: Eq + Hash + Clone> {
    values: Vec<T>,
    #[serde(skip)]
    codes: HashMap<T, u32>,
}

impl<T: Eq + Hash + Clone> Default for Dictionary<T> {
    fn default() -> Self {
        Dictionary { values: Vec::new(), codes: HashMap::new() }
    }
}

impl<T: Eq + Hash + Clone> Dictionary<T> {
    /// The code of `value`, adding it when new.
    pub fn intern(&mut self, value: &T) -> u32 {
        if let Some(&code) = self.codes.get(value) {
            return code;
        }
        self.values.push(value.clone());
        let code = self.values.len() as u32;
        self.codes.insert(value.clone(), code);
        code
    }

    pub fn code(&self, value: &T) -> Option<u32> {
        self.codes.get(value).copied()
    }

    /// The value of a code; `None` for code 0 or an unknown code.
    pub fn value(&self, code: u32) -> Option<&T> {
        code.checked_sub(1).and_then(|i| self.values.get(i as usize))
    }

    /// (code, value) pairs, codes from 1.
    pub fn entries(&self) -> impl Iterator<Item = (u32, &T)> {
        self.values.iter().enumerate().map(|(i, v)| (i as u32 + 1, v))
    }

    /// Codes run from 0 to `len()` inclusive.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Rebuilds the lookup after deserialising.
    pub fn reindex(&mut self) {
        self.codes = self.values.iter().enumerate().map(|(i, v)| (v.clone(), i as u32 + 1)).collect();
    }
}

impl Dictionary<String> {
    /// Like [`Dictionary::intern`], without allocating when the value is known.
    pub fn intern_str(&mut self, value: &str) -> u32 {
        match self.codes.get(value) {
            Some(&code) => code,
            None => self.intern(&value.to_string()),
        }
    }
}
