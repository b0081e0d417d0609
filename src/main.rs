//! `breachscope`: scope a ransomware breach from the evidence a responder
//! holds. See README.md and ../shared/docs/DESIGN.md for the contract.

mod cli;
mod demo;
mod inventory;
mod keyfile;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Inventory(args) => inventory::run(args),
        cli::Command::Demo(args) => demo::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("breachscope: {e:#}");
            ExitCode::from(1)
        }
    }
}
