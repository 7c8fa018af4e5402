//! Export: the scene as a slide, written as SVG or PNG, from the window or the command line.

pub mod animate;
mod apng;
pub mod compare;
pub mod deck;
mod deck_pages;
mod error;
mod gif;
pub mod raster;
mod sprites;
mod stretch;
pub mod svg;
mod unchanged;
pub mod video;
mod yuv;

use std::io::Write as _;
use std::path::Path;

pub use error::Error;

use karabakh_data::Dataset;
use karabakh_scene::slide::{SlideOptions, compose};
use karabakh_scene::style::{Emphasis, LIGHT};
use karabakh_scene::{self as scene, Prepared, SceneInputs, View};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }

    /// The format a file name asks for.
    pub fn of_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// Everything that decides an exported picture.
#[derive(Clone, Debug)]
pub struct Picture {
    /// The scene's inputs; the view's origin is the image's top-left corner.
    pub inputs: SceneInputs,
    pub slide: SlideOptions,
    /// Features drawn highlighted.
    pub selected: Vec<String>,
    /// Pixels per unit: 2 doubles width and height, for sharp slides.
    pub scale: f32,
}

/// Pictures may be at most this many pixels a side, after scaling.
pub const MAX_SIDE: f32 = 16_384.0;

/// The smallest size (units) a slide is laid out at: its title, legend, panels and labels are
/// sized for a screen and took most of a 640×360 frame.
pub const LAYOUT_MIN: (f32, f32) = (960.0, 600.0);

impl Picture {
    /// The same picture for pixels: one smaller than [`LAYOUT_MIN`] is laid out at a larger
    /// size showing the same ground, and drawn at a smaller scale, so that it comes out the
    /// size asked with its slide in proportion.
    pub fn legible(&self) -> Picture {
        let view = self.inputs.view;
        let k = (LAYOUT_MIN.0 / view.width)
            .max(LAYOUT_MIN.1 / view.height)
            .max(1.0);
        if !(k.is_finite() && k > 1.0) {
            return self.clone();
        }
        // A whole number of units across, and the height that keeps the pixels asked.
        let width = (view.width * k).ceil();
        let factor = width / view.width;
        let mut picture = self.clone();
        picture.inputs.view = view.scaled(factor);
        picture.inputs.view.width = width;
        picture.inputs.view.height = (view.height * factor).round();
        picture.scale = self.scale / factor;
        picture
    }
}

/// The bytes of the picture as `format`. A PNG is drawn straight to pixels ([`raster`]); an
/// SVG is written as text.
pub fn render(
    dataset: &Dataset,
    prepared: &Prepared,
    picture: &Picture,
    format: Format,
) -> Result<Vec<u8>, Error> {
    match format {
        Format::Svg => {
            // Laid out as the PNG is (a small slide is a smaller slide, not a cramped one),
            // and as big as asked.
            let view = picture.inputs.view;
            let asked = (view.width.round().max(1.0), view.height.round().max(1.0));
            let composed = compose_picture(dataset, prepared, &picture.legible())?;
            Ok(svg::to_svg_sized(
                &composed.scene,
                &composed.slide,
                &prepared.rasters,
                &composed.title,
                asked,
            )
            .into_bytes())
        }
        Format::Png => render_pixmap(dataset, prepared, picture)?
            .encode_png()
            .map_err(|e| Error::Png(Box::new(e))),
    }
}

/// The picture through the SVG round trip (SVG text rasterised by resvg): what an SVG file
/// looks like, for comparing with the direct drawing.
pub fn render_through_svg(
    dataset: &Dataset,
    prepared: &Prepared,
    picture: &Picture,
) -> Result<Vec<u8>, Error> {
    // Laid out as the direct drawing is, to compare like with like.
    let picture = picture.legible();
    let composed = compose_picture(dataset, prepared, &picture)?;
    svg::svg_to_png(&composed.svg(prepared), picture.scale)
}

/// The picture drawn to pixels (laid out [`Picture::legible`]): what an animation's frame is.
pub fn render_pixmap(
    dataset: &Dataset,
    prepared: &Prepared,
    picture: &Picture,
) -> Result<resvg::tiny_skia::Pixmap, Error> {
    let picture = picture.legible();
    compose_picture(dataset, prepared, &picture)?.pixmap(prepared, picture.scale)
}

/// A picture's scene and slide, before they are written in a format.
pub struct Composed {
    pub scene: scene::Scene,
    pub slide: scene::slide::Slide,
    /// The SVG's `<title>`: the slide's title and date.
    pub title: String,
}

impl Composed {
    pub fn svg(&self, prepared: &Prepared) -> String {
        svg::to_svg(&self.scene, &self.slide, &prepared.rasters, &self.title)
    }

    pub fn pixmap(
        &self,
        prepared: &Prepared,
        scale: f32,
    ) -> Result<resvg::tiny_skia::Pixmap, Error> {
        raster::render_pixmap(&self.scene, &self.slide, &prepared.rasters, scale)
    }
}

/// Builds the scene of `picture` and composes its slide, the selection highlighted.
pub fn compose_picture(
    dataset: &Dataset,
    prepared: &Prepared,
    picture: &Picture,
) -> Result<Composed, Error> {
    compose_picture_with(dataset, prepared, picture, &mut |_, _, _| {})
}

/// As [`compose_picture`], with the panels `panels` adds to the slide (a frame's sources, the
/// change list of a comparison) before the map's labels are placed around the slide's boxes.
pub fn compose_picture_with(
    dataset: &Dataset,
    prepared: &Prepared,
    picture: &Picture,
    panels: &mut dyn FnMut(&mut scene::slide::Slide, &scene::Scene, emath::Rect),
) -> Result<Composed, Error> {
    let mut inputs = picture.inputs.clone();
    inputs.view.origin = [0.0, 0.0];
    // Whole pixels: a window's map can be a fraction wide.
    inputs.view.width = inputs.view.width.round().max(1.0);
    inputs.view.height = inputs.view.height.round().max(1.0);
    let view = inputs.view;
    if view.width * picture.scale > MAX_SIDE || view.height * picture.scale > MAX_SIDE {
        return Err(Error::TooLarge {
            width: view.width,
            height: view.height,
            scale: picture.scale,
        });
    }
    let frame = emath::Rect::from_min_size(emath::Pos2::ZERO, emath::vec2(view.width, view.height));
    inputs.furniture = scene::slide::fixed_boxes(frame, &picture.slide);
    let mut scene = scene::build(dataset, prepared, &inputs);
    let selected: Vec<usize> = picture
        .selected
        .iter()
        .filter_map(|id| dataset.feature_index(id))
        .collect();
    let named =
        scene::labels::selected_event_labels(dataset, prepared, &inputs, &scene.labels, &selected);
    scene.labels.extend(named);
    let mut slide = compose(dataset, &scene, frame, &picture.slide);
    panels(&mut slide, &scene, frame);
    scene::slide::place_labels_around(dataset, prepared, &mut scene, &mut slide, &selected);
    scene::slide::drop_labels_under_boxes(&mut scene, &slide);
    let emphasis: Vec<scene::Shape> = picture
        .selected
        .iter()
        .filter_map(|id| dataset.features.iter().position(|f| &f.id == id))
        .flat_map(|i| {
            let selected = Emphasis::Selected;
            scene::emphasis_shapes(&scene, i, selected.width(), selected.color(&LIGHT))
        })
        .collect();
    slide.shapes.splice(0..0, emphasis);
    let title = format!(
        "{} — {}",
        picture.slide.title,
        picture
            .slide
            .day
            .map_or_else(|| "all dates".to_owned(), karabakh_time::long_date)
    );
    Ok(Composed {
        scene,
        slide,
        title,
    })
}

/// Writes `bytes` to `path` completely or not at all: into a temporary file beside it, then
/// moved into place. With `overwrite` false an existing file is an error, and the move itself
/// refuses to replace one (a file made meanwhile, by another export, is not clobbered).
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), Error> {
    write_atomic_with(path, overwrite, &mut |out| {
        out.write_all(bytes).map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })
    })
}

/// Where an export streams its bytes: a file, which an MP4 goes back into to write the size
/// of its data once the data is written.
pub trait Output: std::io::Write + std::io::Seek {}

impl<T: std::io::Write + std::io::Seek + ?Sized> Output for T {}

/// As [`write_atomic`], with the content streamed by `write` (an animation, frame by frame).
pub fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    write: &mut dyn FnMut(&mut dyn Output) -> Result<(), Error>,
) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| Error::NotAFileName {
        path: path.to_owned(),
    })?;
    let cannot_write = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    #[cfg(unix)]
    {
        // A slide is made to be shared: not the owner-only 0o600 of a temporary file but
        // 0o666 less the umask, as any new file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Dropped on any error below, which removes it.
    let mut temp = builder.tempfile_in(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NoFolder {
            path: path.to_owned(),
            dir: dir.to_owned(),
        },
        _ => cannot_write(e),
    })?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush().map_err(cannot_write)?;
    }
    temp.as_file().sync_all().map_err(cannot_write)?;
    let persisted = if overwrite {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    match persisted {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Exists {
            path: path.to_owned(),
        }),
        Err(e) => Err(cannot_write(e.error)),
    }
}

/// The name an export gets by default: the date, so a folder of slides sorts by time.
pub fn default_file_name(day: Option<karabakh_time::Day>, format: Format) -> String {
    match day {
        Some(day) => format!("karabakh-atlas-{day}.{}", format.extension()),
        None => format!("karabakh-atlas-all-dates.{}", format.extension()),
    }
}

/// A view of `width` × `height` from a centre and zoom, a box, or the region's home box.
pub fn view_for(
    center: Option<(f64, f64)>,
    zoom: Option<f64>,
    bbox: Option<[f64; 4]>,
    width: f32,
    height: f32,
) -> View {
    match (bbox, center) {
        (Some(b), _) => View::fit(b, width, height, 10.0),
        (None, Some((lat, lon))) => View::new(lon, lat, zoom.unwrap_or(9.0), width, height),
        (None, None) => {
            let home = View::fit(karabakh_scene::view::HOME_BOUNDS, width, height, 8.0);
            match zoom {
                Some(z) => View {
                    zoom: z.clamp(scene::view::MIN_ZOOM, scene::view::MAX_ZOOM),
                    ..home
                },
                None => home,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_leaves_nothing_behind_when_it_fails() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("missing-folder").join("slide.png");
        assert!(write_atomic(&target, b"data", true).is_err());
        let ok = dir.path().join("slide.png");
        write_atomic(&ok, b"data", false).expect("writes");
        assert_eq!(std::fs::read(&ok).expect("read"), b"data");
        let err = write_atomic(&ok, b"other", false).unwrap_err();
        assert!(matches!(err, Error::Exists { .. }), "{err}");
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(
            std::fs::read(&ok).expect("read"),
            b"data",
            "not overwritten"
        );
        write_atomic(&ok, b"other", true).expect("overwrites when asked");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_has_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let mode = |name: &str| {
            let path = dir.path().join(name);
            std::fs::metadata(path)
                .expect("metadata")
                .permissions()
                .mode()
        };
        std::fs::write(dir.path().join("plain.png"), b"data").expect("writes");
        write_atomic(&dir.path().join("slide.png"), b"data", false).expect("writes");
        assert_eq!(mode("slide.png"), mode("plain.png"));
    }

    #[test]
    fn default_names_carry_the_date() {
        let day = karabakh_time::Day::from_ymd(2023, 9, 24).expect("a real day");
        assert_eq!(
            default_file_name(Some(day), Format::Png),
            "karabakh-atlas-2023-09-24.png"
        );
        assert_eq!(Format::of_path(Path::new("a/b.SVG")), Some(Format::Svg));
        assert_eq!(Format::of_path(Path::new("a/b.jpg")), None);
    }
}
