//! A real HTTP receiver for outbound deliveries: an axum server on
//! 127.0.0.1:0 that records every request whole and answers with the
//! statuses it is told, in order (then 200).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("a UTF-8 body")
    }
}

/// A status to answer, with a `Location` header when given.
type Answer = (u16, Option<String>);

/// A running receiver.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<Answer>>>,
}

impl Receiver {
    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// The next requests get these statuses (with a `Location` when given).
    pub fn answer(&self, answers: &[(u16, Option<&str>)]) {
        let mut queue = self.answers.lock().unwrap();
        queue.extend(answers.iter().map(|(code, location)| (*code, location.map(str::to_string))));
    }
}

pub async fn start() -> Receiver {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let receiver = Receiver { url, received: Arc::default(), answers: Arc::default() };
    let state = receiver.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let state = state.clone();
        async move {
            state.received.lock().unwrap().push(Received { method, uri, headers, body });
            let (code, location) = state.answers.lock().unwrap().pop_front().unwrap_or((200, None));
            let status = StatusCode::from_u16(code).unwrap();
            let mut response: Response = status.into_response();
            if let Some(location) = location {
                response.headers_mut().insert(header::LOCATION, location.parse().unwrap());
            }
            response
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    receiver
}
