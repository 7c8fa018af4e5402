//! The command line: no subcommand opens the viewer; `check` validates a dossier.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use karabakh_atlas::data::{self, check::Report};
use karabakh_atlas::map::tiles::TileSource;

#[derive(Parser)]
#[command(
    name = "karabakh-atlas",
    version,
    about = "A map of the Nagorno-Karabakh region, date by date, linked to its sources"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Show OpenStreetMap raster tiles (online, cached on disk) over the offline basemap.
    #[arg(long)]
    online: bool,
    /// Show raster tiles from a z/x/y folder or a .pmtiles file over the offline basemap.
    #[arg(long, value_name = "PATH")]
    tiles: Option<PathBuf>,
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
    // walkers warns once per tile it cannot download: offline, that is a line per tile in view.
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,walkers=error"),
    )
    .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { data }) => check(data),
        None => view(cli.online, cli.tiles.as_deref()),
    }
}

fn view(online: bool, tiles: Option<&std::path::Path>) -> ExitCode {
    let local_tiles = match tiles.map(TileSource::from_path).transpose() {
        Ok(source) => source,
        Err(e) => {
            eprintln!("karabakh-atlas: --tiles {e}");
            return ExitCode::from(2);
        }
    };
    let dataset = data::load_embedded();
    let mut app = karabakh_atlas::ui::AtlasApp::new(dataset);
    app.state.tiles = local_tiles
        .clone()
        .or(online.then_some(TileSource::OpenStreetMap));
    app.state.local_tiles = local_tiles;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Karabakh Atlas")
            .with_inner_size([1500.0, 940.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Karabakh Atlas",
        options,
        Box::new(|cc| {
            karabakh_atlas::ui::persist::restore(&mut app, cc.storage);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("karabakh-atlas: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check(dir: Option<PathBuf>) -> ExitCode {
    let (dataset, source) = match &dir {
        Some(dir) => (data::load_dir(dir), dir.display().to_string()),
        None => (data::load_embedded(), "embedded dossier".to_owned()),
    };
    let report = Report {
        source,
        dataset: &dataset,
    };
    println!("{report}");
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
