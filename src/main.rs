//! The command line: `check` validates a dossier.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use karabakh_atlas::data::{self, check::Report};

#[derive(Parser)]
#[command(name = "karabakh-atlas", version, about = "A map of the Nagorno-Karabakh region, date by date, linked to its sources")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a dossier and report its layers, excerpts and problems (exit 1 on any error).
    Check {
        /// A dossier folder with geodata/ and seeds/ (default: the embedded Karabakh dossier).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { data }) => check(data),
        None => {
            eprintln!("the viewer is not built yet; try `karabakh-atlas check`");
            ExitCode::FAILURE
        }
    }
}

fn check(dir: Option<PathBuf>) -> ExitCode {
    let (dataset, source) = match &dir {
        Some(dir) => (data::load_dir(dir), dir.display().to_string()),
        None => (data::load_embedded(), "embedded dossier".to_owned()),
    };
    let report = Report { source, dataset: &dataset };
    println!("{report}");
    if report.is_ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
