//! A real SMTP server for tests, in about sixty lines: it accepts
//! connections on 127.0.0.1, speaks EHLO/HELO, MAIL FROM, RCPT TO, DATA,
//! RSET, NOOP and QUIT without TLS or authentication, and hands every
//! message it accepts to the test.

use std::sync::atomic::Ordering::SeqCst;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One message as the sink received it.
#[derive(Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent after DATA, dot-unstuffed, with CRLF line ends.
    pub data: Vec<u8>,
    /// Whether the sink answered 250; `false` for the ones
    /// [`start_refusing`] answered with a temporary failure after reading them.
    pub accepted: bool,
}

/// Starts the sink; returns its port and the messages it will receive.
pub async fn start() -> (u16, mpsc::UnboundedReceiver<Received>) {
    start_refusing(0).await
}

/// A sink that reads the first `refused` messages whole and then answers
/// `451` (try again later), as a server does that fails after the data
/// arrived: the sender cannot know the message was seen, and retries it.
pub async fn start_refusing(refused: usize) -> (u16, mpsc::UnboundedReceiver<Received>) {
    let refusals = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(refused));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sender = sender.clone();
            let refusals = refusals.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let (mut from, mut to) = (String::new(), Vec::new());
                write.write_all(b"220 sink.test ESMTP\r\n").await?;
                let mut line = String::new();
                while lines.read_line(&mut line).await? > 0 {
                    let command = line.trim_end().to_string();
                    line.clear();
                    let verb = command.split([' ', ':']).next().unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                        "HELO" | "NOOP" => b"250 OK\r\n",
                        "RSET" => {
                            (from, to) = (String::new(), Vec::new());
                            b"250 OK\r\n"
                        }
                        "MAIL" => {
                            from = command[10..].to_string();
                            b"250 OK\r\n"
                        }
                        "RCPT" => {
                            to.push(command[8..].to_string());
                            b"250 OK\r\n"
                        }
                        "DATA" => {
                            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                            let mut data = Vec::new();
                            let mut raw = Vec::new();
                            let mut ended = false;
                            while lines.read_until(b'\n', &mut raw).await? > 0 {
                                if raw == b".\r\n" {
                                    ended = true;
                                    break;
                                }
                                data.extend_from_slice(raw.strip_prefix(b".").unwrap_or(&raw));
                                raw.clear();
                            }
                            // A sender killed mid-message never sent the final dot:
                            // nothing was delivered, as a real server would see it.
                            if !ended {
                                break;
                            }
                            let take = |left: usize| left.checked_sub(1);
                            let accepted = refusals.fetch_update(SeqCst, SeqCst, take).is_err();
                            // The transaction ends here: the next message on this
                            // connection (a pooled sender) starts with no recipients.
                            let message = Received {
                                mail_from: std::mem::take(&mut from),
                                rcpt_to: std::mem::take(&mut to),
                                data,
                                accepted,
                            };
                            let _ = sender.send(message);
                            if accepted { b"250 OK: queued\r\n" } else { b"451 4.3.0 try again later\r\n" }
                        }
                        "QUIT" => {
                            write.write_all(b"221 Bye\r\n").await?;
                            break;
                        }
                        _ => b"502 Command not implemented\r\n",
                    };
                    write.write_all(reply).await?;
                }
                Ok::<_, std::io::Error>(())
            });
        }
    });
    (port, receiver)
}
