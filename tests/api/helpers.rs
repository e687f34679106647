//! `spawn_app()`: a real lvyue on a random port over a fresh database — a SQLite file, or a new
//! PostgreSQL database when `LVYUE_TEST_DATABASE_URL` names a server — with a manual clock.

use chrono::{DateTime, TimeZone, Utc};
use diesel::{Connection, RunQueryDsl};
use lvyue::config::Config;
use lvyue::startup::Application;
use lvyue_core::clock::ManualClock;
use lvyue_core::{ChannelCode, Role, Uscc};
use lvyue_web::TokenIssuer;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub const SECRET: &str = "test-secret-test-secret-test-secret-0123";

/// 2026-11-22 10:00 in Shanghai, a Sunday.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
}

pub struct TestApp {
    pub address: String,
    /// The configuration the server runs with (the CLI tests reuse it).
    pub config: Config,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub app_state: lvyue_web::AppState,
    issuer: TokenIssuer,
    drop_db: Option<(String, String)>,
    _dir: Option<std::path::PathBuf>,
    /// Shared by every app; held alone by a test that measures the process (its memory).
    _turn: Turn,
}

/// A test's turn: shared with the other tests, or alone.
enum Turn {
    Shared(#[allow(dead_code)] tokio::sync::OwnedRwLockReadGuard<()>),
    Alone(#[allow(dead_code)] tokio::sync::OwnedRwLockWriteGuard<()>),
}

/// Tests run in parallel in one process; one that measures the process waits for the
/// others to finish and keeps new ones out until it is done. (Each test spawns one app.)
static TURNS: std::sync::LazyLock<Arc<tokio::sync::RwLock<()>>> =
    std::sync::LazyLock::new(|| Arc::new(tokio::sync::RwLock::new(())));

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.drop_db.take() {
            // Best effort; WITH (FORCE) ends the server's pooled connections.
            let _ = std::thread::spawn(move || {
                if let Ok(mut c) = diesel::PgConnection::establish(&admin_url) {
                    let _ =
                        diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut c);
                }
            })
            .join();
        }
        if let Some(dir) = &self._dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Spawns with extra `LVYUE_*` settings.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let turn = Turn::Shared(TURNS.clone().read_owned().await);
    spawn(extra, turn).await
}

/// Spawns an app while no other test runs: for a test that measures the process's memory.
pub async fn spawn_app_alone() -> TestApp {
    let turn = Turn::Alone(TURNS.clone().write_owned().await);
    spawn(&[], turn).await
}

async fn spawn(extra: &[(&str, &str)], turn: Turn) -> TestApp {
    spawn_over(std::env::var("LVYUE_TEST_DATABASE_URL").ok(), None, extra, turn).await
}

/// Spawns over a fresh database of the PostgreSQL server `primary`, reading what may lag from
/// the streaming replica `standby` of that server (`LVYUE_DATABASE_READ_URL`).
pub async fn spawn_app_with_standby(primary: String, standby: String, extra: &[(&str, &str)]) -> TestApp {
    let turn = Turn::Shared(TURNS.clone().read_owned().await);
    spawn_over(Some(primary), Some(standby), extra, turn).await
}

/// Spawns over a fresh database of `base` (a PostgreSQL server) or a fresh SQLite file.
async fn spawn_over(base: Option<String>, standby: Option<String>, extra: &[(&str, &str)], turn: Turn) -> TestApp {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let dir = std::env::temp_dir().join(format!("lvyue-test-{id}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut read_url = None;
    let (database_url, drop_db) = match base {
        Some(base) if base.starts_with("postgres") => {
            let name = format!("lvyue_t_{id}");
            let mut admin = diesel::PgConnection::establish(&base).expect("connect to the test PostgreSQL");
            diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut admin).unwrap();
            let (prefix, _) = base.rsplit_once('/').expect("a database URL ends in /DBNAME");
            if let Some(standby) = standby {
                read_url = Some(wait_for_database_on(&standby, &name).await);
            }
            (format!("{prefix}/{name}"), Some((base.clone(), name)))
        }
        _ => (format!("sqlite://{}", dir.join("lvyue.db").display()), None),
    };
    let mut env = test_env(&database_url, &dir);
    if let Some(url) = read_url {
        env.insert("LVYUE_DATABASE_READ_URL".into(), url);
    }
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    let config = Config::from_vars(env).expect("test config");
    let cli_config = config.clone();
    let clock = Arc::new(ManualClock::new(default_now()));
    let app = Application::build_with_clock(config, clock.clone()).expect("build the app");
    {
        let mut conn = app.state().write_pool.get().unwrap();
        lvyue::demo::load_if_empty(&mut conn, app.state().now()).unwrap();
    }
    let address = format!("http://127.0.0.1:{}", app.port());
    let app_state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        config: cli_config,
        client: reqwest::Client::new(),
        clock,
        app_state,
        issuer: TokenIssuer::new(SECRET.as_bytes()),
        drop_db,
        _dir: Some(dir),
        _turn: turn,
    }
}

/// The URL of database `name` on the standby server `standby`, once replication has made it.
async fn wait_for_database_on(standby: &str, name: &str) -> String {
    let (prefix, _) = standby.rsplit_once('/').expect("a database URL ends in /DBNAME");
    let url = format!("{prefix}/{name}");
    for _ in 0..500 {
        if diesel::PgConnection::establish(&url).is_ok() {
            return url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("database {name} did not reach the standby within 10 s");
}

/// A database URL as `LVYUE_DATABASE_URL` names it.
pub fn url_of(url: &lvyue_db::DatabaseUrl) -> String {
    match url {
        lvyue_db::DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        lvyue_db::DatabaseUrl::Postgres(url) => url.clone(),
    }
}

/// The settings every test server runs with, over `database_url` with data in `dir`.
pub fn test_env(database_url: &str, dir: &std::path::Path) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = HashMap::new();
    env.insert("LVYUE_DATABASE_URL".into(), database_url.to_owned());
    env.insert("LVYUE_BIND".into(), "127.0.0.1:0".into());
    env.insert("LVYUE_JWT_SECRET".into(), SECRET.into());
    env.insert("LVYUE_DATA_DIR".into(), dir.display().to_string());
    env.insert("LVYUE_WORKERS".into(), "1".into());
    env.insert("LVYUE_DB_POOL_SIZE".into(), "8".into());
    env.insert("LVYUE_CASE_PREFIX".into(), "BB".into());
    // The tests drive the jobs themselves (`run_jobs_once`, `drain_consumers`,
    // `deliver_webhooks`); a test of the background loops turns them on.
    env.insert("LVYUE_JOBS".into(), "off".into());
    env
}

/// The demo organisations' codes by name.
pub fn org(name: &str) -> String {
    lvyue::demo::demo_codes()
        .into_iter()
        .find(|(_, n)| *n == name)
        .map(|(c, _)| c)
        .unwrap_or_else(|| panic!("no demo org {name}"))
}

pub const CITY_GOV: &str = "蚌埠市人民政府";
pub const CITY_CREDIT_OFFICE: &str = "蚌埠市发展和改革委员会（市信用办）";
pub const CITY_FINANCE: &str = "蚌埠市财政局";
pub const HUAIYUAN_GOV: &str = "怀远县人民政府";
pub const HUAIYUAN_FINANCE: &str = "怀远县财政局";
pub const WUHE_GOV: &str = "五河县人民政府";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn token(&self, role: Role, org: Option<&str>, channel: Option<&str>) -> String {
        let org = org.map(|o| Uscc::parse(o).unwrap());
        let channel = channel.map(|c| ChannelCode::parse(c).unwrap());
        self.issuer.issue(&format!("test:{}", role.code()), role, org.as_ref(), channel.as_ref(), 3600).unwrap()
    }

    pub fn channel_token(&self, channel: &str) -> String {
        self.token(Role::Channel, None, Some(channel))
    }

    pub fn admin_token(&self) -> String {
        self.token(Role::Admin, None, None)
    }

    pub fn auditor_token(&self) -> String {
        self.token(Role::Auditor, None, None)
    }

    pub fn credit_office_token(&self) -> String {
        self.token(Role::CreditOffice, Some(&org(CITY_CREDIT_OFFICE)), None)
    }

    pub fn department_token(&self, org_name: &str) -> String {
        self.token(Role::Department, Some(&org(org_name)), None)
    }

    /// A data provider (司法局, 经信局, a court) by its demo name.
    pub fn provider_token(&self, org_name: &str) -> String {
        self.token(Role::DataProvider, Some(&org(org_name)), None)
    }

    /// The public credit platform.
    pub fn platform_token(&self) -> String {
        self.token(Role::CreditPlatform, None, None)
    }

    /// POSTs a raw body with a media type.
    pub async fn post_raw(&self, path: &str, token: &str, content_type: &str, body: String) -> (u16, Value) {
        self.post_bytes(path, token, content_type, body.into_bytes()).await
    }

    /// POSTs bytes (a workbook) with a media type.
    pub async fn post_bytes(&self, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let r = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str, token: &str) -> (u16, Value) {
        let r = self.get(path, token).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> (u16, Value) {
        let r = self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn put_json(&self, path: &str, token: &str, body: &Value) -> (u16, Value) {
        let r = self.client.put(self.url(path)).bearer_auth(token).json(body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn patch_json(&self, path: &str, token: &str, body: &Value) -> (u16, Value) {
        let r = self.client.patch(self.url(path)).bearer_auth(token).json(body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Starts a second server (a replica) over the same database, with the same clock.
    pub async fn spawn_replica(&self) -> String {
        let app = Application::build_with_clock(self.config.clone(), self.clock.clone()).expect("build a replica");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// Takes `action` on `case` (its id and version) with `fields` added to the body.
    pub async fn act(&self, case: &Value, action: &str, token: &str, fields: Value) -> (u16, Value) {
        let mut body = json!({ "version": case["version"] });
        if let (Some(b), Some(f)) = (body.as_object_mut(), fields.as_object()) {
            b.extend(f.clone());
        }
        let id = case["id"].as_str().expect("a case with an id");
        self.post_json(&format!("/api/v1/complaints/{id}/actions/{action}"), token, &body).await
    }

    /// Like `act`, asserting 200 and answering the case after the step.
    pub async fn step(&self, case: &Value, action: &str, token: &str, fields: Value) -> Value {
        let (status, body) = self.act(case, action, token, fields).await;
        assert_eq!(status, 200, "{action}: {body}");
        body
    }

    /// Moves the manual clock to `at` (RFC 3339).
    pub fn set_time(&self, at: &str) {
        self.clock.set(DateTime::parse_from_rfc3339(at).unwrap().with_timezone(&Utc));
    }

    /// Pushes `lead` as `channel`.
    pub async fn push(&self, channel: &str, lead: &Value) -> (u16, Value) {
        self.post_json("/api/v1/complaints", &self.channel_token(channel), lead).await
    }

    /// Waits until every transaction that began before now has ended, so the feed's
    /// commit horizon (PostgreSQL: the cluster's oldest running transaction) has passed
    /// everything this test wrote. Other tests write to other databases of the same cluster.
    pub async fn wait_for_feed_horizon(&self) {
        let pool = self.app_state.pool.clone();
        tokio::task::spawn_blocking(move || {
            #[derive(diesel::QueryableByName)]
            struct V {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                v: i64,
            }
            let mut conn = pool.get().unwrap();
            let lvyue_db::DbConn::Pg(pg) = &mut *conn else { return };
            let mark =
                diesel::sql_query("SELECT pg_current_xact_id()::text::bigint AS v").get_result::<V>(pg).unwrap().v;
            for _ in 0..500 {
                let xmin = diesel::sql_query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS v")
                    .get_result::<V>(pg)
                    .unwrap()
                    .v;
                if xmin > mark {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            panic!("the cluster's oldest transaction did not end within 10 s");
        })
        .await
        .unwrap();
    }

    /// Runs one round of the housekeeping jobs (calendar, overdue sweep, expiry of records)
    /// at the clock's now, as the server's timer would.
    pub async fn run_jobs_once(&self) -> usize {
        let state = self.app_state.clone();
        tokio::task::spawn_blocking(move || lvyue::jobs::run_housekeeping(&state)).await.unwrap().unwrap()
    }

    /// Runs the event consumers inside lvyue (determination → credit record → measures) until
    /// each has handled every event written so far, or is stopped on a dead letter.
    pub async fn drain_consumers(&self) {
        use diesel::prelude::*;
        use lvyue_db::schema::{dead_letters, events, job_state};
        const CONSUMERS: [&str; 2] = [lvyue_credit_record::from_case::CONSUMER, lvyue_sanction::follow::CONSUMER];
        for _ in 0..50 {
            self.wait_for_feed_horizon().await;
            let state = self.app_state.clone();
            let done = tokio::task::spawn_blocking(move || {
                lvyue::jobs::drain_consumers(&state).unwrap();
                let mut conn = state.pool.get().unwrap();
                let last: Option<i64> =
                    events::table.select(diesel::dsl::max(events::id)).get_result(&mut *conn).unwrap();
                CONSUMERS.iter().all(|name| {
                    let position: Option<String> =
                        job_state::table.find(name).select(job_state::position).first(&mut *conn).optional().unwrap();
                    let at = position.and_then(|p| p.split_once('|').and_then(|(_, id)| id.parse::<i64>().ok()));
                    let stopped: i64 = dead_letters::table
                        .filter(dead_letters::consumer.eq(name))
                        .filter(dead_letters::status.eq("open"))
                        .count()
                        .get_result(&mut *conn)
                        .unwrap();
                    at >= last || stopped > 0
                })
            })
            .await
            .unwrap();
            if done {
                return;
            }
        }
        panic!("the consumers did not catch up");
    }

    /// Fans out and sends every due webhook delivery, one after another, until none is due.
    pub async fn deliver_webhooks(&self) -> usize {
        self.wait_for_feed_horizon().await;
        let settings = self.config.webhooks.clone();
        let client = lvyue_webhooks::worker::client(&settings).unwrap();
        lvyue_webhooks::worker::deliver_due(&self.app_state, &client, &settings, 500).await.unwrap()
    }

    /// All events visible to `token`, following cursors, once the feed horizon has passed.
    pub async fn all_events(&self, token: &str) -> Vec<Value> {
        self.wait_for_feed_horizon().await;
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let path = match &after {
                Some(c) => format!("/api/v1/events?limit=3&after={c}"),
                None => "/api/v1/events?limit=3".to_owned(),
            };
            let (status, page) = self.get_json(&path, token).await;
            assert_eq!(status, 200, "{page}");
            let events = page["events"].as_array().unwrap().clone();
            if events.is_empty() {
                return out;
            }
            for event in &events {
                assert_matches_its_contract(event);
            }
            out.extend(events);
            after = page["next_cursor"].as_str().map(str::to_owned);
        }
    }
}

/// The served document's feed item (`FeedEvent`: one envelope per payload type, by `type`).
static FEED_EVENT: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(|| {
    let mut root = serde_json::to_value(lvyue::api::openapi()).unwrap();
    root.as_object_mut().unwrap().insert("$ref".into(), json!("#/components/schemas/FeedEvent"));
    jsonschema::draft202012::new(&root).expect("FeedEvent compiles")
});

/// Every event a test reads from the feed is checked against the contract of its type, so
/// a producer that drifts from what its consumers read fails the suite.
pub fn assert_matches_its_contract(event: &Value) {
    let errors: Vec<String> =
        FEED_EVENT.iter_errors(event).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "event {} breaks its contract: {errors:?}\n{event}", event["type"]);
}

/// Polls `probe` until it answers something, for a test of what runs by itself in the
/// background (several replicas' loops): the one place a test waits on the wall clock.
/// Tests of anything they can drive call `run_jobs_once`, `drain_consumers` or
/// `deliver_webhooks` instead.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..500 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{what}: not within 10 s");
}

/// A valid lead against 怀远县财政局, routed to 怀远县人民政府.
pub fn lead(external_id: &str) -> Value {
    json!({
        "external_id": external_id,
        "received_at": "2026-11-20T10:00:00+08:00",
        "complainant": {
            "name": "蚌埠某某科技有限公司",
            "uscc": "91350100M000100Y43",
            "contact_name": "张三丰",
            "contact_phone": "13812345678"
        },
        "respondent": { "uscc": org(HUAIYUAN_FINANCE), "name": "怀远县财政局", "region_code": "340321" },
        "field": "government_procurement",
        "contract": { "title": "办公设备采购合同", "signed_on": "2023-05-01", "amount_fen": 120000000 },
        "arrears_fen": 50000000,
        "summary": "采购货款逾期一年未支付",
        "description": "合同约定验收后30日内付款，至今未付。",
        "attachments": [{ "name": "contract.pdf", "url": "https://files.example.cn/a/contract.pdf",
                          "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" }]
    })
}

/// A lead whose respondent is not in the registry: it waits for the credit office.
pub fn unresolved_lead(external_id: &str) -> Value {
    let mut l = lead(external_id);
    l["respondent"] = json!({ "name": "蚌埠市某新设管理办公室", "region_code": "340300" });
    l
}
