//! Reading cases: scope, masking, the personal-data read audit, lists with cursors.

use crate::complaint::{
    ComplainantView, Complaint, ComplaintRow, ComplaintSummary, ContractView, LinkedCase, RespondentView, SummaryRow,
};
use crate::deadline;
use crate::mask::{mask_name, mask_phone};
use crate::progress::{self, ProgressRow};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use lvyue_core::time::shanghai_date;
use lvyue_core::workflow;
use lvyue_core::{Actor, AppError, AppResult, CaseStatus, Field, RegionCode, Role};
use lvyue_db::page;
use lvyue_db::schema::{
    complaint_contracts, complaint_ledger_items, complaint_links, complaint_progress, complaints, organisations,
};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_outbox::Visibility;
use lvyue_registry::organisation::OrgRef;

pub use crate::access::visible;
use crate::access::CaseRule;

/// True when the role sees complainants' contact data in clear: the credit office and the
/// handling department, who must contact the complainant. Everyone else sees it masked.
pub fn sees_personal_data(role: Role) -> bool {
    matches!(role, Role::CreditOffice | Role::Department)
}

/// True when showing `row` to `actor` reveals contact data in clear.
pub fn shows_personal_data(actor: &Actor, row: &ComplaintRow) -> bool {
    sees_personal_data(actor.role) && (row.contact_name.is_some() || row.contact_phone.is_some())
}

/// Records that `actor` was shown `row`'s contact data in clear (in the caller's transaction).
pub fn audit_personal_data_read(
    conn: &mut DbConn,
    actor: &Actor,
    row: &ComplaintRow,
    stored_now: NaiveDateTime,
) -> AppResult<()> {
    audit::append(
        conn,
        stored_now,
        AuditEntry {
            actor,
            action: "personal_data.read",
            entity_type: "complaint",
            entity_id: &row.id,
            before: None,
            after: None,
        },
    )
}

/// Finds by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<ComplaintRow>> {
    Ok(complaints::table.find(id).select(ComplaintRow::as_select()).first(conn).optional()?)
}

/// Locks cases `ids` for the rest of the transaction, in id order (so two transactions
/// locking the same pair cannot deadlock), and answers them as they are once locked. On
/// SQLite the single writer already excludes everyone.
pub fn lock(conn: &mut DbConn, ids: &[&str]) -> AppResult<Vec<ComplaintRow>> {
    let ids = ids.to_vec();
    Ok(lvyue_db::locked!(
        conn,
        for_update,
        complaints::table
            .filter(complaints::id.eq_any(ids))
            .order_by(complaints::id.asc())
            .select(ComplaintRow::as_select()),
        |q, c| q.load(c)
    )?)
}

/// The division (行政区划) of case `id`'s respondent, if the case exists.
pub fn region_of(conn: &mut DbConn, id: &str) -> AppResult<Option<String>> {
    Ok(complaints::table.find(id).select(complaints::region_code).first(conn).optional()?)
}

/// The complainant's personal data in case `id` (个人信息: the complainant's and the contact's
/// names, the phone), for callers that must keep it out of what they publish; empty when the
/// case does not exist. Values shorter than two characters are left out (they match anything).
pub fn personal_data(conn: &mut DbConn, id: &str) -> AppResult<Vec<String>> {
    let found: Option<(String, Option<String>, Option<String>)> = complaints::table
        .find(id)
        .select((complaints::complainant_name, complaints::contact_name, complaints::contact_phone))
        .first(conn)
        .optional()?;
    Ok(found
        .map(|(name, contact, phone)| [Some(name), contact, phone].into_iter().flatten().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| v.chars().count() >= 2)
        .collect())
}

/// Finds by the channel's own id.
pub fn find_by_external(conn: &mut DbConn, channel: &str, external_id: &str) -> AppResult<Option<ComplaintRow>> {
    Ok(complaints::table
        .filter(complaints::channel.eq(channel))
        .filter(complaints::external_id.eq(external_id))
        .select(ComplaintRow::as_select())
        .first(conn)
        .optional()?)
}

/// A case with the organisations it refers to, loaded in one query.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The case.
    pub row: ComplaintRow,
    /// The registry entry of the respondent.
    pub respondent: Option<OrgRef>,
    /// The handling organisation.
    pub handling: Option<OrgRef>,
    /// Its progress through verification (None until it leaves intake).
    pub progress: Option<ProgressRow>,
    /// The registered contract it is about (政府合同登记), if any.
    pub contract_registry_id: Option<String>,
    /// The ledger item it grew from (台账), if any.
    pub ledger_item_id: Option<String>,
}

impl LoadedCase {
    /// True when the case follows 保障中小企业款项支付条例 Art. 25
    /// ([`crate::deadline::follows_order_802`]).
    pub fn follows_order_802(&self) -> bool {
        crate::deadline::follows_order_802(&self.row.channel, self.progress.as_ref().and_then(|p| p.complainant_sme))
    }
}

type OrgTriple = (String, String, String);

fn org_ref(t: Option<OrgTriple>) -> Option<OrgRef> {
    t.map(|(id, uscc, name)| OrgRef { id, uscc, name })
}

/// The case joined to both of its organisations (a static query, so it is prepared once per connection).
macro_rules! loaded_case_query {
    () => {{
        let (respondent_orgs, handling_orgs) =
            diesel::alias!(organisations as respondent_orgs, organisations as handling_orgs);
        complaints::table
            .left_join(
                respondent_orgs
                    .on(complaints::respondent_org_id.eq(respondent_orgs.field(organisations::id).nullable())),
            )
            .left_join(
                handling_orgs.on(complaints::handling_org_id.eq(handling_orgs.field(organisations::id).nullable())),
            )
            .left_join(complaint_progress::table.on(complaint_progress::complaint_id.eq(complaints::id)))
            .left_join(complaint_contracts::table.on(complaint_contracts::complaint_id.eq(complaints::id)))
            .left_join(complaint_ledger_items::table.on(complaint_ledger_items::complaint_id.eq(complaints::id)))
            .select((
                ComplaintRow::as_select(),
                respondent_orgs.fields((organisations::id, organisations::uscc, organisations::name)).nullable(),
                handling_orgs.fields((organisations::id, organisations::uscc, organisations::name)).nullable(),
                complaint_progress::all_columns.nullable(),
                complaint_contracts::contract_id.nullable(),
                complaint_ledger_items::ledger_item_id.nullable(),
            ))
    }};
}
pub(crate) use loaded_case_query;

pub(crate) type LoadedTuple =
    (ComplaintRow, Option<OrgTriple>, Option<OrgTriple>, Option<ProgressRow>, Option<String>, Option<String>);

pub(crate) fn loaded(found: Option<LoadedTuple>) -> Option<LoadedCase> {
    found.map(|(row, r, h, progress, contract_registry_id, ledger_item_id)| LoadedCase {
        row,
        respondent: org_ref(r),
        handling: org_ref(h),
        progress,
        contract_registry_id,
        ledger_item_id,
    })
}

/// Loads a case and its organisations by id.
pub fn load(conn: &mut DbConn, id: &str) -> AppResult<Option<LoadedCase>> {
    let found = loaded_case_query!().filter(complaints::id.eq(id)).first(conn).optional()?;
    Ok(loaded(found))
}

/// Loads a case and its organisations by the channel's own id.
pub fn load_by_external(conn: &mut DbConn, channel: &str, external_id: &str) -> AppResult<Option<LoadedCase>> {
    let found = loaded_case_query!()
        .filter(complaints::channel.eq(channel))
        .filter(complaints::external_id.eq(external_id))
        .first(conn)
        .optional()?;
    Ok(loaded(found))
}

/// Builds the API view of a loaded case for a caller of `role` (links are read for non-channel roles).
pub fn view(
    conn: &mut DbConn,
    case: LoadedCase,
    role: Role,
    visibility: &Visibility,
    now: DateTime<Utc>,
) -> AppResult<Complaint> {
    let links = if role == Role::Channel { None } else { Some(linked_cases(conn, &case.row.id, visibility)?) };
    Ok(view_with(case, role, now, links))
}

/// Builds the API view from a row and the organisations it refers to (no queries).
/// `links` is None for channels, who do not see other channels' cases.
pub fn view_with(case: LoadedCase, role: Role, now: DateTime<Utc>, links: Option<Vec<LinkedCase>>) -> Complaint {
    let LoadedCase { row, respondent, handling, progress, contract_registry_id, ledger_item_id } = case;
    let allowed_actions = allowed(&row.status, row.resolution.as_deref(), progress.as_ref(), role, now);
    let channel_view = role == Role::Channel;
    let clear = sees_personal_data(role);
    let links = if channel_view { None } else { Some(links.unwrap_or_default()) };
    Complaint {
        complainant: ComplainantView {
            name: row.complainant_name.clone(),
            uscc: row.complainant_uscc.clone(),
            contact_name: row.contact_name.as_deref().map(|n| if clear { n.to_owned() } else { mask_name(n) }),
            contact_phone: row.contact_phone.as_deref().map(|p| if clear { p.to_owned() } else { mask_phone(p) }),
            sme: progress.as_ref().and_then(|p| p.complainant_sme),
            masked: !clear,
        },
        respondent: RespondentView {
            name: row.respondent_name.clone(),
            uscc: row.respondent_uscc.clone(),
            region_code: row.region_code.clone(),
            organisation: respondent,
        },
        handling_org: handling,
        contract: row.contract_title.clone().map(|title| ContractView {
            title,
            signed_on: row.contract_signed_on,
            amount_fen: row.contract_amount_fen,
            registry_id: contract_registry_id,
        }),
        attachments: serde_json::from_str(&row.attachments).unwrap_or(serde_json::Value::Array(vec![])),
        possible_duplicate: (!channel_view).then_some(row.possible_duplicate),
        ledger_item_id,
        possible_duplicates: links,
        next_deadline: deadline::shown(row.next_step.as_deref(), row.next_due_on, now),
        progress: progress.as_ref().map(ProgressRow::view),
        allowed_actions,
        received_at: lvyue_core::time::stored_to_shanghai(row.received_at),
        created_at: lvyue_core::time::stored_to_shanghai(row.created_at),
        updated_at: lvyue_core::time::stored_to_shanghai(row.updated_at),
        id: row.id,
        case_number: row.case_number,
        channel: row.channel,
        external_id: row.external_id,
        status: row.status,
        resolution: row.resolution,
        field: row.field,
        region_code: row.region_code,
        arrears_fen: row.arrears_fen,
        summary: row.summary,
        description: row.description,
        version: row.version,
    }
}

/// The cases linked to `id`, with what decides whether the caller may see them.
macro_rules! linked_cases_query {
    ($id:expr) => {
        complaint_links::table
            .inner_join(complaints::table.on(complaints::id.eq(complaint_links::related_id)))
            .filter(complaint_links::complaint_id.eq($id))
            .select((
                complaints::id,
                complaints::case_number,
                complaints::channel,
                complaints::region_code,
                complaints::handling_org_id,
                complaint_links::kind,
            ))
            .order_by(complaints::id.asc())
    };
}
pub(crate) use linked_cases_query;

/// A linked case as read: id, number, channel, division, handling organisation, link kind.
pub(crate) type LinkedRow = (String, String, String, String, Option<String>, String);

/// The cases linked to `id` that the caller may see.
fn linked_cases(conn: &mut DbConn, id: &str, visibility: &Visibility) -> AppResult<Vec<LinkedCase>> {
    let rows: Vec<LinkedRow> = linked_cases_query!(id).load(conn)?;
    Ok(visible_links(rows, visibility))
}

/// The linked cases of `rows` that `visibility` admits.
pub(crate) fn visible_links(rows: Vec<LinkedRow>, visibility: &Visibility) -> Vec<LinkedCase> {
    rows.into_iter()
        .filter(|(_, _, channel, region, handling, _)| {
            CaseRule::of(visibility).admits(channel, region, handling.as_deref())
        })
        .map(|(id, case_number, channel, _, _, kind)| LinkedCase { id, case_number, channel, kind })
        .collect()
}

/// Shows a case to `actor` if visible (404 otherwise) and audits a read of clear personal data.
pub fn show(
    conn: &mut DbConn,
    actor: &Actor,
    visibility: &Visibility,
    case: Option<LoadedCase>,
    now: DateTime<Utc>,
    stored_now: NaiveDateTime,
) -> AppResult<Complaint> {
    let case = case.filter(|c| visible(&c.row, visibility)).ok_or(AppError::NotFound)?;
    if shows_personal_data(actor, &case.row) {
        write_tx(conn, |conn| audit_personal_data_read(conn, actor, &case.row, stored_now))?;
    }
    view(conn, case, actor.role, visibility, now)
}

/// The actions `role` may take on a case in this state.
fn allowed(
    status: &str,
    resolution: Option<&str>,
    progress: Option<&ProgressRow>,
    role: Role,
    now: DateTime<Utc>,
) -> Vec<String> {
    match CaseStatus::from_code(status) {
        Some(s) => workflow::allowed_codes(s, progress::facts(status, resolution, progress, now), role),
        None => Vec::new(),
    }
}

fn summary_actions(r: &SummaryRow, progress: Option<&ProgressRow>, role: Role, now: DateTime<Utc>) -> Vec<String> {
    allowed(&r.status, r.resolution.as_deref(), progress, role, now)
}

/// Filters for the case list.
#[derive(Debug, Clone, Default)]
pub struct ComplaintFilter {
    /// Status.
    pub status: Option<CaseStatus>,
    /// Field.
    pub field: Option<Field>,
    /// Within this division.
    pub region: Option<RegionCode>,
    /// Handled by this organisation (id).
    pub handling_org_id: Option<String>,
    /// From this channel.
    pub channel: Option<String>,
    /// Received at or after.
    pub received_from: Option<NaiveDateTime>,
    /// Received before.
    pub received_to: Option<NaiveDateTime>,
    /// Only cases past (true) or within (false) the time limit of their next step.
    pub overdue: Option<bool>,
}

/// A page of cases.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ComplaintPage {
    /// Newest first.
    pub complaints: Vec<ComplaintSummary>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The case list's query: the cases `visibility` admits that pass `filter`, older than the case
/// `before` (the cursor), newest first, `limit + 1` of them (the extra one says a next page
/// exists). A macro, so one text serves the pooled connection and the lean path's.
macro_rules! list_query {
    ($visibility:expr, $filter:expr, $before:expr, $limit:expr, $now:expr) => {{
        let (filter, now) = ($filter, $now);
        let mut query = complaints::table
            .left_join(complaint_progress::table.on(complaint_progress::complaint_id.eq(complaints::id)))
            .select((
                SummaryRow::as_select(),
                (
                    complaint_progress::extension_until,
                    complaint_progress::feedback_until,
                    complaint_progress::feedback_at,
                )
                    .nullable(),
            ))
            .into_boxed();
        query = crate::restrict_cases!(query, CaseRule::of($visibility));
        if let Some(s) = filter.status {
            query = query.filter(complaints::status.eq(s.code()));
        }
        if let Some(f) = filter.field {
            query = query.filter(complaints::field.eq(f.code()));
        }
        if let Some(r) = &filter.region {
            let (lo, hi) = r.scope_range();
            query = query.filter(complaints::region_code.between(lo, hi));
        }
        if let Some(o) = &filter.handling_org_id {
            query = query.filter(complaints::handling_org_id.eq(o.clone()));
        }
        if let Some(c) = &filter.channel {
            query = query.filter(complaints::channel.eq(c.clone()));
        }
        if let Some(t) = filter.received_from {
            query = query.filter(complaints::received_at.ge(t));
        }
        if let Some(t) = filter.received_to {
            query = query.filter(complaints::received_at.lt(t));
        }
        match filter.overdue {
            Some(true) => query = query.filter(complaints::next_due_on.lt(shanghai_date(now))),
            Some(false) => query = query.filter(complaints::next_due_on.ge(shanghai_date(now))),
            None => {}
        }
        if let Some(before) = $before {
            query = query.filter(complaints::id.lt(before));
        }
        query.order_by(complaints::id.desc()).limit($limit + 1)
    }};
}
pub(crate) use list_query;

/// A row of the case list as read: the case's summary and its progress's deadlines.
pub(crate) type ListRow = (SummaryRow, Option<(Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDateTime>)>);

/// Lists the cases visible to the caller, newest first.
pub fn list(
    conn: &mut DbConn,
    role: Role,
    visibility: &Visibility,
    filter: &ComplaintFilter,
    cursor_raw: Option<&str>,
    limit: i64,
    now: DateTime<Utc>,
) -> AppResult<ComplaintPage> {
    let before = page::after_id(cursor_raw)?;
    let rows: Vec<ListRow> = list_query!(visibility, filter, before, limit, now).load(conn)?;
    Ok(list_page(rows, limit, role, now))
}

/// The page made of the list query's `rows` for a caller of `role` (no queries).
pub(crate) fn list_page(rows: Vec<ListRow>, limit: i64, role: Role, now: DateTime<Utc>) -> ComplaintPage {
    let (rows, next_cursor) = page::cut(rows, limit, |(r, _)| vec![r.id.clone()]);
    ComplaintPage {
        complaints: rows
            .into_iter()
            .map(|(r, p)| ComplaintSummary {
                allowed_actions: {
                    let progress = p.map(|(extension_until, feedback_until, feedback_at)| ProgressRow {
                        extension_until,
                        feedback_until,
                        feedback_at,
                        ..ProgressRow::default()
                    });
                    summary_actions(&r, progress.as_ref(), role, now)
                },
                next_deadline: deadline::shown(r.next_step.as_deref(), r.next_due_on, now),
                received_at: lvyue_core::time::stored_to_shanghai(r.received_at),
                id: r.id,
                case_number: r.case_number,
                channel: r.channel,
                external_id: r.external_id,
                status: r.status,
                resolution: r.resolution,
                field: r.field,
                region_code: r.region_code,
                complainant_name: r.complainant_name,
                respondent_name: r.respondent_name,
                handling_org_id: r.handling_org_id,
                summary: r.summary,
                version: r.version,
            })
            .collect(),
        next_cursor,
    }
}
