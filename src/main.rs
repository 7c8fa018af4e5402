//! The command line: no subcommand opens the viewer; `check` validates a dossier, `render`
//! writes a slide, `at` says what was at a place on a day.

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

#[derive(clap::Args)]
struct RenderArgs {
    /// The day to show, YYYY-MM-DD (default: 2023-09-20).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    date: Option<Day>,
    /// Show every feature whatever its dates.
    #[arg(long, conflicts_with = "date")]
    all_dates: bool,
    /// The map's centre, LAT,LON in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true, conflicts_with = "bbox")]
    center: Option<(f64, f64)>,
    /// The zoom level (3 to 18).
    #[arg(long, value_name = "Z")]
    zoom: Option<f64>,
    /// The box to fit, WEST,SOUTH,EAST,NORTH in degrees.
    #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox, allow_hyphen_values = true)]
    bbox: Option<[f64; 4]>,
    /// The image size in units (pixels at scale 1), WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1920x1080")]
    size: (f32, f32),
    /// Pixels per unit in a PNG: 2 or 4 for sharp slides.
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    scale: f32,
    /// Highlight a feature; its first excerpt becomes the caption unless --caption is given.
    #[arg(long, value_name = "ID")]
    select: Option<String>,
    /// A caption under the map.
    #[arg(long, value_name = "TEXT")]
    caption: Option<String>,
    /// The slide's title.
    #[arg(long, value_name = "TEXT", default_value = karabakh_atlas::scene::slide::DEFAULT_TITLE)]
    title: String,
    #[command(flatten)]
    names: NameArgs,
    /// png or svg (default: from the file name).
    #[arg(long, value_parser = ["png", "svg"])]
    format: Option<String>,
    /// Layers to leave out, by id (repeatable).
    #[arg(long = "hide-layer", value_name = "LAYER")]
    hide_layers: Vec<String>,
    /// Another dossier folder (with geodata/ and seeds/).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// The file to write.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        required_unless_present = "each_event"
    )]
    output: Option<PathBuf>,
    /// Write one image per event of the timeline into DIR, named by date, for a slide deck.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "date", "all_dates"])]
    each_event: Option<PathBuf>,
}

/// How disputed names read, on the command line as in the legend.
#[derive(clap::Args)]
struct NameArgs {
    /// How disputed names read: admin (or by-date: the usage of the side that administered the
    /// place on the date first), both (as written), hy (Armenian usage first), az (Azerbaijani
    /// usage first).
    #[arg(long, value_parser = ["admin", "by-date", "both", "hy", "az"], default_value = "admin")]
    names: String,
    /// Write names in their native scripts (Ստեփանակերտ / Xankəndi).
    #[arg(long)]
    native_script: bool,
}

impl NameArgs {
    fn style(&self) -> data::NameStyle {
        data::NameStyle {
            order: match self.names.as_str() {
                "hy" => data::NameOrder::ArmenianFirst,
                "az" => data::NameOrder::AzerbaijaniFirst,
                "both" => data::NameOrder::Both,
                _ => data::NameOrder::ByAdministration,
            },
            native: self.native_script,
        }
    }
}

/// `at`: what was at a place on a day.
#[derive(clap::Args)]
struct AtArgs {
    /// The place, LAT,LON in degrees.
    #[arg(value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    point: (f64, f64),
    /// The day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
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
    names: NameArgs,
}

fn parse_km(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(km) if km.is_finite() && km >= 0.0 => Ok(km),
        Ok(_) => Err(format!(
            "{text:?}: the distance must be a number of km, 0 or more"
        )),
        Err(_) => Err(format!("{text:?}: expected a number of km")),
    }
}

fn at(args: AtArgs) -> Result<(), String> {
    use karabakh_atlas::data::query;
    let dataset = match &args.data {
        Some(dir) => data::load_dir(dir),
        None => data::load_embedded(),
    };
    for problem in &dataset.problems {
        log::warn!("{problem}");
    }
    let (lat, lon) = args.point;
    let point = geo::Point::new(lon, lat);
    let style = args.names.style();
    if args.json {
        let names = dataset.names_on(style, Some(args.date));
        let records: Vec<query::Record> = query::at(&dataset, point, Some(args.date), args.within)
            .into_iter()
            .filter_map(|found| query::Record::new(&dataset, found, &names))
            .collect();
        let text = serde_json::to_string_pretty(&records)
            .map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!(
            "{}",
            query::report(&dataset, point, args.date, args.within, style)
        );
    }
    Ok(())
}

fn parse_bbox(text: &str) -> Result<[f64; 4], String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{text:?}: expected W,S,E,N"))?;
    let [w, s, e, n] = numbers[..] else {
        return Err(format!("{text:?}: expected four numbers W,S,E,N"));
    };
    if !(w < e
        && s < n
        && (-180.0..=180.0).contains(&w)
        && (-180.0..=180.0).contains(&e)
        && (-85.0..=85.0).contains(&s)
        && (-85.0..=85.0).contains(&n))
    {
        return Err(format!(
            "{text:?}: need west < east within ±180 and south < north within ±85"
        ));
    }
    Ok([w, s, e, n])
}

fn parse_size(text: &str) -> Result<(f32, f32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{text:?}: expected WIDTHxHEIGHT"))?;
    let (Ok(w), Ok(h)) = (w.trim().parse::<u32>(), h.trim().parse::<u32>()) else {
        return Err(format!("{text:?}: expected WIDTHxHEIGHT in whole pixels"));
    };
    if !(200..=8000).contains(&w) || !(200..=8000).contains(&h) {
        return Err(format!(
            "{text:?}: width and height must be between 200 and 8000"
        ));
    }
    Ok((w as f32, h as f32))
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(s) if (0.5..=8.0).contains(&s) => Ok(s),
        _ => Err(format!("{text:?}: scale must be a number from 0.5 to 8")),
    }
}

fn render(args: RenderArgs) -> Result<(), String> {
    use karabakh_atlas::export::{self, Format, Picture};
    use karabakh_atlas::scene::slide;
    let dataset = match &args.data {
        Some(dir) => data::load_dir(dir),
        None => data::load_embedded(),
    };
    for problem in &dataset.problems {
        log::warn!("{problem}");
    }
    if let Some(id) = &args.select
        && dataset.feature(id).is_none()
    {
        return Err(format!(
            "--select: no feature with id {id:?} (see `karabakh-atlas check` for the ids)"
        ));
    }
    let format_of = |path: &std::path::Path| -> Result<Format, String> {
        match args.format.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some(_) => Ok(Format::Png),
            None => Format::of_path(path).ok_or_else(|| {
                format!("{}: name it .png or .svg, or give --format", path.display())
            }),
        }
    };
    let prepared = karabakh_atlas::scene::Prepared::new(
        &dataset,
        &karabakh_atlas::data::basemap::Basemap::embedded(),
    );
    let view = export::view_for(args.center, args.zoom, args.bbox, args.size.0, args.size.1);
    let mut inputs = karabakh_atlas::scene::SceneInputs::new(view);
    inputs.hidden_layers = args.hide_layers.iter().cloned().collect();
    inputs.names = args.names.style();
    let picture =
        |day: Option<Day>, selected: Vec<String>, caption: Option<(String, String)>| Picture {
            inputs: karabakh_atlas::scene::SceneInputs {
                day,
                ..inputs.clone()
            },
            slide: slide::SlideOptions {
                title: args.title.clone(),
                day,
                caption,
                tiles_credit: None,
            },
            selected,
            scale: args.scale,
        };
    // A caption given on the command line is the user's own words: no quotes, no source.
    let caption_of = |selected: &[String]| match &args.caption {
        Some(text) => Some((text.clone(), String::new())),
        None => slide::caption_for(&dataset, selected),
    };

    if let Some(dir) = &args.each_event {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
        let format = match args.format.as_deref() {
            Some("svg") => Format::Svg,
            _ => Format::Png,
        };
        let events = karabakh_atlas::data::timeline::events_of(&dataset);
        for event in &events {
            let Some(feature) = dataset.features.get(event.feature) else {
                continue;
            };
            let selected = vec![feature.id.clone()];
            let bytes = export::render(
                &dataset,
                &prepared,
                &picture(Some(event.first), selected.clone(), caption_of(&selected)),
                format,
            )
            .map_err(|e| e.to_string())?;
            let path = dir.join(format!(
                "{}-{}.{}",
                event.first,
                feature.id,
                format.extension()
            ));
            export::write_atomic(&path, &bytes, args.force).map_err(|e| e.to_string())?;
            println!("{}", path.display());
        }
        return Ok(());
    }

    let Some(output) = &args.output else {
        return Err("give -o FILE or --each-event DIR".to_owned());
    };
    let format = format_of(output)?;
    let day = if args.all_dates {
        None
    } else {
        Some(
            args.date
                .unwrap_or_else(karabakh_atlas::data::embedded::opening_day),
        )
    };
    let selected: Vec<String> = args.select.iter().cloned().collect();
    let bytes = export::render(
        &dataset,
        &prepared,
        &picture(day, selected.clone(), caption_of(&selected)),
        format,
    )
    .map_err(|e| e.to_string())?;
    export::write_atomic(output, &bytes, args.force).map_err(|e| e.to_string())?;
    println!("{}", output.display());
    Ok(())
}

fn parse_day(text: &str) -> Result<Day, String> {
    Day::parse(text).map_err(|e| e.to_string())
}

fn parse_lat_lon(text: &str) -> Result<(f64, f64), String> {
    karabakh_atlas::scene::view::parse_lat_lon(text)
}

#[derive(Subcommand)]
enum Command {
    /// Write the map as a slide (PNG or SVG) without a window: the picture of presentation mode.
    Render(Box<RenderArgs>),
    /// Validate a dossier and report its layers, excerpts and problems (exit 1 on any error).
    Check {
        /// A dossier folder with geodata/ and seeds/ (default: the embedded Karabakh dossier).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
    /// What was at a place on a day: the features that contain it (or lie within --within
    /// km), who held it, with their dates, accuracy and sources.
    At(Box<AtArgs>),
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
        Some(Command::Render(args)) => match render(*args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("karabakh-atlas render: {e}");
                ExitCode::from(2)
            }
        },
        Some(Command::At(args)) => match at(*args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("karabakh-atlas at: {e}");
                ExitCode::from(2)
            }
        },
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
