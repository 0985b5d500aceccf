//! The SMS gateway: the form its template describes, and a template refused when saved.

use super::*;

#[tokio::test]
async fn an_sms_reaches_the_gateway_as_the_templates_form() {
    let (_dir, store, org) = store_with_org().await;
    let phone = Phone::parse("+14155550100").unwrap();
    assert_eq!(enqueue_sms(&store, org, &phone, "hi").await.unwrap(), None, "no gateway, nothing queued");
    let receiver = http_receiver::start().await;
    let gateway = ChannelSpec { sms: Some(gateway_template()), ..spec(ChannelKind::SmsGateway, &receiver.url) };
    add(&store, org, gateway).await;

    let text = "Score 2 & \"cancel\" = now\nline 2";
    enqueue_sms(&store, org, &phone, text).await.unwrap().expect("queued");
    let job = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Done);

    let got = receiver.received();
    assert_eq!(got[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&got[0].body).into_owned().collect();
    let expected =
        [("To", "+14155550100"), ("From", "+15005550006"), ("Body", "Vocal: Score 2 & \"cancel\" = now\nline 2")];
    assert_eq!(form, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    // "AC123:tok&en" in base64, worked out by hand with `printf 'AC123:tok&en' | base64`.
    assert_eq!(got[0].header("authorization"), Some("Basic QUMxMjM6dG9rJmVu"));
}

#[tokio::test]
async fn a_gateway_whose_template_does_not_render_is_refused_naming_the_field() {
    let (_dir, store, org) = store_with_org().await;
    let mut template = gateway_template();
    template.fields[2].value = "{{message}}".into();
    let gateway = ChannelSpec { sms: Some(template), ..spec(ChannelKind::SmsGateway, "http://127.0.0.1:9/sms") };
    let error = channels::add(&store, Actor::CommandLine(org), ALLOW, gateway).await.unwrap_err();
    assert_eq!(error.field(), Some("fields[2] (Body)"));
    assert!(error.to_string().contains("unknown placeholder {{message}}"), "{error}");
    assert!(store.channels(org).await.unwrap().is_empty());
}
