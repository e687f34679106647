//! The integration-test binary: every behaviour through the real HTTP API, against a
//! fresh SQLite file or, with `LVYUE_TEST_DATABASE_URL=postgres://…`, a fresh PostgreSQL database.

mod helpers;

mod access;
mod audit;
mod auth;
mod contract;
mod credit_record;
mod deadlines;
mod event_contracts;
mod events;
mod group_commit;
mod guards;
mod intake;
mod lean_reads;
mod ledger;
mod meta;
mod obligation;
mod obligation_import;
mod obligation_walk;
mod openapi;
mod oversight;
mod partitions;
mod privacy;
mod registry;
mod repair;
mod replica;
mod sanction;
mod typical_cases;
mod validation;
mod verification;
mod webhooks;
