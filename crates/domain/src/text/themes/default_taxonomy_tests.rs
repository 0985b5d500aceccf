//! The default taxonomy on comments a customer could write: every theme in
//! every one of the demo's languages, with the full set of themes worked out
//! by hand from the phrase lists (a second theme where the comment really
//! has one).

use super::Taxonomy;

const THEMES: [&str; 10] = [
    "wait-time",
    "agent-knowledge",
    "agent-attitude",
    "first-contact-resolution",
    "billing",
    "self-service",
    "product-quality",
    "price-value",
    "delivery",
    "communication",
];

/// (language, comment, its themes in taxonomy order).
const COMMENTS: &[(&str, &str, &[&str])] = &[
    ("en", "I was on hold for 45 minutes before anyone answered.", &["wait-time"]),
    ("en", "The agent had no idea what she was talking about.", &["agent-knowledge"]),
    ("en", "She was so patient and polite with me.", &["agent-attitude"]),
    ("en", "Problem solved on the first call, thanks!", &["first-contact-resolution"]),
    ("en", "I was charged twice this month and I'm still waiting for my refund.", &["wait-time", "billing"]),
    ("en", "The automated phone menu kept sending me in circles.", &["self-service"]),
    ("en", "The internet drops every evening and the wifi is terrible.", &["product-quality"]),
    ("en", "Way too expensive for what you get, poor value for money.", &["price-value"]),
    ("en", "The courier left my parcel out in the rain.", &["delivery"]),
    ("en", "Nobody told me my order was delayed, not even an email.", &["communication"]),
    ("de", "Viel zu lange Wartezeit in der Hotline.", &["wait-time"]),
    ("de", "Der Mitarbeiter hatte keine Ahnung von meinem Vertrag.", &["agent-knowledge"]),
    ("de", "Unfreundlicher Mitarbeiter, sehr enttäuschend.", &["agent-attitude"]),
    ("de", "Mein Problem ist immer noch nicht gelöst.", &["first-contact-resolution"]),
    ("de", "Die Rechnung ist schon wieder falsch.", &["billing"]),
    ("de", "Das Sprachmenü ist eine Katastrophe, ich musste fünfmal eine Taste drücken.", &["self-service"]),
    ("de", "Das Internet fällt ständig aus.", &["product-quality"]),
    ("de", "Viel zu teuer für diese Leistung.", &["price-value"]),
    ("de", "Die Lieferung kam zu spät und das Paket war beschädigt.", &["delivery"]),
    ("de", "Ich habe nie eine Rückmeldung per E-Mail bekommen.", &["communication"]),
    ("fr", "Attente beaucoup trop longue au téléphone.", &["wait-time"]),
    ("fr", "Le conseiller n'avait aucune idée de comment régler mon problème.", &["agent-knowledge"]),
    ("fr", "Conseillère très aimable et patiente.", &["agent-attitude"]),
    ("fr", "Problème résolu en un seul appel, parfait.", &["first-contact-resolution"]),
    ("fr", "Facture incorrecte, et j'attends toujours mon remboursement.", &["wait-time", "billing"]),
    ("fr", "Le serveur vocal ne comprend rien, impossible de parler à quelqu'un.", &["self-service"]),
    ("fr", "Internet coupe tous les soirs, la box redémarre sans arrêt.", &["product-quality"]),
    ("fr", "Trop cher pour la qualité du service.", &["product-quality", "price-value"]),
    ("fr", "Livraison en retard et colis abîmé.", &["delivery"]),
    ("fr", "Personne ne m'a prévenu du changement, aucun mail.", &["communication"]),
    ("es", "Demasiado tiempo de espera.", &["wait-time"]),
    ("es", "El agente no sabía nada de mi contrato.", &["agent-knowledge"]),
    ("es", "El técnico fue muy grosero conmigo.", &["agent-attitude"]),
    ("es", "Resolvieron mi problema en una sola llamada.", &["first-contact-resolution"]),
    ("es", "La factura vuelve a estar mal, me cobraron dos veces.", &["billing"]),
    ("es", "El menú telefónico es un laberinto.", &["self-service"]),
    ("es", "Internet se corta todas las noches.", &["product-quality"]),
    ("es", "Muy caro para lo que ofrecen.", &["price-value"]),
    ("es", "El paquete llegó dañado y el repartidor ni se disculpó.", &["delivery"]),
    ("es", "Nadie me informó del cambio y nunca respondieron a mi correo.", &["communication"]),
    ("ja", "電話がなかなかつながりませんでした。", &["wait-time"]),
    ("ja", "担当者の知識が足りず、的確な回答がありませんでした。", &["agent-knowledge"]),
    ("ja", "対応がとても丁寧で親切でした。", &["agent-attitude"]),
    ("ja", "一度の電話ですぐに解決しました。", &["first-contact-resolution"]),
    ("ja", "請求書がまた間違っていました。", &["billing"]),
    ("ja", "自動音声の案内が長すぎて、オペレーターにつながりません。", &["self-service"]),
    ("ja", "毎晩インターネットが切れます。", &["product-quality"]),
    ("ja", "料金が高すぎます。", &["price-value"]),
    ("ja", "荷物が届くのが遅く、梱包も雑でした。", &["delivery"]),
    ("ja", "その後、何の連絡もありませんでした。", &["communication"]),
];

#[test]
fn the_default_taxonomy_has_the_ten_themes_in_order_in_five_languages() {
    let taxonomy = Taxonomy::default_customer_service();
    let slugs: Vec<&str> = taxonomy.themes().iter().map(|theme| theme.slug.as_str()).collect();
    assert_eq!(slugs, THEMES);
    for theme in taxonomy.themes() {
        for language in ["en", "de", "fr", "es", "ja"] {
            assert!(theme.name.contains_key(language), "{} has no {language} name", theme.slug);
            let count = theme.phrases.get(language).map_or(0, Vec::len);
            assert!(count >= 5, "{} has only {count} {language} phrases", theme.slug);
        }
    }
}

#[test]
fn every_theme_is_found_in_every_language() {
    let matcher = Taxonomy::default_customer_service().compile();
    let mut failures = Vec::new();
    for &(language, comment, expected) in COMMENTS {
        let found = matcher.slugs_of(comment, Some(language));
        if found != expected {
            failures.push(format!("{language} {comment:?}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for language in ["en", "de", "fr", "es", "ja"] {
        for theme in THEMES {
            let covered = COMMENTS.iter().any(|&(l, _, expected)| l == language && expected.contains(&theme));
            assert!(covered, "no {language} comment for {theme}");
        }
    }
}

#[test]
fn inflected_forms_fold_onto_the_listed_phrase() {
    let matcher = Taxonomy::default_customer_service().compile();
    for (language, comment) in [
        ("en", "Waited ages."),
        ("en", "I hate waiting."),
        ("de", "Ich wartete eine Stunde."),
        ("de", "Wartezeiten sind zu lang."),
        ("fr", "J'ai attendu une heure."),
        ("es", "Sigo esperando una respuesta."),
    ] {
        assert_eq!(matcher.slugs_of(comment, Some(language)), ["wait-time"], "{language} {comment:?}");
    }
}

#[test]
fn negated_rudeness_is_not_an_attitude_theme() {
    let matcher = Taxonomy::default_customer_service().compile();
    for (language, comment, expected) in [
        ("en", "The agent was not rude at all, just slow to answer.", &["wait-time"][..]),
        ("en", "He wasn't rude.", &[]),
        ("en", "Rude agent, hung up on me.", &["agent-attitude"]),
        ("de", "Der Mitarbeiter war nicht unfreundlich.", &[]),
        ("de", "Sehr unfreundlich.", &["agent-attitude"]),
        ("fr", "Le conseiller n'était pas désagréable.", &[]),
        ("fr", "Conseiller désagréable.", &["agent-attitude"]),
        ("es", "No fue grosero.", &[]),
        ("es", "Fue grosero.", &["agent-attitude"]),
        ("ja", "対応は失礼ではありませんでした。", &[]),
        ("ja", "担当者が失礼でした。", &["agent-attitude"]),
    ] {
        assert_eq!(matcher.slugs_of(comment, Some(language)), expected, "{language} {comment:?}");
    }
}

#[test]
fn words_that_contain_a_phrase_do_not_match_it() {
    let matcher = Taxonomy::default_customer_service().compile();
    assert!(matcher.slugs_of("The whole household uses it.", Some("en")).is_empty(), "hold");
    assert!(matcher.slugs_of("No complaints, would recommend to friends.", Some("en")).is_empty());
    assert!(matcher.slugs_of("Le SAV est au top.", Some("fr")).is_empty(), "sav is not savait");
    assert!(matcher.slugs_of("Espero que sigan así.", Some("es")).is_empty(), "hoping is not waiting");
    assert!(matcher.slugs_of("いつも安心して使っています。", Some("ja")).is_empty(), "安心 is not 安い");
}

#[test]
fn the_example_in_the_docs_is_a_valid_taxonomy() {
    let docs = include_str!("../../../../../docs/themes.md");
    let example = docs.split("```toml\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let matcher = Taxonomy::from_toml(example).unwrap().compile();
    assert_eq!(matcher.slugs_of("Rude agent, on hold forever", Some("en")), ["wait-time", "agent-attitude"]);
    assert!(matcher.slugs_of("O atendente não foi grosso.", Some("pt-BR")).is_empty());
    assert_eq!(matcher.slugs_of("Muito grosso!", Some("pt-BR")), ["agent-attitude"]);
}
