//! A small OpenID provider for the tests, speaking the real protocol over
//! HTTP on 127.0.0.1:0: discovery, a JSON Web Key Set, an authorization
//! endpoint that answers at once for an already signed-in person, and a
//! token endpoint that checks the client, the code, the redirect URI and the
//! PKCE verifier before handing out an ID token signed with RS256.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use base64::Engine;
use openidconnect::core::{
    CoreClientAuthMethod, CoreIdToken, CoreIdTokenClaims, CoreIdTokenFields, CoreJsonWebKeySet,
    CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreResponseType, CoreRsaPrivateSigningKey,
    CoreSubjectIdentifierType, CoreTokenResponse, CoreTokenType,
};
use openidconnect::{
    AccessToken, AuthUrl, EmptyAdditionalProviderMetadata, EmptyExtraTokenFields, IssuerUrl, JsonWebKeyId,
    JsonWebKeySetUrl, PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, ResponseTypes, TokenUrl,
};

pub const CLIENT_ID: &str = "vocal-test";
pub const CLIENT_SECRET: &str = "test secret: not for production";
/// The redirect URI registered for [`CLIENT_ID`] (the test server's public URL).
pub const REDIRECT_URI: &str = "http://vocal.test/sign-in/sso/callback";

/// Test-only keys, made for these tests and used nowhere else. The second
/// has the same key id, as a forger would claim.
const KEY: &str = "\
-----BEGIN RSA PRIVATE KEY-----
MIIEogIBAAKCAQEAy7aAPyZ/cquHIndrvrqn0oCaO0ZHHxZSBSeZCsN70z7boY3D
rXV4cKFV3eY0+duUvaP2ItFtbb6MmhiMZj6cZ/STIkVuAi2xshhc6GqJvykNlRdN
2KjhGZu17moF13nI9qiiSNvf3FAYOZ3G0cVkq/N+JUSdJW7NAE0bttGA++5WoZ9V
8tQJsFnZYHIWmqtRNWB7u7l4Z+0BnK9bZybhPGdbZHITTfs1DlwX/zUtEn02TC9b
ksj69KSjPIRePASdIlrAnZFJirv8MroSC3+k/sgG5aVZowNzqipd7ius7oql7Plz
XKrgW7gq4/fUUDSgcuKNm5usW0lW0EoHLvkM9wIDAQABAoIBAALxTUOcQsBdSe5t
hdjoyVPObRaTb/jlpvmmwMcvBl2JeD1f1tvCk/gh3HkAF555qtmybJ5uzViF0BzJ
uKghb2ZGWiRnQazhDBgOfLO+wOP0q9rjeJ8QkW/VQqOBqePwQRQ5tgkSDqxtW8GO
oziUfrJyf01P2GqaAcwR+7yAT49UCMJOJwu+QtXdr5oJr63rtnWg+PXEA+rZheha
ScrAh9wMWwFa/gta41fG3esScdmEnkAt0EzoY1enbj7pisAl8KsNyGzxFLyCHq/v
rZZNAGEjd/X+tTfU+j+HRdal3VbVZa3XRvRymuxrrKFUVW8RpsudPcUn0V2o0o9J
lkHBiMECgYEA7KFjFrfbm5itP/ko1xdzPRFo7sWtBKbyFMGqTZyDT9hTAwSg9kxD
14hlrsxopchlmxrZPZ1ZQDNdohrvORFW2ths7Bh3FbJTWZVPpHG/ncenkZU8TcPf
rQTdj+ibpKr29IOOMnaC+xzLdYEAXZ2ky0D6/MzIhFJ+N2UID5YPTW0CgYEA3GNS
9Smrp2NAZNX9yVqjyMfQ/cxR8kIIa/zcFz7VVy8EvIJAVEJdk5u4S9Q7sXxDqFFo
vJeA+AoVF+8pP2Qunq9OPcnsUVei50l8Z6gxmhtnjW/HXcD61JIjsQSPrNpGCIN7
Q39Vfxv39mCK6G++j/wrssYaOgYJzS5IZnfMOXMCgYBLNLvGc6bTXAHsLCdDvUs9
5HOiN6dWrCySVj7nLdA6Jzmy4ty5iuGg9dPDa2nzDq7kTfMvdvvvwKOIquDPFWiy
Y0iy/M+UULnW5fKLBC/vWI40YebpnFBRsBMu8rHM8x1L9yfReAMHBk7PyLEyD7FZ
fAyJHhi4nXNJ7c1TDtFMPQKBgHllrNim74rwvRPOXFGBwB5lEtX6qlkLzp/NVV7o
mZPArpc4GD9Rn0Ij0MzUR11o2cvprAvWWJBI3X2lm87zXErEvhCDHc1gvLcyX3ip
yUjeN5hNLkCSgJh/N3HW1V2djl46LrfreCjgOyJX46xNgWbGvTtorCGyGcwP5omr
C6/JAoGARLq8ot3jfUr37q+/JOk+mNzOfN4qFJfzHHBZid/VgBTTbGbG5oFBPL8V
z+SOMuDkej51w84jDmTAsxgURrzqitlYVSOPS6u9cmoJOM4GobO10aZe1swk7KfT
oW6Pd/myR41POxfMfniNN5wgRKBeX/cfjByZjVOjjuJ0zURh+gc=
-----END RSA PRIVATE KEY-----
";
const OTHER_KEY: &str = "\
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAqJtjEv+AdkdzPHn9sJiYzhHrSbhTCR+Te6BMWlMWxyQJNpiD
+bez6GRVwCL6dy6JC4gHvx0zzvYKRtzjnTVtHXUCgDxeEr7srabRUtTdlavfmJ8f
Dtk6X+l8VZ4Tn2LRYiX2g/FS0ng6UnRQIwS8Pv2odyrTFDqs0Z3S+GJxUycXb9rZ
jKEJPOWnCiozq72bn/rxTgPalPeyMKc2asaEHqAe201SBWctAf0NnlIivGGGytVc
Tl2OPuzWPqdGQMhHMCgO1FZZBt8dUgEA6DukKEvclNWv8ASP9XgYcuzGGjn3Btkx
FF71xtAUPZBuN0ac+V6LrxA5proxGPRylYC2ZwIDAQABAoIBAAb1ehAK+JfcWHuK
0DdgmcOJ+ZgubrFSzgKaIDY4KLM2bKTsUMIjqV3yY8tAbLr/i8t5WIYasL+eTj7h
F6N7VLh7BfJNMfEvIFPSFBPWa+c+06v+bhWhGwFhzYgETextpsh/JzhusBiDITeA
mNzt8Wd3whZZ1gigzu7/ekYjKTWhao/C9Omknzr8BPvN2h0KfuMBktw5Tieu7Zt3
xdjrywkn0wIWgrvSDi/hi81OXklWMEGRHELQGE9fD8p6JNEviFM0fXBsVkdVQlLY
NFzPaQ+IJ0IZAR+hSFMG8NNffvKqfbTHR2xi1fy/mZ4JoST6KAlDZMkjPvHghd/f
XlpTgXECgYEA0CuTxKrs+ULKBEDOpgBaQ1vUzl/eAi3fdEQFsj6U6IwXCJD+ng5J
urY6lV+oqFBH9EQyDsoM+FOLTV7lTbnTIk/NMkJICY9YAs31RdNPXBuGAnqsBUYi
u25jUy4qhxloWE/kTyQ5gwj5lOA7iU3wTb8W41LwQPfQOI8vAwg24vcCgYEAz1i6
ccYaKAjeF6/6/zQ2cYklwtR3CDoX8J7J9LHADx4UvIBRhXRp+8ykNFfIeXmxaK3S
w38mxSiz8aZTM3ystnPpV7DAOs8lDEplZRtJGcP0AqR329Y9o2XFJHMmmBqRSMWv
NzSO4hJYilIX0p3IlIrYwn9PaH4Ng49NxER0fBECgYAD8r+jvEYwWBbyy7PfrCQK
IQTBQUo5qlsRnnSpM8ypOHb7X5ykrMqzMt+bk6vkPVmQBXcZlrV2REdhGUqqFbsu
bGsM5/rry3801mkvgNmBergo9eCrXPAts+NIYZjG5TF4c1N2OM6qcJIjQ7l9WjAT
mWs6toj+AnU9jWGr4g0AcwKBgH4NcPtt9cTU7z/zSmIPufF38S7qv5qOxrMPtbM+
xIXsQar/T5AUX8ImfMUdgNDovIPo+LLFACroPczw0rAAYXdiLD+VQqf9+oXoTJAU
8HHrgNKCbiOFsV8+pYUtRA9AR4a4N3cWSq8BfDZLBhSSu7giWPiVMQ9TYp/SZPKm
szIhAoGBALFhWrMZAk0Q8bXhS0GPk/RbtZfp7rVjYLq8eTo+K0WOIoXvRuE7oH/M
TOOPneBXpDvghcduj9459IZc6j3y6GBDHSS5YrI77dgp0bsxa3Ism1KCbO7O8uDc
GT4aaUUd/2VfMgp03DEbvZMawTlf+nR3EIZgcFw7azJ5tgfL6K7r
-----END RSA PRIVATE KEY-----
";
const KEY_ID: &str = "test-key";

/// Who is signed in at the provider and how it misbehaves.
#[derive(Clone, Default)]
pub struct Person {
    pub email: String,
    /// The `email_verified` claim, when sent.
    pub email_verified: Option<bool>,
    /// Sign the ID token with a key the provider does not publish.
    pub wrong_key: bool,
    /// Put this nonce into the ID token instead of the one asked for.
    pub nonce: Option<String>,
}

struct Grant {
    person: Person,
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct Inner {
    person: Person,
    codes: HashMap<String, Grant>,
    /// Token requests refused, with the reason.
    refusals: Vec<String>,
}

#[derive(Clone)]
struct Shared {
    issuer: String,
    inner: Arc<Mutex<Inner>>,
}

pub struct Provider {
    pub issuer: String,
    shared: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Provider {
    pub async fn start() -> Provider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let shared = Shared { issuer: issuer.clone(), inner: Arc::default() };
        let app = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Provider { issuer, shared, shutdown: Some(tx) }
    }

    /// The person the provider has signed in from now on.
    pub fn sign_in(&self, person: Person) {
        self.shared.inner.lock().unwrap().person = person;
    }

    /// Why token requests were refused so far.
    pub fn refusals(&self) -> Vec<String> {
        self.shared.inner.lock().unwrap().refusals.clone()
    }
}

fn key(pem: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(KEY_ID.into()))).unwrap()
}

fn random() -> String {
    format!("{:032x}", rand::random::<u128>())
}

async fn discovery(State(shared): State<Shared>) -> Json<CoreProviderMetadata> {
    let url = |path: &str| format!("{}{path}", shared.issuer);
    let metadata = CoreProviderMetadata::new(
        IssuerUrl::new(shared.issuer.clone()).unwrap(),
        AuthUrl::new(url("/authorize")).unwrap(),
        JsonWebKeySetUrl::new(url("/jwks")).unwrap(),
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
        EmptyAdditionalProviderMetadata {},
    )
    .set_token_endpoint(Some(TokenUrl::new(url("/token")).unwrap()))
    .set_token_endpoint_auth_methods_supported(Some(vec![
        CoreClientAuthMethod::ClientSecretBasic,
        CoreClientAuthMethod::ClientSecretPost,
    ]));
    Json(metadata)
}

async fn jwks() -> Json<CoreJsonWebKeySet> {
    Json(CoreJsonWebKeySet::new(vec![key(KEY).as_verification_key()]))
}

/// The person is already signed in here: straight back with a code.
async fn authorize(State(shared): State<Shared>, Query(query): Query<HashMap<String, String>>) -> Response {
    let param = |name: &str| query.get(name).cloned().unwrap_or_default();
    let scopes = param("scope");
    let problem = if param("response_type") != "code" {
        Some("response_type")
    } else if param("client_id") != CLIENT_ID {
        Some("client_id")
    } else if param("redirect_uri") != REDIRECT_URI {
        Some("redirect_uri")
    } else if !scopes.split(' ').any(|s| s == "openid") || !scopes.split(' ').any(|s| s == "email") {
        Some("scope")
    } else if param("code_challenge_method") != "S256" || param("code_challenge").is_empty() {
        Some("PKCE")
    } else if param("state").is_empty() || param("nonce").is_empty() {
        Some("state or nonce")
    } else {
        None
    };
    if let Some(problem) = problem {
        return (StatusCode::BAD_REQUEST, format!("bad authorization request: {problem}")).into_response();
    }
    let code = random();
    let mut inner = shared.inner.lock().unwrap();
    let grant = Grant {
        person: inner.person.clone(),
        nonce: param("nonce"),
        challenge: param("code_challenge"),
        redirect_uri: param("redirect_uri"),
    };
    inner.codes.insert(code.clone(), grant);
    let back: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &code)
        .append_pair("state", &param("state"))
        .finish();
    Redirect::to(&format!("{}?{back}", param("redirect_uri"))).into_response()
}

fn token_error(shared: &Shared, status: StatusCode, error: &str, why: &str) -> Response {
    shared.inner.lock().unwrap().refusals.push(why.to_string());
    (status, Json(serde_json::json!({ "error": error }))).into_response()
}

/// The client as HTTP Basic (`client_secret_basic`) or form fields (`client_secret_post`).
fn client_of(headers: &HeaderMap, form: &HashMap<String, String>) -> Option<(String, String)> {
    if let Some(basic) = headers.get("authorization").and_then(|v| v.to_str().ok()?.strip_prefix("Basic ")) {
        let decoded = base64::engine::general_purpose::STANDARD.decode(basic).ok()?;
        let (id, secret) =
            String::from_utf8(decoded).ok()?.split_once(':').map(|(a, b)| (a.to_string(), b.to_string()))?;
        let unescape =
            |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
        return Some((unescape(&id)?, unescape(&secret)?));
    }
    Some((form.get("client_id")?.clone(), form.get("client_secret")?.clone()))
}

async fn token(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if client_of(&headers, &form) != Some((CLIENT_ID.to_string(), CLIENT_SECRET.to_string())) {
        return token_error(&shared, StatusCode::UNAUTHORIZED, "invalid_client", "client");
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return token_error(&shared, StatusCode::BAD_REQUEST, "unsupported_grant_type", "grant_type");
    }
    // A code is good once.
    let grant = form.get("code").and_then(|code| shared.inner.lock().unwrap().codes.remove(code));
    let Some(grant) = grant else {
        return token_error(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "code");
    };
    if form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return token_error(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "redirect_uri");
    }
    let verifier = PkceCodeVerifier::new(form.get("code_verifier").cloned().unwrap_or_default());
    if PkceCodeChallenge::from_code_verifier_sha256(&verifier).as_str() != grant.challenge {
        return token_error(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "PKCE verifier");
    }
    let person = grant.person;
    let now = jiff::Timestamp::now().as_second();
    let mut claims = serde_json::json!({
        "iss": shared.issuer,
        "aud": [CLIENT_ID],
        "exp": now + 300,
        "iat": now,
        "sub": format!("subject-{}", person.email),
        "email": person.email,
        "nonce": person.nonce.unwrap_or(grant.nonce),
    });
    if let Some(verified) = person.email_verified {
        claims["email_verified"] = verified.into();
    }
    let claims: CoreIdTokenClaims = serde_json::from_value(claims).unwrap();
    let access_token = AccessToken::new(random());
    let signing_key = key(if person.wrong_key { OTHER_KEY } else { KEY });
    let id_token = CoreIdToken::new(
        claims,
        &signing_key,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        Some(&access_token),
        None,
    )
    .unwrap();
    let fields = CoreIdTokenFields::new(Some(id_token), EmptyExtraTokenFields {});
    Json(CoreTokenResponse::new(access_token, CoreTokenType::Bearer, fields)).into_response()
}
