//! A real SMTP server for tests, in about sixty lines: it accepts
//! connections on 127.0.0.1, speaks EHLO/HELO, MAIL FROM, RCPT TO, DATA,
//! RSET, NOOP and QUIT without TLS or authentication, and hands every
//! message it accepts to the test.

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
}

/// Starts the sink; returns its port and the messages it will receive.
pub async fn start() -> (u16, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sender = sender.clone();
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
                            while lines.read_until(b'\n', &mut raw).await? > 0 && raw != b".\r\n" {
                                data.extend_from_slice(raw.strip_prefix(b".").unwrap_or(&raw));
                                raw.clear();
                            }
                            let message = Received { mail_from: from.clone(), rcpt_to: to.clone(), data };
                            let _ = sender.send(message);
                            b"250 OK: queued\r\n"
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
