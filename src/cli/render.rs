//! `render`: the map as a slide without a window, and the options every mode of it shares
//! (the modes in motion are in [`super::animate`] and [`super::deck`]).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::ValueEnum;
use karabakh_atlas::data::{self, Dataset};
use karabakh_atlas::export::{self, Format, Picture};
use karabakh_atlas::scene::view::parse_lat_lon;
use karabakh_atlas::scene::{Prepared, SceneInputs, slide};
use karabakh_atlas::time::Day;

use super::names::NameArgs;
use crate::parse_zoom;

#[derive(clap::Args)]
pub struct RenderArgs {
    /// The day to show, YYYY-MM-DD (default: 2023-09-20).
    #[arg(long, value_name = "DATE", value_parser = Day::parse)]
    pub date: Option<Day>,
    /// Show every feature whatever its dates.
    #[arg(long, conflicts_with = "date")]
    pub all_dates: bool,
    /// The map's centre, LAT,LON in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true, conflicts_with = "bbox")]
    pub center: Option<(f64, f64)>,
    /// The zoom level (3 to 18).
    #[arg(long, value_name = "Z", value_parser = parse_zoom)]
    pub zoom: Option<f64>,
    /// The box to fit, WEST,SOUTH,EAST,NORTH in degrees.
    #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<[f64; 4]>,
    /// The image size in units (pixels at scale 1), WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1920x1080")]
    pub size: (f32, f32),
    /// Pixels per unit in a PNG: 2 or 4 for sharp slides.
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    pub scale: f32,
    /// Highlight a feature; its first excerpt becomes the caption unless --caption is given.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,
    /// A caption under the map.
    #[arg(long, value_name = "TEXT")]
    pub caption: Option<String>,
    /// The slide's title.
    #[arg(long, value_name = "TEXT", default_value = slide::DEFAULT_TITLE)]
    pub title: String,
    #[command(flatten)]
    pub names: NameArgs,
    /// The image's format (default: from the file name; PNG for --each-event).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Layers to leave out, by id (repeatable).
    #[arg(long = "hide-layer", value_name = "LAYER")]
    pub hide_layers: Vec<String>,
    /// Another dossier folder (with geodata/ and seeds/).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Add a layer or document: GeoJSON, KML, .txt or .md (repeatable), as the window does.
    #[arg(long = "layer", value_name = "FILE")]
    pub layers: Vec<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The file to write.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        required_unless_present = "each_event"
    )]
    pub output: Option<PathBuf>,
    /// Write one image per event of the timeline into DIR, named by date, for a slide deck.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "date", "all_dates"])]
    pub each_event: Option<PathBuf>,
    #[command(flatten)]
    pub motion: super::MotionArgs,
}

/// The formats `render` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
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

fn parse_scale(text: &str) -> anyhow::Result<f32> {
    match text.parse::<f32>() {
        Ok(s) if (0.5..=8.0).contains(&s) => Ok(s),
        _ => bail!("{text:?}: scale must be a number from 0.5 to 8"),
    }
}

pub fn render(args: RenderArgs) -> anyhow::Result<()> {
    let mut dataset = crate::load_dossier_warning(args.data.as_deref());
    add_layers(&mut dataset, &args.layers)?;
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
        return super::run(&slides);
    }
    match (&args.each_event, &args.output) {
        (Some(dir), _) => slides.each_event(dir),
        (None, Some(output)) => slides.one(output),
        (None, None) => bail!("give -o FILE or --each-event DIR"),
    }
}

/// Adds the files of `--layer` to `dataset`, as the window adds them: what cannot be read is
/// said with the window's messages; a file of which nothing could be read is an error.
fn add_layers(dataset: &mut Dataset, paths: &[PathBuf]) -> anyhow::Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let addition = data::import::load_files(paths, dataset);
    for path in paths {
        let name = path.display().to_string();
        let problems: Vec<String> = addition
            .problems
            .iter()
            .filter(|p| p.file == name)
            .map(|p| p.to_string())
            .collect();
        let stem = path.file_stem().map(|s| s.to_string_lossy());
        let added = addition.layers.iter().any(|l| l.path == name)
            || addition
                .documents
                .iter()
                .any(|d| stem.as_deref() == Some(d.id.as_str()));
        if !added && !problems.is_empty() {
            bail!("--layer: {}", problems.join("; "));
        }
    }
    for problem in &addition.problems {
        log::warn!("{problem}");
    }
    dataset.merge(addition);
    Ok(())
}

/// What every slide of one `render` shares: the dossier prepared once, the view, the options.
pub struct Slides<'a> {
    pub args: &'a RenderArgs,
    pub dataset: &'a Dataset,
    pub prepared: Prepared,
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
    pub fn picture(&self, day: Option<Day>, selected: Vec<String>) -> Picture {
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
        self.write_bytes(&bytes, path)
    }

    /// Writes `bytes` to `path` (whole or not at all), and says where.
    pub fn write_bytes(&self, bytes: &[u8], path: &Path) -> anyhow::Result<()> {
        super::write_output(path, self.args.force, &mut |out| {
            out.write_all(bytes).map_err(|source| export::Error::Write {
                path: path.to_owned(),
                source,
            })
        })?;
        println!("{}", path.display());
        Ok(())
    }

    /// The format of a picture written to `output`: --format's, or the file name's.
    pub fn format_for(&self, output: &Path) -> anyhow::Result<Format> {
        match self.args.format {
            Some(format) => Ok(format.into()),
            None => Format::of_path(output).with_context(|| {
                format!(
                    "{}: name it .png or .svg, or give --format",
                    output.display()
                )
            }),
        }
    }

    /// The file `-o` names.
    pub fn output(&self) -> anyhow::Result<&Path> {
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
        let format = self.format_for(output)?;
        let day = if self.args.all_dates {
            None
        } else {
            Some(self.args.date.unwrap_or_else(data::embedded::opening_day))
        };
        let picture = self.picture(day, self.args.select.iter().cloned().collect());
        self.write(&picture, format, output)
    }
}
