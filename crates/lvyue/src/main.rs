//! The `lvyue` binary.

use clap::Parser;
use lvyue::cli::{AuditCommand, CalendarCommand, Cli, Command, CreditRecordsCommand, DemoCommand, OrgsCommand};
use lvyue::config::Config;
use lvyue::error::RunError;
use lvyue::startup::Application;
use lvyue::{cli, demo, telemetry};
use std::process::ExitCode;

/// mimalloc instead of glibc malloc: list pages and JSON are allocation-heavy, and glibc's
/// fastbin consolidation showed as a fifth of the server's CPU under load (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("lvyue: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let outcome = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(config, demo),
        Command::Migrate => lvyue::startup::prepare_database(&config, &lvyue_core::clock::SystemClock).map(|_| {
            eprintln!("migrations applied");
        }),
        Command::Token { role, org, channel, ttl, sub } => {
            cli::token::run(&config, &role, org.as_deref(), channel.as_deref(), &ttl, sub.as_deref())
                .map(|t| println!("{t}"))
        }
        Command::Demo { command: DemoCommand::Tokens { ttl } } => cli::token::parse_ttl(&ttl)
            .and_then(|ttl| cli::demo_tokens::run(&config, ttl))
            .map(|lines| print!("{lines}")),
        Command::Orgs { command: OrgsCommand::Import { file } } => cli::orgs::run(&config, &file).map(|r| {
            println!(
                "imported {} rows: {} created, {} updated, {} unchanged",
                r.rows, r.created, r.updated, r.unchanged
            )
        }),
        Command::Calendar { command: CalendarCommand::Load { year, file } } => cli::calendar::run(&config, year, &file)
            .map(|y| {
                println!(
                    "loaded {}: {} holidays, {} working weekends ({})",
                    y.year,
                    y.holidays.len(),
                    y.working_weekends.len(),
                    y.source
                )
            }),
        Command::CreditRecords { command: CreditRecordsCommand::Import { provider, all_or_nothing, file } } => {
            cli::credit_records::run(&config, &provider, all_or_nothing, &file)
        }
        Command::BenchData { cases, records, seed } => cli::bench_data::run(&config, cases, records, seed),
        Command::Audit { command: AuditCommand::Verify { position, chain_hash } } => {
            match cli::audit::verify(&config, position.zip(chain_hash)) {
                Ok(v) if v.verified => {
                    println!(
                        "audit trail verified: {} entries, head {} {}",
                        v.entries_checked, v.head.position, v.head.chain_hash
                    );
                    Ok(())
                }
                Ok(v) => {
                    let b = v.first_broken.unwrap_or(lvyue_outbox::audit_chain::BrokenLink {
                        position: 0,
                        entry_id: 0,
                        reason: "unknown".to_owned(),
                    });
                    eprintln!(
                        "lvyue: audit trail broken at position {} (entry {}): {}; {} entries before it hold",
                        b.position, b.entry_id, b.reason, v.entries_checked
                    );
                    return ExitCode::FAILURE;
                }
                Err(e) => Err(e),
            }
        }
        Command::Openapi => {
            serde_json::to_string_pretty(&lvyue::api::openapi()).map(|s| println!("{s}")).map_err(RunError::from)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lvyue: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config, load_demo: bool) -> Result<(), RunError> {
    let runtime = actix_web::rt::System::new();
    runtime.block_on(async move {
        let app = Application::build(config)?;
        if load_demo {
            let mut conn = app.state().write_pool.get()?;
            match demo::load_if_empty(&mut conn, app.state().now())? {
                Some(report) => tracing::info!(created = report.created, "loaded the demo region (蚌埠市)"),
                None => tracing::info!("registry not empty; demo data not loaded"),
            }
        }
        app.run_until_stopped().await.map_err(RunError::Server)
    })
}
