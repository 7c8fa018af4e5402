//! The command line: no subcommand opens the viewer; `check` validates a dossier.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use karabakh_atlas::data::{self, check::Report};
use karabakh_atlas::map::tiles::TileSource;
use karabakh_atlas::time::Day;

#[derive(Parser)]
#[command(
    name = "karabakh-atlas",
    version,
    about = "A map of the Nagorno-Karabakh region, date by date, linked to its sources"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    view: ViewArgs,
}

/// How the viewer opens (each overrides what was remembered from the last run).
#[derive(clap::Args)]
struct ViewArgs {
    /// Open another dossier folder (with geodata/ and seeds/) instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The day to show, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    date: Option<Day>,
    /// The map's centre, LAT,LON in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    center: Option<(f64, f64)>,
    /// The map's zoom level (3 to 18; 8 shows the whole region).
    #[arg(long, value_name = "Z")]
    zoom: Option<f64>,
    /// Select a feature by its id.
    #[arg(long, value_name = "ID")]
    select: Option<String>,
    /// Show OpenStreetMap raster tiles (online, cached on disk) over the offline basemap.
    #[arg(long)]
    online: bool,
    /// Show raster tiles from a z/x/y folder or a .pmtiles file over the offline basemap.
    #[arg(long, value_name = "PATH")]
    tiles: Option<PathBuf>,
}

fn parse_day(text: &str) -> Result<Day, String> {
    Day::parse(text).map_err(|e| e.to_string())
}

fn parse_lat_lon(text: &str) -> Result<(f64, f64), String> {
    karabakh_atlas::scene::view::parse_lat_lon(text)
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
        None => view(cli.view),
    }
}

fn view(args: ViewArgs) -> ExitCode {
    let local_tiles = match args.tiles.as_deref().map(TileSource::from_path).transpose() {
        Ok(source) => source,
        Err(e) => {
            eprintln!("karabakh-atlas: --tiles {e}");
            return ExitCode::from(2);
        }
    };
    let dataset = match &args.data {
        Some(dir) => data::load_dir(dir),
        None => data::load_embedded(),
    };
    if let Some(id) = &args.select
        && dataset.feature(id).is_none()
    {
        eprintln!("karabakh-atlas: --select: no feature with id {id:?}");
        return ExitCode::from(2);
    }
    let mut app = karabakh_atlas::ui::AtlasApp::new(dataset);
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
        Box::new(move |cc| {
            karabakh_atlas::ui::persist::restore(&mut app, cc.storage);
            app.state.tiles = local_tiles
                .clone()
                .or(args.online.then_some(TileSource::OpenStreetMap));
            app.state.local_tiles = local_tiles;
            if let Some(day) = args.date {
                app.state.day = day;
                app.state.all_dates = false;
            }
            if let Some(id) = args.select {
                app.state.selected = vec![id];
            }
            if args.center.is_some() || args.zoom.is_some() {
                let (lat, lon) = args.center.unwrap_or((40.0, 46.2));
                app.map.center_at(lon, lat, args.zoom.unwrap_or(9.0));
            }
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
