//! Answers shared caches may keep: the public face's JSON, with `Cache-Control: public` and an
//! `ETag` (a matching `If-None-Match` answers 304 with no body).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Seconds a shared cache may keep a public answer.
pub const PUBLIC_MAX_AGE_SECS: u32 = 300;

/// `value` as JSON that shared caches may keep for [`PUBLIC_MAX_AGE_SECS`], with its ETag.
pub fn public_json<T: Serialize>(req: &HttpRequest, value: &T) -> HttpResponse {
    public_body(req, "application/json", serde_json::to_vec(value).unwrap_or_default())
}

/// `body` of `content_type` that shared caches may keep for [`PUBLIC_MAX_AGE_SECS`], with its
/// ETag; 304 with no body when `If-None-Match` names it.
pub fn public_body(req: &HttpRequest, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    let unchanged = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v == etag);
    let mut res = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, format!("public, max-age={PUBLIC_MAX_AGE_SECS}")));
    if unchanged {
        res.finish()
    } else {
        res.content_type(content_type.to_owned()).body(body)
    }
}
