//! The diesel schema, written once for both backends (the migrations keep them in step).

diesel::table! {
    /// 受理渠道.
    channels (code) {
        code -> Text,
        label_zh -> Text,
        label_en -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 机构名录.
    organisations (id) {
        id -> Text,
        uscc -> Text,
        name -> Text,
        region_code -> Text,
        level -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        supervisor_id -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 投诉案件.
    complaints (id) {
        id -> Text,
        case_number -> Text,
        channel -> Text,
        external_id -> Text,
        payload_sha256 -> Text,
        status -> Text,
        resolution -> Nullable<Text>,
        field -> Text,
        region_code -> Text,
        received_at -> Timestamp,
        complainant_name -> Text,
        complainant_uscc -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        respondent_name -> Text,
        respondent_uscc -> Nullable<Text>,
        respondent_org_id -> Nullable<Text>,
        handling_org_id -> Nullable<Text>,
        contract_title -> Nullable<Text>,
        contract_signed_on -> Nullable<Date>,
        contract_amount_fen -> Nullable<BigInt>,
        arrears_fen -> Nullable<BigInt>,
        summary -> Text,
        description -> Nullable<Text>,
        attachments -> Text,
        duplicate_key -> Text,
        possible_duplicate -> Bool,
        next_step -> Nullable<Text>,
        next_due_on -> Nullable<Date>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Links between cases (possible duplicates, merges).
    complaint_links (complaint_id, related_id, kind) {
        complaint_id -> Text,
        related_id -> Text,
        kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Every step of a case: the timeline.
    complaint_steps (id) {
        id -> BigInt,
        complaint_id -> Text,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        actor_subject -> Text,
        actor_role -> Text,
        actor_org -> Nullable<Text>,
        note -> Nullable<Text>,
        attachments -> Text,
        data -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    /// The transactional outbox and pull feed.
    events (id) {
        id -> BigInt,
        event_id -> Text,
        txid -> BigInt,
        event_type -> Text,
        occurred_at -> Timestamp,
        complaint_id -> Nullable<Text>,
        channel -> Nullable<Text>,
        region_code -> Nullable<Text>,
        handling_org_id -> Nullable<Text>,
        data -> Text,
    }
}

diesel::table! {
    /// The append-only audit trail.
    audit_log (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_subject -> Text,
        actor_role -> Text,
        actor_org -> Nullable<Text>,
        request_id -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Text,
        before_state -> Nullable<Text>,
        after_state -> Nullable<Text>,
    }
}

diesel::table! {
    /// Case-number sequences per prefix and year.
    case_number_counters (scope) {
        scope -> Text,
        last_value -> BigInt,
    }
}

diesel::table! {
    /// Years whose holiday arrangement is loaded.
    calendar_years (year) {
        year -> Integer,
        source -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    /// Exceptions to Monday-to-Friday: holidays and working weekends.
    calendar_days (day) {
        day -> Date,
        working -> Bool,
        note -> Nullable<Text>,
    }
}

diesel::joinable!(complaint_steps -> complaints (complaint_id));
diesel::joinable!(complaints -> channels (channel));

diesel::allow_tables_to_appear_in_same_query!(
    channels,
    organisations,
    complaints,
    complaint_links,
    complaint_steps,
    events,
    audit_log,
    case_number_counters,
    calendar_years,
    calendar_days,
);
