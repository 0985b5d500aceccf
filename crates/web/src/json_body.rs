//! Request bodies as JSON: refused unless valid UTF-8 and well-formed, with
//! unknown fields rejected, and any error named by the path of the field
//! (`responses[2].score`) so the caller can fix exactly that.

use axum::body::Bytes;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};

/// Parses the body into `T`; a wrong type, a missing or an unknown field is
/// a 422 naming the field.
pub fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::invalid("body", format!("is not valid UTF-8 (byte {} is the first bad one)", e.valid_up_to()))
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // A syntax error has no field to blame: the body as a whole is not JSON.
        let whole = path == "." || path == "?" || inner.is_syntax() || inner.is_eof();
        let field = if whole { "body".to_string() } else { path };
        ApiError::Unprocessable(vec![FieldError::new(field, describe(&inner))])
    })?;
    deserializer.end().map_err(|e| ApiError::invalid("body", describe(&e)))?;
    Ok(value)
}

/// An object read field by field: serde stops at the first field of the
/// wrong type, so each field is tried on its own (beside `required`, the
/// stand-ins for required fields) to name every one that is wrong. Returns
/// the object with its well-typed fields, a missing or wrong required field
/// replaced by its stand-in, so its other fields can still be checked by
/// value — and an error per field that is missing, unknown or of the wrong type.
pub fn read_fields<T: DeserializeOwned>(item: Value, required: &[(&str, Value)]) -> (Option<T>, Vec<FieldError>) {
    let Value::Object(fields) = item else {
        return (None, vec![FieldError::new("", "must be a JSON object")]);
    };
    if let Ok(value) = serde_json::from_value(Value::Object(fields.clone())) {
        return (Some(value), Vec::new());
    }
    let stand_ins: Map<String, Value> = required.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let mut errors: Vec<FieldError> = required
        .iter()
        .filter(|(name, _)| !fields.contains_key(*name))
        .map(|(name, _)| FieldError::new(*name, "is required"))
        .collect();
    let mut typed = stand_ins.clone();
    let probe = |name: &str, value: &Value| -> Result<(), FieldError> {
        let mut probe = stand_ins.clone();
        probe.insert(name.to_string(), value.clone());
        serde_path_to_error::deserialize::<_, T>(Value::Object(probe)).map(drop).map_err(|error| {
            let path = error.path().to_string();
            let field = if path == "." || path == "?" { name.to_string() } else { path };
            FieldError::new(field, describe(error.inner()))
        })
    };
    for (name, value) in fields {
        match (probe(&name, &value), value) {
            (Ok(()), value) => {
                typed.insert(name, value);
            }
            // A map such as `attributes`: keep its good entries, so their values are checked too.
            (Err(whole), Value::Object(entries)) => {
                let (mut kept, mut bad) = (Map::new(), Vec::new());
                for (key, entry) in entries {
                    let single = Value::Object(Map::from_iter([(key.clone(), entry.clone())]));
                    match probe(&name, &single) {
                        Ok(()) => drop(kept.insert(key, entry)),
                        Err(error) => bad.push(error),
                    }
                }
                let kept = Value::Object(kept);
                if probe(&name, &kept).is_ok() {
                    typed.insert(name, kept);
                    errors.extend(bad);
                } else {
                    errors.push(whole); // not a map at all
                }
            }
            (Err(error), _) => errors.push(error),
        }
    }
    (serde_json::from_value(Value::Object(typed)).ok(), errors)
}

/// serde's message without its "at line 1 column 9" suffix when the field is named.
fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) if error.is_data() => text[..cut].to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        n: i64,
        text: Option<String>,
        #[serde(default)]
        tags: std::collections::BTreeMap<String, String>,
    }

    fn read(item: Value) -> (Option<Item>, Vec<String>) {
        let (item, errors) = read_fields::<Item>(item, &[("n", json!(0))]);
        (item, errors.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn every_badly_typed_field_is_named_and_the_rest_kept() {
        let (item, fields) = read(json!({"n": "1", "text": 5, "tags": {"a": "x", "b": 2}, "extra": 1}));
        assert_eq!(fields, ["extra", "n", "tags.b", "text"]);
        let tags = std::collections::BTreeMap::from([("a".to_string(), "x".to_string())]);
        assert_eq!(item, Some(Item { n: 0, text: None, tags }));
    }

    #[test]
    fn a_missing_required_field_and_a_wrong_kind_of_object_are_named() {
        assert_eq!(read(json!({"text": {}})).1, ["n", "text"]);
        assert_eq!(read(json!([1])), (None, vec![String::new()]));
        assert_eq!(read(json!({"n": 3})), (Some(Item { n: 3, ..Item::default() }), vec![]));
    }
}
