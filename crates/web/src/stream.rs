//! Large bodies in and out without holding them in memory.
//!
//! In: [`pump`] forwards a request body chunk by chunk into a bounded channel, and
//! [`BodyReader`] reads it as a blocking `std::io::Read` on a blocking thread — the sender
//! waits while the reader is busy, so at most a few chunks are ever buffered.
//! Out: [`body_stream`] turns a bounded channel filled by a blocking producer into a
//! streaming response body; the producer waits while the client is slow.

use actix_web::web::{Bytes, Payload};
use futures_util::{Stream, StreamExt};
use lvyue_core::AppError;
use std::io::Read;
use tokio::sync::mpsc;

/// Chunks in flight between the network and the reader (or the producer and the network).
pub const CHANNEL_CHUNKS: usize = 8;

/// A chunk of a request body, or why the body ended early (the reader then fails instead
/// of seeing a clean end: a cut-off upload must not pass for a complete one).
pub type BodyChunk = Result<Bytes, std::io::Error>;

/// A request body read on a blocking thread.
#[derive(Debug)]
pub struct BodyReader {
    rx: mpsc::Receiver<BodyChunk>,
    current: Bytes,
}

impl BodyReader {
    /// A reader and the sender [`pump`] fills.
    pub fn channel() -> (mpsc::Sender<BodyChunk>, BodyReader) {
        let (tx, rx) = mpsc::channel(CHANNEL_CHUNKS);
        (tx, BodyReader { rx, current: Bytes::new() })
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(Ok(chunk)) => self.current = chunk,
                Some(Err(e)) => return Err(e),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

/// Forwards `payload` into `tx` until its end, `limit` bytes (413), or the reader hanging up
/// (it stopped early: not an error here). On a broken or oversized body the reader gets an
/// error in place of the end, so whatever it was doing fails and rolls back.
pub async fn pump(mut payload: Payload, tx: mpsc::Sender<BodyChunk>, limit: usize) -> Result<(), AppError> {
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let failure = match chunk {
            Ok(chunk) => {
                seen += chunk.len();
                if seen <= limit {
                    if tx.send(Ok(chunk)).await.is_err() {
                        break;
                    }
                    continue;
                }
                AppError::PayloadTooLarge { limit }
            }
            Err(e) => AppError::Malformed(lvyue_core::Message::new(
                format!("请求体读取失败：{e}"),
                format!("the request body could not be read: {e}"),
            )),
        };
        let _ = tx.send(Err(std::io::Error::other("the request body ended early"))).await;
        return Err(failure);
    }
    Ok(())
}

/// A response body fed by a blocking producer through `rx`.
pub fn body_stream(rx: mpsc::Receiver<Bytes>) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (Ok(b), rx)) })
}
