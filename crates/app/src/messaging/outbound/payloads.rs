//! What a channel receives about a case, in the receiver's own shape: the
//! Standard Webhooks envelope (`type`, `timestamp`, `data`), a Slack
//! message (`text` + Block Kit `blocks`) or a Teams MessageCard. Every
//! body is built as a serde value, never by pasting strings, so a comment
//! with quotes or newlines stays one JSON string; chat markup control
//! characters in customer text are escaped so a comment cannot mention
//! `@channel`, open a link or format the message.

use serde::Serialize;
use serde_json::{Value, json};
use vocal_store::{ChannelEvent, ChannelKind};

/// The facts about a case every channel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseNotice {
    pub case_id: i64,
    pub case_url: String,
    pub response_id: i64,
    pub score: u8,
    pub comment: Option<String>,
    /// The response's unit, by name.
    pub unit: Option<String>,
    /// The alert rules the response matched, by name.
    pub rules: Vec<String>,
}

/// The body to post to a channel of `kind` (`None` for an SMS gateway,
/// whose request comes from its template).
pub fn case_body(kind: ChannelKind, event: ChannelEvent, notice: &CaseNotice, at_ms: i64) -> Option<Value> {
    match kind {
        ChannelKind::Webhook => Some(webhook_body(event, notice, at_ms)),
        ChannelKind::Slack => Some(slack_body(event, notice)),
        ChannelKind::Teams => Some(teams_body(event, notice)),
        ChannelKind::SmsGateway => None,
    }
}

fn webhook_body(event: ChannelEvent, notice: &CaseNotice, at_ms: i64) -> Value {
    let timestamp = jiff::Timestamp::from_millisecond(at_ms).map(|t| t.to_string()).unwrap_or_default();
    json!({ "type": event.as_str(), "timestamp": timestamp, "data": notice })
}

/// One line naming the event, for chat titles and notification previews.
fn headline(event: ChannelEvent, notice: &CaseNotice) -> String {
    let what = match event {
        ChannelEvent::CaseOpened => "New case",
        ChannelEvent::CaseEscalated => "Case escalated",
        ChannelEvent::CaseResolved => "Case resolved",
    };
    let unit = notice.unit.as_deref().map(|u| format!(" in {u}")).unwrap_or_default();
    format!("{what} #{}: score {}{unit}", notice.case_id, notice.score)
}

/// Slack's mrkdwn treats `&`, `<` and `>` as control characters (links,
/// mentions such as `<!channel>`); Slack asks for them as HTML entities.
pub fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn rules_line(notice: &CaseNotice) -> String {
    if notice.rules.is_empty() { "—".to_string() } else { notice.rules.join(", ") }
}

fn slack_body(event: ChannelEvent, notice: &CaseNotice) -> Value {
    let headline = slack_escape(&headline(event, notice));
    let comment = notice.comment.as_deref().map(slack_escape).unwrap_or_else(|| "_(no comment)_".into());
    let quoted: String = comment.lines().map(|line| format!("> {line}\n")).collect();
    let fields = json!([
        { "type": "mrkdwn", "text": format!("*Score*\n{}", notice.score) },
        { "type": "mrkdwn", "text": format!("*Unit*\n{}", slack_escape(notice.unit.as_deref().unwrap_or("—"))) },
        { "type": "mrkdwn", "text": format!("*Rules*\n{}", slack_escape(&rules_line(notice))) },
    ]);
    json!({
        "text": format!("{headline}: {}", notice.case_url),
        "blocks": [
            { "type": "section", "text": { "type": "mrkdwn", "text": format!("*{headline}*") } },
            { "type": "section", "fields": fields },
            { "type": "section", "text": { "type": "mrkdwn", "text": quoted.trim_end() } },
            { "type": "actions", "elements": [
                { "type": "button", "text": { "type": "plain_text", "text": "Open the case" }, "url": notice.case_url }
            ] }
        ]
    })
}

/// Teams renders a MessageCard's texts as Markdown with some HTML: the
/// same three characters are escaped, and Markdown's link and emphasis
/// characters are backslash-escaped.
pub fn teams_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '~' => {
                escaped.push('\\');
                escaped.push(c);
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

fn teams_body(event: ChannelEvent, notice: &CaseNotice) -> Value {
    let headline = teams_escape(&headline(event, notice));
    let comment = notice.comment.as_deref().map(teams_escape).unwrap_or_else(|| "(no comment)".into());
    json!({
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": headline,
        "themeColor": if notice.score <= 6 { "D13438" } else { "0078D7" },
        "title": headline,
        "sections": [{
            "facts": [
                { "name": "Score", "value": notice.score.to_string() },
                { "name": "Unit", "value": teams_escape(notice.unit.as_deref().unwrap_or("—")) },
                { "name": "Rules", "value": teams_escape(&rules_line(notice)) },
            ],
            "text": comment,
        }],
        "potentialAction": [{
            "@type": "OpenUri",
            "name": "Open the case",
            "targets": [{ "os": "default", "uri": notice.case_url }],
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "He said \"never\" <@channel> <!here> & <https://evil.example|click>\nline two\\ *bold*";

    fn notice() -> CaseNotice {
        CaseNotice {
            case_id: 7,
            case_url: "https://nps.example.com/cases/7".into(),
            response_id: 70,
            score: 2,
            comment: Some(HOSTILE.into()),
            unit: Some("Reno <Support>".into()),
            rules: vec!["detractors".into(), "keyword: cancel".into()],
        }
    }

    /// Every string anywhere in the value.
    fn strings(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    #[test]
    fn a_hostile_comment_stays_one_escaped_slack_string_in_valid_json() {
        let body = case_body(ChannelKind::Slack, ChannelEvent::CaseOpened, &notice(), 0).unwrap();
        let reparsed: Value = serde_json::from_str(&serde_json::to_string(&body).unwrap()).unwrap();
        assert_eq!(reparsed, body);
        assert_eq!(reparsed["text"], "New case #7: score 2 in Reno &lt;Support&gt;: https://nps.example.com/cases/7");
        let quote = reparsed["blocks"][2]["text"]["text"].as_str().unwrap();
        assert_eq!(
            quote,
            "> He said \"never\" &lt;@channel&gt; &lt;!here&gt; &amp; &lt;https://evil.example|click&gt;\n\
             > line two\\ *bold*"
        );
        assert_eq!(reparsed["blocks"][3]["elements"][0]["url"], "https://nps.example.com/cases/7");
        let mut all = Vec::new();
        strings(&reparsed["blocks"], &mut all);
        assert!(all.iter().all(|s| !s.contains('<')), "no raw mention, link or tag: {all:?}");
    }

    #[test]
    fn a_hostile_comment_is_escaped_in_a_teams_card() {
        let body = case_body(ChannelKind::Teams, ChannelEvent::CaseOpened, &notice(), 0).unwrap();
        let reparsed: Value = serde_json::from_str(&serde_json::to_string(&body).unwrap()).unwrap();
        assert_eq!(reparsed["@type"], "MessageCard");
        assert_eq!(
            reparsed["sections"][0]["text"],
            "He said \"never\" &lt;@channel&gt; &lt;!here&gt; &amp; &lt;https://evil.example|click&gt;\n\
             line two\\\\ \\*bold\\*"
                .replace('|', "\\|")
        );
        assert_eq!(reparsed["sections"][0]["facts"][0]["value"], "2");
        assert_eq!(reparsed["sections"][0]["facts"][2]["value"], "detractors, keyword: cancel");
        assert_eq!(reparsed["potentialAction"][0]["targets"][0]["uri"], "https://nps.example.com/cases/7");
    }

    #[test]
    fn the_webhook_envelope_carries_the_event_and_the_raw_comment() {
        let body = case_body(ChannelKind::Webhook, ChannelEvent::CaseOpened, &notice(), 1_800_000_000_000).unwrap();
        assert_eq!(body["type"], "case.opened");
        assert_eq!(body["timestamp"], "2027-01-15T08:00:00Z");
        assert_eq!(body["data"]["comment"], HOSTILE, "JSON escaping is enough for a machine receiver");
        assert_eq!(body["data"]["rules"], json!(["detractors", "keyword: cancel"]));
        assert_eq!(case_body(ChannelKind::SmsGateway, ChannelEvent::CaseOpened, &notice(), 0), None);
    }
}
