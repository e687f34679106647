//! Large bodies in and out without holding them in memory.
//!
//! In: [`spool`] reads an upload to an unnamed temporary file, bounded in size and in time,
//! before any database work starts.
//! Out: [`body_stream`] turns a bounded channel filled by a blocking producer into a
//! streaming response body; the producer waits while the client is slow.

use actix_web::web::{Bytes, Payload};
use futures_util::{Stream, StreamExt};
use lvyue_core::AppError;
use tokio::sync::mpsc;

/// Chunks in flight between a blocking producer and the network.
pub const CHANNEL_CHUNKS: usize = 8;

/// Reads `payload` whole into an unnamed temporary file, before any transaction starts, and
/// answers the file rewound to its start: a client that uploads slowly, or stops halfway,
/// holds a file handle, never the database's writer (on SQLite, the only one). At most `limit`
/// bytes (413); each chunk must arrive within `chunk_timeout` (408).
pub async fn spool(
    mut payload: Payload,
    limit: usize,
    chunk_timeout: std::time::Duration,
) -> Result<std::fs::File, AppError> {
    use std::io::Seek;
    use tokio::io::AsyncWriteExt;
    let io = |e: std::io::Error| AppError::internal(format!("spooling an upload: {e}"));
    let file = tokio::task::spawn_blocking(tempfile::tempfile)
        .await
        .map_err(|e| AppError::internal(format!("spooling an upload: {e}")))?
        .map_err(io)?;
    let mut out = tokio::fs::File::from_std(file);
    let mut seen = 0usize;
    loop {
        let next = tokio::time::timeout(chunk_timeout, payload.next()).await.map_err(|_| AppError::RequestTimeout)?;
        let Some(chunk) = next else { break };
        let chunk = chunk.map_err(|e| {
            AppError::Malformed(lvyue_core::Message::new(
                format!("请求体读取失败：{e}"),
                format!("the request body could not be read: {e}"),
            ))
        })?;
        seen += chunk.len();
        if seen > limit {
            return Err(AppError::PayloadTooLarge { limit });
        }
        out.write_all(&chunk).await.map_err(io)?;
    }
    out.flush().await.map_err(io)?;
    let mut file = out.into_std().await;
    file.rewind().map_err(io)?;
    Ok(file)
}

/// A response body fed by a blocking producer through `rx`.
pub fn body_stream(rx: mpsc::Receiver<Bytes>) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|b| (Ok(b), rx)) })
}
