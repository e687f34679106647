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
        functions -> Text,
        abolished_at -> Nullable<Timestamp>,
        successor_id -> Nullable<Text>,
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
        audience -> Nullable<Text>,
        subject_org_id -> Nullable<Text>,
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
        txid -> BigInt,
        client_request_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// The hash chain sealing the audit trail, in commit order.
    audit_seals (position) {
        position -> BigInt,
        entry_id -> BigInt,
        entry_txid -> BigInt,
        entry_hash -> Text,
        chain_hash -> Text,
        sealed_at -> Timestamp,
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

diesel::table! {
    /// The registered contract a case is about (政府合同登记): named in the lead, or the one
    /// that escalated into it.
    complaint_contracts (complaint_id) {
        complaint_id -> Text,
        contract_id -> Text,
    }
}

diesel::table! {
    /// 办理进度: what a case in verification carries besides its row.
    complaint_progress (complaint_id) {
        complaint_id -> Text,
        accepted_at -> Nullable<Timestamp>,
        extension_limit_on -> Nullable<Date>,
        closed_at -> Nullable<Timestamp>,
        dispute_route -> Nullable<Text>,
        merged_into -> Nullable<Text>,
        extension_until -> Nullable<Date>,
        extension_reason -> Nullable<Text>,
        extension_requested_at -> Nullable<Timestamp>,
        extensions_granted -> Integer,
        urge_count -> Integer,
        last_urged_at -> Nullable<Timestamp>,
        feedback_until -> Nullable<Date>,
        satisfaction -> Nullable<Integer>,
        feedback_comment -> Nullable<Text>,
        feedback_at -> Nullable<Timestamp>,
        reopen_count -> Integer,
        complainant_sme -> Nullable<Bool>,
        forwarded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// 认定违约失信.
    breach_determinations (id) {
        id -> Text,
        complaint_id -> Text,
        determining_org_id -> Text,
        subject_org_id -> Nullable<Text>,
        subject_name -> Text,
        subject_uscc -> Nullable<Text>,
        basis -> Text,
        category -> Text,
        facts -> Text,
        amount_fen -> Nullable<BigInt>,
        grade -> Text,
        determined_by -> Text,
        determined_at -> Timestamp,
        early_remedy -> Nullable<Text>,
        determining_org_name -> Text,
        determining_org_uscc -> Text,
        cause -> Nullable<Text>,
        responsible -> Text,
    }
}

diesel::table! {
    /// The open deadlines the overdue sweep waits for (one per case).
    deadline_watch (complaint_id) {
        complaint_id -> Text,
        step -> Text,
        due_on -> Date,
    }
}

diesel::table! {
    /// The government credit record (政务信用记录): each record's current version.
    credit_records (id) {
        id -> Text,
        kind -> Text,
        subject_org_id -> Nullable<Text>,
        subject_uscc -> Nullable<Text>,
        subject_name -> Text,
        region_code -> Text,
        complaint_id -> Nullable<Text>,
        determination_id -> Nullable<Text>,
        provider_org_id -> Nullable<Text>,
        provider_ref -> Nullable<Text>,
        determining_org_id -> Nullable<Text>,
        determining_body -> Text,
        category -> Nullable<Text>,
        facts -> Text,
        amount_fen -> Nullable<BigInt>,
        grade -> Text,
        decided_on -> Date,
        repairable_from -> Date,
        expires_on -> Date,
        status -> Text,
        visibility -> Text,
        version -> Integer,
        content_hash -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        early_remedy -> Nullable<Text>,
    }
}

diesel::table! {
    /// Every version of every credit record (append-only).
    credit_record_versions (record_id, version) {
        record_id -> Text,
        version -> Integer,
        change -> Text,
        reason -> Nullable<Text>,
        snapshot -> Text,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    /// The catalogue of sanction measures (失信惩戒措施目录).
    sanction_measures (code) {
        code -> Text,
        name_zh -> Text,
        name_en -> Text,
        basis -> Text,
        implementer_kind -> Text,
        binds -> Text,
        benefits -> Text,
        trigger_kinds -> Text,
        trigger_min_grade -> Text,
        subject_kinds -> Text,
        waivable_on_early_remedy -> Bool,
        active -> Bool,
        version -> Integer,
        updated_at -> Timestamp,
        trigger_categories -> Text,
    }
}

diesel::table! {
    /// Every version of every catalogue entry.
    sanction_measure_versions (code, version) {
        code -> Text,
        version -> Integer,
        snapshot -> Text,
        reason -> Nullable<Text>,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    /// Measures in force (or ended) against subjects.
    sanctions (id) {
        id -> Text,
        measure_code -> Text,
        record_id -> Text,
        binds -> Text,
        target_uscc -> Text,
        target_name -> Text,
        region_code -> Text,
        implementer_kind -> Text,
        benefits -> Text,
        basis -> Text,
        starts_on -> Date,
        planned_end_on -> Date,
        ack_due_on -> Date,
        status -> Text,
        acknowledged_at -> Nullable<Timestamp>,
        acknowledged_by -> Nullable<Text>,
        implemented_on -> Nullable<Date>,
        document_number -> Nullable<Text>,
        implementation_note -> Nullable<Text>,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        imposition -> Nullable<Text>,
        implementer_region -> Text,
        implementer_org_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// What the sanction check reads.
    sanction_restrictions (target_uscc, benefit, sanction_id) {
        target_uscc -> Text,
        benefit -> Text,
        sanction_id -> Text,
        measure_code -> Text,
        measure_name -> Text,
        binds -> Text,
        basis -> Text,
        starts_on -> Date,
        planned_end_on -> Date,
        record_id -> Text,
        record_kind -> Text,
        record_grade -> Text,
    }
}

diesel::table! {
    /// The check log.
    sanction_checks (id) {
        id -> BigInt,
        checked_at -> Timestamp,
        checker -> Text,
        checker_org -> Nullable<Text>,
        request_id -> Text,
        subject_uscc -> Text,
        benefit -> Text,
        restricted -> Bool,
        sanction_ids -> Text,
    }
}

diesel::table! {
    /// Scheduled jobs' positions.
    job_state (name) {
        name -> Text,
        position -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Events a consumer could not read, waiting for an admin's retry.
    dead_letters (id) {
        id -> Text,
        consumer -> Text,
        event_id -> Text,
        event_type -> Text,
        error -> Text,
        status -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Webhook subscribers (channel platforms, the public credit platform).
    webhook_subscriptions (id) {
        id -> Text,
        name -> Text,
        url -> Text,
        secret -> Text,
        channel -> Nullable<Text>,
        region_code -> Nullable<Text>,
        event_types -> Text,
        active -> Bool,
        disabled_reason -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
        feed_txid -> BigInt,
        feed_id -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        credit_platform -> Bool,
    }
}

diesel::table! {
    /// One delivery of one event to one subscriber.
    webhook_deliveries (id) {
        id -> BigInt,
        subscription_id -> Text,
        event_id -> Text,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        give_up_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Each attempt of a delivery.
    webhook_attempts (id) {
        id -> BigInt,
        delivery_id -> BigInt,
        attempt -> Integer,
        manual -> Bool,
        attempted_at -> Timestamp,
        duration_ms -> BigInt,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    /// 信用修复申请.
    repair_applications (id) {
        id -> Text,
        record_id -> Text,
        subject_org_id -> Nullable<Text>,
        subject_uscc -> Nullable<Text>,
        subject_name -> Text,
        region_code -> Text,
        deciding_org_id -> Nullable<Text>,
        deciding_body -> Text,
        applicant -> Text,
        applicant_org_id -> Nullable<Text>,
        on_behalf -> Bool,
        statement -> Text,
        evidence -> Text,
        pledge -> Text,
        status -> Text,
        due_on -> Nullable<Date>,
        paused_working_days -> Nullable<Integer>,
        decision_note -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 信用异议.
    credit_objections (id) {
        id -> Text,
        record_id -> Text,
        subject_org_id -> Nullable<Text>,
        subject_uscc -> Nullable<Text>,
        subject_name -> Text,
        region_code -> Text,
        deciding_org_id -> Nullable<Text>,
        deciding_body -> Text,
        objector -> Text,
        objector_org_id -> Nullable<Text>,
        reasons -> Text,
        evidence -> Text,
        measures_suspended -> Bool,
        status -> Text,
        due_on -> Date,
        decision_note -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The steps of repair applications and objections.
    repair_steps (id) {
        id -> BigInt,
        item_id -> Text,
        action -> Text,
        status -> Text,
        note -> Nullable<Text>,
        attachments -> Text,
        actor_subject -> Text,
        actor_role -> Text,
        actor_org -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::joinable!(complaint_steps -> complaints (complaint_id));
diesel::joinable!(complaints -> channels (channel));
diesel::joinable!(complaint_progress -> complaints (complaint_id));
diesel::joinable!(deadline_watch -> complaints (complaint_id));
diesel::joinable!(credit_record_versions -> credit_records (record_id));
diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::table! {
    /// Oversight's facts about each case, built from the event feed.
    oversight_case_facts (complaint_id) {
        complaint_id -> Text,
        region_code -> Text,
        channel -> Text,
        field -> Text,
        handling_org_id -> Nullable<Text>,
        received_on -> Date,
        route_due_on -> Nullable<Date>,
        routed_on -> Nullable<Date>,
        accept_due_on -> Nullable<Date>,
        accepted_on -> Nullable<Date>,
        conclude_due_on -> Nullable<Date>,
        concluded_on -> Nullable<Date>,
        working_days_to_conclusion -> Nullable<Integer>,
        next_due_on -> Nullable<Date>,
        closed -> Bool,
        overdue_events -> Integer,
        urged -> Integer,
        extended -> Integer,
        determined -> Bool,
        rectified_or_settled -> Bool,
        reopened -> Integer,
        satisfaction -> Nullable<Integer>,
        respondent_uscc -> Nullable<Text>,
    }
}

diesel::table! {
    /// Assessment schemes (考核方案).
    assessment_schemes (code) {
        code -> Text,
        region_code -> Text,
        name -> Text,
        unit -> Text,
        metrics -> Text,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Assessments (考核).
    assessments (id) {
        id -> Text,
        scheme_code -> Text,
        scheme -> Text,
        region_code -> Text,
        period -> Text,
        period_from -> Date,
        period_to -> Date,
        status -> Text,
        results -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        frozen_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Circulars (通报).
    circulars (id) {
        id -> Text,
        region_code -> Text,
        period -> Text,
        title -> Text,
        body -> Text,
        kind -> Text,
        units -> Text,
        cases -> Text,
        records -> Text,
        attachments -> Text,
        status -> Text,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Typical cases (典型案例).
    typical_cases (id) {
        id -> Text,
        region_code -> Text,
        record_id -> Text,
        complaint_id -> Nullable<Text>,
        subject_name -> Text,
        subject_uscc -> Nullable<Text>,
        subject_org_id -> Nullable<Text>,
        determining_org_id -> Nullable<Text>,
        grade -> Text,
        amount_fen -> Nullable<BigInt>,
        decided_on -> Date,
        title -> Text,
        summary -> Text,
        criteria -> Text,
        status -> Text,
        withdrawal_reason -> Nullable<Text>,
        withdrawal_note -> Nullable<Text>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The departments' opinions on a typical case (会同有关单位).
    typical_case_opinions (id) {
        id -> Text,
        typical_case_id -> Text,
        org_id -> Text,
        org_name -> Text,
        position -> Text,
        opinion -> Text,
        given_by -> Text,
        given_at -> Timestamp,
    }
}

diesel::table! {
    /// Refused import rows per provider, day and reason (data quality).
    import_refusals (provider_org_id, day, reason) {
        provider_org_id -> Text,
        day -> Date,
        reason -> Text,
        rows_refused -> BigInt,
    }
}

diesel::table! {
    /// Government contracts (政府合同).
    contracts (id) {
        id -> Text,
        org_id -> Text,
        region_code -> Text,
        reference -> Text,
        number -> Nullable<Text>,
        title -> Text,
        kind -> Text,
        counterparty_name -> Text,
        counterparty_uscc -> Nullable<Text>,
        counterparty_private -> Bool,
        counterparty_sme -> Bool,
        project -> Nullable<Text>,
        signed_on -> Date,
        amount_fen -> Nullable<BigInt>,
        confidential -> Bool,
        decision_checklist -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        lawful_change -> Nullable<Text>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_out_at -> Nullable<Timestamp>,
        escalated_case_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// A contract's obligations and payment milestones.
    contract_milestones (id) {
        id -> Text,
        contract_id -> Text,
        what -> Text,
        due_on -> Date,
        amount_fen -> Nullable<BigInt>,
        performed_fen -> BigInt,
        met -> Bool,
        met_on -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A contract's history: performance, risks, lawful changes, close-out (append-only).
    contract_entries (id) {
        id -> Text,
        contract_id -> Text,
        kind -> Text,
        milestone_id -> Nullable<Text>,
        amount_fen -> Nullable<BigInt>,
        in_full -> Bool,
        note -> Text,
        evidence -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    /// Government commitments (政务承诺).
    commitments (id) {
        id -> Text,
        org_id -> Text,
        region_code -> Text,
        reference -> Text,
        official_name -> Nullable<Text>,
        kind -> Text,
        source_kind -> Text,
        source_title -> Text,
        source_number -> Nullable<Text>,
        content -> Text,
        beneficiaries -> Nullable<Text>,
        promised_on -> Date,
        due_on -> Date,
        status -> Text,
        lawful_change -> Nullable<Text>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A commitment's fulfilment entries (append-only).
    commitment_fulfilments (id) {
        id -> Text,
        commitment_id -> Text,
        in_full -> Bool,
        note -> Text,
        evidence -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    /// Warnings about obligations (风险提示和警示).
    warnings (id) {
        id -> Text,
        dedupe_key -> Text,
        kind -> Text,
        org_id -> Text,
        region_code -> Text,
        contract_id -> Nullable<Text>,
        commitment_id -> Nullable<Text>,
        milestone_id -> Nullable<Text>,
        due_on -> Nullable<Date>,
        detail -> Text,
        status -> Text,
        raised_on -> Date,
        action_taken -> Nullable<Text>,
        acknowledged_by -> Nullable<Text>,
        acknowledged_at -> Nullable<Timestamp>,
        escalated_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Units' monthly confirmations that their lists are current.
    monthly_reports (org_id, month) {
        org_id -> Text,
        month -> Text,
        submitted_by -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::joinable!(contract_milestones -> contracts (contract_id));
diesel::joinable!(contract_entries -> contracts (contract_id));
diesel::joinable!(commitment_fulfilments -> commitments (commitment_id));

diesel::joinable!(typical_case_opinions -> typical_cases (typical_case_id));

diesel::table! {
    /// Self-inspection campaigns (专项治理自查).
    campaigns (id) {
        id -> Text,
        office_org_id -> Text,
        region_code -> Text,
        title -> Text,
        categories -> Text,
        problem_list_due_on -> Date,
        self_inspection_due_on -> Date,
        plan_due_on -> Date,
        rectification_report_due_on -> Date,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The units taking part in a campaign.
    campaign_units (campaign_id, org_id) {
        campaign_id -> Text,
        org_id -> Text,
    }
}

diesel::table! {
    /// What a unit submitted to a campaign (问题清单、自查报告、整改方案、整改报告).
    campaign_submissions (id) {
        id -> Text,
        campaign_id -> Text,
        org_id -> Text,
        kind -> Text,
        note -> Text,
        documents -> Text,
        submitted_by -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    /// Lateness announced once.
    ledger_late_notices (key) {
        key -> Text,
        noticed_at -> Timestamp,
    }
}

diesel::table! {
    /// The problem ledger (问题台账).
    ledger_items (id) {
        id -> Text,
        campaign_id -> Nullable<Text>,
        org_id -> Text,
        region_code -> Text,
        reference -> Text,
        source -> Text,
        source_ref -> Nullable<Text>,
        subject_name -> Text,
        subject_uscc -> Nullable<Text>,
        creditor_name -> Nullable<Text>,
        creditor_uscc -> Nullable<Text>,
        responsible -> Text,
        category -> Text,
        field -> Nullable<Text>,
        cause -> Text,
        handling_opinion -> Nullable<Text>,
        arrears_fen -> BigInt,
        repaid_fen -> BigInt,
        status -> Text,
        plan -> Nullable<Text>,
        plan_revision -> Integer,
        escalated_case_id -> Nullable<Text>,
        rectified_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A ledger item's history: plan revisions, step progress, repayments, close.
    ledger_entries (id) {
        id -> Text,
        item_id -> Text,
        kind -> Text,
        step_no -> Nullable<Integer>,
        amount_fen -> Nullable<BigInt>,
        on_date -> Nullable<Date>,
        note -> Text,
        body -> Nullable<Text>,
        evidence -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    /// The ledger item a case grew from.
    complaint_ledger_items (complaint_id) {
        complaint_id -> Text,
        ledger_item_id -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    campaigns,
    campaign_units,
    campaign_submissions,
    ledger_late_notices,
    ledger_items,
    ledger_entries,
    complaint_ledger_items,
    channels,
    organisations,
    complaints,
    complaint_contracts,
    complaint_links,
    complaint_steps,
    events,
    audit_log,
    audit_seals,
    case_number_counters,
    calendar_years,
    calendar_days,
    complaint_progress,
    breach_determinations,
    job_state,
    dead_letters,
    deadline_watch,
    credit_records,
    credit_record_versions,
    sanction_measures,
    sanction_measure_versions,
    sanctions,
    sanction_restrictions,
    sanction_checks,
    webhook_subscriptions,
    webhook_deliveries,
    webhook_attempts,
    repair_applications,
    credit_objections,
    repair_steps,
    oversight_case_facts,
    assessment_schemes,
    assessments,
    circulars,
    typical_cases,
    typical_case_opinions,
    import_refusals,
    contracts,
    contract_milestones,
    contract_entries,
    commitments,
    commitment_fulfilments,
    warnings,
    monthly_reports,
);
