//! Bearer tokens: issuing lvyue's own (HS256) and verifying them and an identity provider's (RS256/ES256).

use crate::context::request_info;
use crate::problem::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use jsonwebtoken::{decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lvyue_core::{Actor, AppError, ChannelCode, Message, Role, Uscc};
use serde::{Deserialize, Serialize};
use std::future::{ready, Ready};

/// The claims lvyue reads from a token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Who: a user or a system.
    pub sub: String,
    /// One of the role codes.
    pub role: String,
    /// The organisation's USCC (department and credit-office tokens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The channel code (channel tokens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Issued at.
    #[serde(default)]
    pub iat: Option<i64>,
    /// Not before: refused until then (with the leeway).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Issuer.
    pub iss: String,
    /// Audience: one, or a list as many identity providers send it.
    pub aud: Audience,
}

/// A token's audience: a string or an array of strings (RFC 7519 §4.1.3).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Audience {
    /// One.
    One(String),
    /// Several.
    Many(Vec<String>),
}

/// Seconds of clock skew tolerated on `exp`, `nbf` and the lifetime.
pub const LEEWAY_SECONDS: u64 = 30;
/// The longest lifetime a token may have unless configured (`LVYUE_MAX_TOKEN_TTL`): a day.
pub const DEFAULT_MAX_TTL_SECONDS: i64 = 86_400;

/// Signs lvyue's own tokens.
pub struct TokenIssuer {
    key: EncodingKey,
    issuer: String,
    audience: String,
}

/// The issuer and audience of lvyue's own tokens.
pub const LOCAL_ISSUER: &str = "lvyue";
/// The audience of lvyue's own tokens.
pub const LOCAL_AUDIENCE: &str = "lvyue-api";

impl TokenIssuer {
    /// An issuer signing with the HS256 `secret`.
    pub fn new(secret: &[u8]) -> Self {
        TokenIssuer {
            key: EncodingKey::from_secret(secret),
            issuer: LOCAL_ISSUER.to_owned(),
            audience: LOCAL_AUDIENCE.to_owned(),
        }
    }

    /// Signs a token valid for `ttl_seconds`.
    pub fn issue(
        &self,
        subject: &str,
        role: Role,
        org: Option<&Uscc>,
        channel: Option<&ChannelCode>,
        ttl_seconds: i64,
    ) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: subject.to_owned(),
            role: role.code().to_owned(),
            org: org.map(|o| o.as_str().to_owned()),
            channel: channel.map(|c| c.as_str().to_owned()),
            exp: now + ttl_seconds,
            iat: Some(now),
            nbf: None,
            iss: self.issuer.clone(),
            aud: Audience::One(self.audience.clone()),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.key).map_err(AppError::internal)
    }
}

/// A public key of an external identity provider.
pub struct ExternalKey {
    /// The `kid` it answers to; None matches any token without a matching kid.
    pub kid: Option<String>,
    /// RS256 or ES256.
    pub algorithm: Algorithm,
    /// The key.
    pub key: DecodingKey,
}

/// Verifies tokens.
pub struct TokenVerifier {
    local_key: DecodingKey,
    local_validation: Validation,
    external_keys: Vec<ExternalKey>,
    external_validation: Option<(String, String)>,
    max_ttl_seconds: i64,
}

fn bad_token(why: &str) -> AppError {
    AppError::Unauthenticated(Message::new(format!("令牌无效：{why}"), format!("invalid token: {why}")))
}

/// Why a token was refused, in words for the person who sent it (never a library's variant name).
fn refused(e: &jsonwebtoken::errors::Error) -> AppError {
    use jsonwebtoken::errors::ErrorKind as K;
    let (zh, en) = match e.kind() {
        K::InvalidSignature => (
            "签名不正确（不是本系统或所配置身份提供方签发的令牌）",
            "the signature does not match (not issued by lvyue or the configured identity provider)",
        ),
        K::ExpiredSignature => ("令牌已过期，请重新获取", "the token has expired; get a new one"),
        K::ImmatureSignature => ("令牌尚未生效", "the token is not valid yet"),
        K::InvalidIssuer => ("签发方（iss）不符", "the issuer (iss) is not the expected one"),
        K::InvalidAudience => ("受众（aud）不符", "the audience (aud) is not the expected one"),
        K::MissingRequiredClaim(_) => {
            ("缺少必需的声明（exp、iss、aud、sub）", "a required claim (exp, iss, aud, sub) is missing")
        }
        K::InvalidAlgorithm | K::InvalidAlgorithmName => ("签名算法不被接受", "the signing algorithm is not accepted"),
        K::Json(_) | K::Utf8(_) | K::Base64(_) => ("令牌内容无法解析", "the token's content cannot be read"),
        _ => ("令牌格式不正确", "the token is malformed"),
    };
    AppError::Unauthenticated(Message::new(format!("令牌无效：{zh}"), format!("invalid token: {en}")))
}

impl TokenVerifier {
    /// A verifier for lvyue's own HS256 tokens and, optionally, an identity provider's keys
    /// with the issuer and audience its tokens must carry.
    pub fn new(
        secret: &[u8],
        external_keys: Vec<ExternalKey>,
        external_issuer_audience: Option<(String, String)>,
    ) -> Self {
        let mut local_validation = Validation::new(Algorithm::HS256);
        local_validation.set_issuer(&[LOCAL_ISSUER]);
        local_validation.set_audience(&[LOCAL_AUDIENCE]);
        local_validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        local_validation.leeway = LEEWAY_SECONDS;
        local_validation.validate_nbf = true;
        TokenVerifier {
            local_key: DecodingKey::from_secret(secret),
            local_validation,
            external_keys,
            external_validation: external_issuer_audience,
            max_ttl_seconds: DEFAULT_MAX_TTL_SECONDS,
        }
    }

    /// The longest lifetime (`exp` − `iat`, or `exp` − now without `iat`) a token may have.
    pub fn with_max_ttl(mut self, seconds: i64) -> Self {
        self.max_ttl_seconds = seconds;
        self
    }

    /// Refuses a token that lives longer than allowed: a leaked long-lived token would be a
    /// key nobody can take back short of changing the secret.
    fn within_lifetime(&self, claims: Claims) -> Result<Claims, AppError> {
        let start = claims.iat.unwrap_or_else(|| chrono::Utc::now().timestamp());
        if claims.exp - start > self.max_ttl_seconds + LEEWAY_SECONDS as i64 {
            return Err(AppError::Unauthenticated(Message::new(
                format!("令牌无效：有效期超过上限（{} 秒）", self.max_ttl_seconds),
                format!("invalid token: it lives longer than the maximum ({} s)", self.max_ttl_seconds),
            )));
        }
        Ok(claims)
    }

    /// Verifies a token and returns its claims.
    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        let head = decode_header(token).map_err(|_| bad_token("malformed"))?;
        match head.alg {
            Algorithm::HS256 => decode::<Claims>(token, &self.local_key, &self.local_validation)
                .map_err(|e| refused(&e))
                .and_then(|d| self.within_lifetime(d.claims)),
            Algorithm::RS256 | Algorithm::ES256 => {
                let Some((iss, aud)) = &self.external_validation else {
                    return Err(bad_token("no identity provider is configured"));
                };
                let mut validation = Validation::new(head.alg);
                validation.set_issuer(&[iss]);
                validation.set_audience(&[aud]);
                validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
                validation.leeway = LEEWAY_SECONDS;
                validation.validate_nbf = true;
                let candidates = self
                    .external_keys
                    .iter()
                    .filter(|k| k.algorithm == head.alg)
                    .filter(|k| head.kid.is_none() || k.kid.is_none() || k.kid == head.kid);
                let mut last = bad_token("no key matches");
                for k in candidates {
                    match decode::<Claims>(token, &k.key, &validation) {
                        Ok(d) => return self.within_lifetime(d.claims),
                        Err(e) => last = refused(&e),
                    }
                }
                Err(last)
            }
            _ => Err(bad_token("the signing algorithm is not accepted (HS256, RS256 or ES256)")),
        }
    }

    /// Verifies a token and turns its claims into an actor.
    pub fn actor(&self, token: &str, request_id: String) -> Result<Actor, AppError> {
        self.actor_for(token, request_id, None)
    }

    /// As [`Self::actor`], with the client's own request id kept beside lvyue's.
    pub fn actor_for(
        &self,
        token: &str,
        request_id: String,
        client_request_id: Option<String>,
    ) -> Result<Actor, AppError> {
        let claims = self.verify(token)?;
        let role = Role::from_code(&claims.role).ok_or_else(|| bad_token("unknown role"))?;
        let org =
            claims.org.as_deref().map(Uscc::parse).transpose().map_err(|_| bad_token("org is not a valid USCC"))?;
        let channel = claims
            .channel
            .as_deref()
            .map(ChannelCode::parse)
            .transpose()
            .map_err(|_| bad_token("channel is not a valid code"))?;
        match role {
            Role::Department | Role::CreditOffice | Role::DataProvider if org.is_none() => {
                return Err(bad_token("this role needs an org claim"))
            }
            Role::Channel if channel.is_none() => return Err(bad_token("a channel token needs a channel claim")),
            _ => {}
        }
        Ok(Actor { subject: claims.sub, role, org, channel, request_id, client_request_id })
    }
}

/// The authenticated caller; extracting it answers 401 when there is no valid token.
#[derive(Debug, Clone)]
pub struct Caller(pub Actor);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(caller_of(req))
    }
}

fn caller_of(req: &HttpRequest) -> Result<Caller, ApiError> {
    let verifier =
        req.app_data::<web::Data<TokenVerifier>>().ok_or_else(|| AppError::internal("no token verifier configured"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthenticated(Message::new("缺少 Bearer 令牌", "a bearer token is required")))?
        .to_str()
        .map_err(|_| bad_token("unreadable header"))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| bad_token("the Authorization scheme must be Bearer"))?;
    let info = request_info(req);
    let actor = verifier.actor_for(token.trim(), info.request_id, info.client_request_id)?;
    // The quota counts callers, so it is taken here, where the caller becomes known.
    if let Some(quotas) = req.app_data::<web::Data<crate::quota::Quotas>>() {
        quotas.admit(&actor, req.path())?;
    }
    Ok(Caller(actor))
}
