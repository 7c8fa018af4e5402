//! The command line: no subcommand opens the viewer; `check` validates a dossier, `render`
//! writes a slide, `at` says what was at a place on a day, `mentions` the places a text names.

mod mentions_cli;

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};
use karabakh_atlas::data::{self, Dataset, check::Report};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::map::tiles::TileSource;
use karabakh_atlas::scene::view::parse_lat_lon;
use karabakh_atlas::scene::{Prepared, SceneInputs, slide};
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

#[derive(clap::Args)]
struct RenderArgs {
    /// The day to show, YYYY-MM-DD (default: 2023-09-20).
    #[arg(long, value_name = "DATE", value_parser = Day::parse)]
    date: Option<Day>,
    /// Show every feature whatever its dates.
    #[arg(long, conflicts_with = "date")]
    all_dates: bool,
    /// The map's centre, LAT,LON in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true, conflicts_with = "bbox")]
    center: Option<(f64, f64)>,
    /// The zoom level (3 to 18).
    #[arg(long, value_name = "Z", value_parser = parse_zoom)]
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
    #[arg(long, value_name = "TEXT", default_value = slide::DEFAULT_TITLE)]
    title: String,
    #[command(flatten)]
    names: NameArgs,
    /// The image's format (default: from the file name; PNG for --each-event).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
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
    #[command(flatten)]
    motion: cli::MotionArgs,
}

/// The formats `render` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Png,
    Svg,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Png => Format::Png,
            FormatArg::Svg => Format::Svg,
        }
    }
}

/// How disputed names read, on the command line as in the legend.
#[derive(clap::Args)]
struct NameArgs {
    /// How disputed names read.
    #[arg(long, value_enum, default_value_t = NamesArg::Admin)]
    names: NamesArg,
    /// Write names in their native scripts (Ստեփանակերտ / Xankəndi).
    #[arg(long)]
    native_script: bool,
}

/// The orders of a disputed name that `--names` offers.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum NamesArg {
    /// The usage of the side that administered the place on the date first (also `by-date`).
    #[value(alias = "by-date")]
    Admin,
    /// Both usages, as written in the data.
    Both,
    /// Armenian usage first.
    Hy,
    /// Azerbaijani usage first.
    Az,
}

impl NameArgs {
    fn style(&self) -> data::NameStyle {
        data::NameStyle {
            order: match self.names {
                NamesArg::Admin => data::NameOrder::ByAdministration,
                NamesArg::Both => data::NameOrder::Both,
                NamesArg::Hy => data::NameOrder::ArmenianFirst,
                NamesArg::Az => data::NameOrder::AzerbaijaniFirst,
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
    names: NameArgs,
}

fn parse_km(text: &str) -> anyhow::Result<f64> {
    match text.trim().parse::<f64>() {
        Ok(km) if km.is_finite() && km >= 0.0 => Ok(km),
        Ok(_) => bail!("{text:?}: the distance must be a number of km, 0 or more"),
        Err(_) => bail!("{text:?}: expected a number of km"),
    }
}

fn parse_bbox(text: &str) -> anyhow::Result<[f64; 4]> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .with_context(|| format!("{text:?}: expected W,S,E,N"))?;
    let [w, s, e, n] = numbers[..] else {
        bail!("{text:?}: expected four numbers W,S,E,N");
    };
    let longitude = -180.0..=180.0;
    let latitude = -85.0..=85.0;
    if !(w < e
        && s < n
        && longitude.contains(&w)
        && longitude.contains(&e)
        && latitude.contains(&s)
        && latitude.contains(&n))
    {
        bail!("{text:?}: need west < east within ±180 and south < north within ±85");
    }
    Ok([w, s, e, n])
}

fn parse_size(text: &str) -> anyhow::Result<(f32, f32)> {
    let Some((w, h)) = text.split_once(['x', 'X']) else {
        bail!("{text:?}: expected WIDTHxHEIGHT");
    };
    let (Ok(w), Ok(h)) = (w.trim().parse::<u32>(), h.trim().parse::<u32>()) else {
        bail!("{text:?}: expected WIDTHxHEIGHT in whole pixels");
    };
    if !(200..=8000).contains(&w) || !(200..=8000).contains(&h) {
        bail!("{text:?}: width and height must be between 200 and 8000");
    }
    Ok((w as f32, h as f32))
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

fn parse_scale(text: &str) -> anyhow::Result<f32> {
    match text.parse::<f32>() {
        Ok(s) if (0.5..=8.0).contains(&s) => Ok(s),
        _ => bail!("{text:?}: scale must be a number from 0.5 to 8"),
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

fn render(args: RenderArgs) -> anyhow::Result<()> {
    let dataset = load_dossier_warning(args.data.as_deref());
    if let Some(id) = &args.select
        && dataset.feature(id).is_none()
    {
        bail!("--select: no feature with id {id:?} (see `karabakh-atlas check` for the ids)");
    }
    let known = |id: &String| dataset.layers.iter().any(|l| &l.id == id);
    if let Some(unknown) = args.hide_layers.iter().find(|id| !known(id)) {
        let ids: Vec<&str> = dataset.layers.iter().map(|l| l.id.as_str()).collect();
        bail!(
            "--hide-layer: no layer has the id {unknown:?}; the layers are: {}",
            ids.join(", ")
        );
    }
    let slides = Slides::new(&args, &dataset);
    if args.motion.is_asked() {
        return cli::run(&slides);
    }
    match (&args.each_event, &args.output) {
        (Some(dir), _) => slides.each_event(dir),
        (None, Some(output)) => slides.one(output),
        (None, None) => bail!("give -o FILE or --each-event DIR"),
    }
}

/// What every slide of one `render` shares: the dossier prepared once, the view, the options.
struct Slides<'a> {
    args: &'a RenderArgs,
    dataset: &'a Dataset,
    prepared: Prepared,
    inputs: SceneInputs,
}

impl<'a> Slides<'a> {
    fn new(args: &'a RenderArgs, dataset: &'a Dataset) -> Self {
        let prepared = Prepared::new(dataset, &data::basemap::Basemap::embedded());
        let view = export::view_for(args.center, args.zoom, args.bbox, args.size.0, args.size.1);
        let mut inputs = SceneInputs::new(view);
        inputs.hidden_layers = args.hide_layers.iter().cloned().collect();
        inputs.names = args.names.style();
        Slides {
            args,
            dataset,
            prepared,
            inputs,
        }
    }

    /// The slide of `day` (None: every date) with `selected` highlighted. A caption given on
    /// the command line is the user's own words: no quotes, no source; otherwise the first
    /// excerpt of the selected feature, if any.
    fn picture(&self, day: Option<Day>, selected: Vec<String>) -> Picture {
        let caption = match &self.args.caption {
            Some(text) => Some((text.clone(), String::new())),
            None => slide::caption_for(self.dataset, &selected),
        };
        Picture {
            inputs: SceneInputs {
                day,
                ..self.inputs.clone()
            },
            slide: slide::SlideOptions {
                title: self.args.title.clone(),
                day,
                caption,
                tiles_credit: None,
            },
            selected,
            scale: self.args.scale,
        }
    }

    /// Writes `picture` as `format` to `path`, and says where.
    fn write(&self, picture: &Picture, format: Format, path: &Path) -> anyhow::Result<()> {
        let bytes = export::render(self.dataset, &self.prepared, picture, format)?;
        write_output(path, self.args.force, &mut |out| {
            out.write_all(&bytes)
                .map_err(|source| export::Error::Write {
                    path: path.to_owned(),
                    source,
                })
        })?;
        println!("{}", path.display());
        Ok(())
    }

    /// The file `-o` names.
    fn output(&self) -> anyhow::Result<&Path> {
        self.args
            .output
            .as_deref()
            .context("give the file to write with -o FILE")
    }

    /// One slide for each event of the timeline, on its first day, named by date in `dir`.
    fn each_event(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
        let format = self.args.format.map_or(Format::Png, Format::from);
        for event in data::timeline::events_of(self.dataset) {
            let Some(feature) = self.dataset.features.get(event.feature) else {
                continue;
            };
            let picture = self.picture(Some(event.first), vec![feature.id.clone()]);
            let name = format!("{}-{}.{}", event.first, feature.id, format.extension());
            self.write(&picture, format, &dir.join(name))?;
        }
        Ok(())
    }

    /// The slide of the day asked for (the opening day if none; every date with --all-dates).
    fn one(&self, output: &Path) -> anyhow::Result<()> {
        let format = match self.args.format {
            Some(format) => format.into(),
            None => Format::of_path(output).with_context(|| {
                format!(
                    "{}: name it .png or .svg, or give --format",
                    output.display()
                )
            })?,
        };
        let day = if self.args.all_dates {
            None
        } else {
            Some(self.args.date.unwrap_or_else(data::embedded::opening_day))
        };
        let picture = self.picture(day, self.args.select.iter().cloned().collect());
        self.write(&picture, format, output)
    }
}

/// Writes a file whole or not at all (see [`export::write_atomic_with`]); a file that is
/// already there is kept, and the error says how to replace it.
fn write_output(
    path: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<(), export::Error>,
) -> anyhow::Result<()> {
    match export::write_atomic_with(path, force, write) {
        Err(export::Error::Exists { path }) => bail!(
            "{}: already exists; give --force to replace it",
            path.display()
        ),
        other => Ok(other?),
    }
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
        Some(Command::Render(args)) => exit_with("render", render(*args)),
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
