//! The command line: `serve` (default), `migrate`, `token`, `orgs import`, `calendar load`,
//! `credit-records import`, `openapi`.

pub mod audit;
pub mod bench_data;
pub mod bench_records;
pub mod calendar;
pub mod credit_records;
pub mod demo_tokens;
pub mod orgs;
pub mod token;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// lvyue 履约: government breach-of-contract complaints, from the first lead to the credit record.
#[derive(Debug, Parser)]
#[command(name = "lvyue", version)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the API (the default).
    Serve {
        /// Load a small demo region into an empty database.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Print a signed token (the token alone on stdout).
    Token {
        /// admin, credit_office, department, channel, auditor, sanction_checker, data_provider
        /// or credit_platform.
        #[arg(long)]
        role: String,
        /// The organisation's USCC (department, credit_office and data_provider).
        #[arg(long)]
        org: Option<String>,
        /// The channel code (channel).
        #[arg(long)]
        channel: Option<String>,
        /// Lifetime: 30m, 1h, 7d, 3600s (default 1h).
        #[arg(long, default_value = "1h")]
        ttl: String,
        /// The subject (default: cli:ROLE).
        #[arg(long)]
        sub: Option<String>,
    },
    /// The demo region (`serve --demo`).
    Demo {
        /// What to do with it.
        #[command(subcommand)]
        command: DemoCommand,
    },
    /// The organisation registry.
    Orgs {
        /// What to do with it.
        #[command(subcommand)]
        command: OrgsCommand,
    },
    /// The working-day calendar.
    Calendar {
        /// What to do with it.
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// The government credit record.
    CreditRecords {
        /// What to do with it.
        #[command(subcommand)]
        command: CreditRecordsCommand,
    },
    /// The audit trail.
    Audit {
        /// What to do with it.
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Fill the database with a generated region and N realistic cases, in bulk (for benchmarks).
    BenchData {
        /// How many cases.
        #[arg(long, default_value_t = 10_000)]
        cases: usize,
        /// How many credit records in force, with their measures (for the sanction check).
        #[arg(long, default_value_t = 0)]
        records: usize,
        /// Random seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

/// Demo subcommands.
#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Print one ready token per role of the demo region, with what each may do
    /// (`eval "$(lvyue demo tokens)"` sets $CHANNEL, $DEPARTMENT, $CREDIT_OFFICE, …).
    Tokens {
        /// Lifetime: 30m, 1h, 7d, 3600s (default 8h).
        #[arg(long, default_value = "8h")]
        ttl: String,
    },
}

/// Registry subcommands.
#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// Load organisations from CSV (header name,uscc,region_code,level,kind,parent_uscc,supervisor_uscc[,functions]; functions semicolon-separated) or JSON; all rows or none.
    Import {
        /// The file (.csv or .json).
        file: PathBuf,
    },
}

/// Audit trail subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Seal what is waiting and check the hash chain from the first entry: exit 0 with the
    /// count checked, or 1 naming the first broken entry.
    Verify {
        /// A head kept earlier (`GET /api/v1/audit-log/head`): its position…
        #[arg(long, requires = "chain_hash")]
        position: Option<i64>,
        /// …and its chain hash, which the chain must still have there.
        #[arg(long, requires = "position")]
        chain_hash: Option<String>,
    },
}

/// Calendar subcommands.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Load (or replace) a year's holiday arrangement from JSON: {"source", "holidays", "working_weekends"}.
    Load {
        /// The year.
        #[arg(long)]
        year: i32,
        /// The file.
        file: PathBuf,
    },
}

/// Credit record subcommands.
#[derive(Debug, Subcommand)]
pub enum CreditRecordsCommand {
    /// Import a data provider's records (.json array, .ndjson/.jsonl or .csv with a header
    /// line), up to 100,000 rows, streamed; prints the summary and every refused row.
    Import {
        /// The provider's 统一社会信用代码 (it must be in the registry).
        #[arg(long)]
        provider: String,
        /// Store nothing unless every row is good.
        #[arg(long)]
        all_or_nothing: bool,
        /// The file.
        file: PathBuf,
    },
}
