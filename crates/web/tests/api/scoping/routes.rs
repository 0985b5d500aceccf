//! Every path given to a router anywhere in the web crate's source, found by
//! reading the source (axum cannot list its routes), and the paths the API
//! and the customers' pages serve under their own rules: API keys are
//! organisation-wide, survey pages are reached by token.

use std::collections::BTreeSet;
use std::path::Path;

fn sources(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

pub fn routed_paths() -> BTreeSet<String> {
    let mut texts = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut texts);
    let mut paths = BTreeSet::new();
    for text in texts {
        for after in text.split(".route(").skip(1) {
            let after = after.trim_start();
            let quoted = after
                .strip_prefix('"')
                .unwrap_or_else(|| panic!("a route path is a string literal: {}", &after[..after.len().min(60)]));
            paths.insert(quoted[..quoted.find('"').unwrap()].to_string());
        }
    }
    paths
}

/// Paths under the API's rule (a key sees its organisation) or the
/// customers' (a token or a public survey id), listed in the API document
/// and the survey routes.
pub fn api_paths() -> BTreeSet<String> {
    let document: serde_json::Value = serde_json::from_str(include_str!("../../../src/openapi.json")).unwrap();
    let mut paths: BTreeSet<String> = document["paths"].as_object().unwrap().keys().cloned().collect();
    for customer in ["/s/{token}", "/p/{survey}", "/healthz"] {
        paths.insert(customer.to_string());
    }
    paths
}
