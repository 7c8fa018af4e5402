//! The command line: no subcommand opens the viewer; `check` validates a dossier, `render`
//! writes a slide, `at` says what was at a place on a day, `mentions` the places a text names.

mod mentions_cli;

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use karabakh_atlas::data::{self, Dataset, check::Report};
use karabakh_atlas::map::tiles::TileSource;
use karabakh_atlas::scene::view::parse_lat_lon;
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
    #[arg(long, value_name = "DATE", value_parser = Day::parse)]
    date: Option<Day>,
    /// The map's centre, LAT,LON in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    center: Option<(f64, f64)>,
    /// The map's zoom level (3 to 18; 8 shows the whole region).
    #[arg(long, value_name = "Z", value_parser = parse_zoom)]
    zoom: Option<f64>,
    /// Select a feature by its id.
    #[arg(long, value_name = "ID")]
    select: Option<String>,
    /// Start in the dark theme.
    #[arg(long)]
    dark: bool,
    /// Add a layer or document: GeoJSON, KML, .txt or .md (repeatable).
    #[arg(long = "layer", value_name = "FILE")]
    layers: Vec<PathBuf>,
    /// Show OpenStreetMap raster tiles (online, cached on disk) over the offline basemap.
    #[arg(long)]
    online: bool,
    /// Show raster tiles from a z/x/y folder or a .pmtiles file over the offline basemap.
    #[arg(long, value_name = "PATH")]
    tiles: Option<PathBuf>,
    /// Redraw continuously, without waiting for the display, and print frame times once a
    /// second (for measuring).
    #[arg(long)]
    frame_stats: bool,
}

/// `at`: what was at a place on a day.
#[derive(clap::Args)]
struct AtArgs {
    /// The place, LAT,LON in degrees.
    #[arg(value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    point: (f64, f64),
    /// The day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = Day::parse)]
    date: Day,
    /// Also list what lies within this many km (geodesic) of the place.
    #[arg(long, value_name = "KM", default_value_t = 0.0, value_parser = parse_km, allow_hyphen_values = true)]
    within: f64,
    /// Write a JSON array instead of a table.
    #[arg(long)]
    json: bool,
    /// Another dossier folder (with geodata/ and seeds/).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(flatten)]
    names: cli::names::NameArgs,
}

fn parse_km(text: &str) -> anyhow::Result<f64> {
    match text.trim().parse::<f64>() {
        Ok(km) if km.is_finite() && km >= 0.0 => Ok(km),
        Ok(_) => bail!("{text:?}: the distance must be a number of km, 0 or more"),
        Err(_) => bail!("{text:?}: expected a number of km"),
    }
}

fn parse_zoom(text: &str) -> anyhow::Result<f64> {
    let range = data::story::ZOOM_RANGE;
    match text.trim().parse::<f64>() {
        Ok(z) if range.contains(&z) => Ok(z),
        _ => bail!(
            "{text:?}: the zoom must be a number from {} to {}",
            range.start(),
            range.end()
        ),
    }
}

/// The dossier in `dir`, or the built-in one.
fn load_dossier(dir: Option<&Path>) -> Dataset {
    match dir {
        Some(dir) => data::load_dir(dir),
        None => data::load_embedded(),
    }
}

/// The dossier for a command that writes its answer: its problems are warnings on the way.
fn load_dossier_warning(dir: Option<&Path>) -> Dataset {
    let dataset = load_dossier(dir);
    for problem in &dataset.problems {
        log::warn!("{problem}");
    }
    dataset
}

fn at(args: AtArgs) -> anyhow::Result<()> {
    use karabakh_atlas::data::query;
    let dataset = load_dossier_warning(args.data.as_deref());
    let (lat, lon) = args.point;
    let point = geo::Point::new(lon, lat);
    let style = args.names.style();
    if args.json {
        let names = dataset.names_on(style, Some(args.date));
        let records: Vec<query::Record> = query::at(&dataset, point, Some(args.date), args.within)
            .into_iter()
            .filter_map(|found| query::Record::new(&dataset, found, &names))
            .collect();
        let text = serde_json::to_string_pretty(&records).context("cannot write JSON")?;
        println!("{text}");
    } else {
        print!(
            "{}",
            query::report(&dataset, point, args.date, args.within, style)
        );
    }
    Ok(())
}

/// The command's exit: success, or its error on one line (each cause once) and code 2.
fn exit_with(command: &str, result: anyhow::Result<()>) -> ExitCode {
    let Err(error) = result else {
        return ExitCode::SUCCESS;
    };
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        // A library's error may already say its cause in its own message.
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    eprintln!("karabakh-atlas {command}: {line}");
    ExitCode::from(2)
}

#[derive(Subcommand)]
enum Command {
    /// Write the map as a slide (PNG or SVG) without a window: the picture of presentation mode.
    Render(Box<cli::render::RenderArgs>),
    /// Validate a dossier and report its layers, excerpts and problems (exit 1 on any error).
    Check {
        /// A dossier folder with geodata/ and seeds/ (default: the embedded Karabakh dossier).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
    /// What was at a place on a day: the features that contain it (or lie within --within
    /// km), who held it, with their dates, accuracy and sources.
    At(Box<AtArgs>),
    /// The places a text mentions, as the window suggests them: the place's id (or every
    /// candidate, when the name is ambiguous), the words, their byte offsets, the sentence and
    /// the date it reads.
    Mentions(Box<mentions_cli::MentionsArgs>),
    /// The sources of a feature or a story as CSL-JSON or BibTeX, for a reference manager.
    Cite(Box<cli::cite::CiteArgs>),
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
        Some(Command::Render(args)) => exit_with("render", cli::render::render(*args)),
        Some(Command::At(args)) => exit_with("at", at(*args)),
        Some(Command::Mentions(args)) => exit_with("mentions", mentions_cli::mentions(*args)),
        Some(Command::Cite(args)) => exit_with("cite", cli::cite::cite(*args)),
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
    let dataset = load_dossier(args.data.as_deref());
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
        // Measuring wants the time a frame takes, not the display's refresh rate.
        glow_options: eframe::egui_glow::GlowConfiguration {
            vsync: !args.frame_stats,
            ..Default::default()
        },
        ..Default::default()
    };
    let result = eframe::run_native(
        "Karabakh Atlas",
        options,
        Box::new(move |cc| {
            karabakh_atlas::ui::persist::restore(&mut app, cc.storage);
            app.add_files(args.layers, &cc.egui_ctx);
            if args.dark {
                app.state.dark = true;
            }
            if args.frame_stats {
                app.frame_stats = Some(Default::default());
            }
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
    let dataset = load_dossier(dir.as_deref());
    let source = dir.map_or_else(
        || "embedded dossier".to_owned(),
        |d| d.display().to_string(),
    );
    let report = Report {
        source,
        dataset: &dataset,
        warnings: mentions_cli::unreviewed_warnings(&dataset),
    };
    println!("{report}");
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
