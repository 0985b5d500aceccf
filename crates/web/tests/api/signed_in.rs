//! A browser-like client signed in as a user: cookies kept, redirects not
//! followed (tests look at them), form posts from the same origin.

use vocal_app::accounts::users::{NewAccount, create};
use vocal_domain::{Role, UnitPath};
use vocal_store::User;

use crate::helpers::TestServer;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct SignedIn {
    pub client: reqwest::Client,
    pub base: String,
    pub user: User,
}

/// A client that keeps cookies and does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

impl TestServer {
    /// Creates a user (a manager needs `unit`, an agent user `agent`) with [`PASSWORD`].
    pub async fn create_user(&self, email: &str, role: Role, unit: Option<&str>, agent: Option<&str>) -> User {
        let account = NewAccount {
            email: email.into(),
            name: format!("{role} {email}"),
            role,
            unit: unit.map(|u| UnitPath::parse(u).unwrap()),
            agent: agent.map(str::to_string),
        };
        create(&self.store, self.org, account, Some(PASSWORD.into())).await.unwrap().0
    }

    /// Creates the user and signs them in through the sign-in form.
    pub async fn sign_in_as(&self, email: &str, role: Role, unit: Option<&str>, agent: Option<&str>) -> SignedIn {
        let user = self.create_user(email, role, unit, agent).await;
        let client = browser();
        let response = client
            .post(format!("{}/sign-in", self.base))
            .form(&[("email", email), ("password", PASSWORD), ("next", "/dashboard")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303, "signing in as {email}");
        SignedIn { client, base: self.base.clone(), user }
    }
}

impl SignedIn {
    /// GET a page: status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// POST a form as the page itself would (same origin): status, Location and body.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, Option<String>, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        (status, location, response.text().await.unwrap())
    }
}
