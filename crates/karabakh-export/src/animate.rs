//! Animations: a sequence of slides (the days of a range, or the chapters of a story) drawn
//! one at a time and streamed to the encoder, so memory stays flat however long it runs.
//!
//! Every frame is a full slide (title, the date large, legend, scale bar, credits) with the
//! sources of the events shown that day.

use karabakh_data::Dataset;
use karabakh_data::story::{Caption, Story};
use karabakh_scene::slide::sources::{add_sources, sources_of};
use karabakh_scene::{Prepared, View};
use karabakh_time::Day;

use crate::apng::ApngWriter;
use crate::gif::GifWriter;
use crate::video::Mp4Writer;
use crate::{Composed, Error, Output, Picture, compose_picture_with};

/// One picture held for `frames` frames.
#[derive(Clone, Debug)]
pub struct Shot {
    pub picture: Picture,
    pub frames: u32,
    /// Extra lines for the frame's sources (a story's words name theirs).
    pub sources: Vec<String>,
}

/// The formats an animation is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnimationFormat {
    Gif,
    /// H.264 video in an MP4 file.
    Mp4,
    /// Animated PNG: every colour kept, larger than a GIF.
    Apng,
}

impl AnimationFormat {
    /// Every format, in the order a menu offers them.
    pub const ALL: [AnimationFormat; 3] = [
        AnimationFormat::Gif,
        AnimationFormat::Mp4,
        AnimationFormat::Apng,
    ];

    /// The format a file name asks for.
    pub fn of_path(path: &std::path::Path) -> Option<AnimationFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "gif" => Some(AnimationFormat::Gif),
            "mp4" => Some(AnimationFormat::Mp4),
            "apng" => Some(AnimationFormat::Apng),
            _ => None,
        }
    }

    /// The file name extension, without its dot.
    pub fn extension(self) -> &'static str {
        match self {
            AnimationFormat::Gif => "gif",
            AnimationFormat::Mp4 => "mp4",
            AnimationFormat::Apng => "apng",
        }
    }

    /// The extensions an animation's file may have, for messages: ".gif, .mp4 or .apng".
    pub fn extensions() -> String {
        let names: Vec<String> = Self::ALL
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// An animation's encoder, made when the first frame gives the size (boxed: an encoder's
/// state is large).
enum Encoder<'a> {
    Gif(Box<GifWriter<&'a mut dyn Output>>),
    Mp4(Box<Mp4Writer<&'a mut dyn Output>>),
    Apng(Box<ApngWriter<&'a mut dyn Output>>),
}

impl<'a> Encoder<'a> {
    fn new(
        format: AnimationFormat,
        out: &'a mut dyn Output,
        (width, height): (u32, u32),
        first: &[u8],
        fps: u32,
        frames: u32,
    ) -> Result<Self, Error> {
        Ok(match format {
            AnimationFormat::Gif => {
                Encoder::Gif(Box::new(GifWriter::new(out, width, height, first)?))
            }
            AnimationFormat::Mp4 => {
                Encoder::Mp4(Box::new(Mp4Writer::new(out, width, height, fps)?))
            }
            AnimationFormat::Apng => {
                Encoder::Apng(Box::new(ApngWriter::new(out, width, height, frames)?))
            }
        })
    }

    /// The size of the file's pictures.
    fn size(&self, given: (u32, u32)) -> (u32, u32) {
        match self {
            Encoder::Gif(_) | Encoder::Apng(_) => given,
            Encoder::Mp4(video) => video.size(),
        }
    }

    /// Adds a picture that lasts `frames` frames at `fps`.
    fn frame(&mut self, rgba: &[u8], frames: u32, fps: u32) -> Result<(), Error> {
        match self {
            Encoder::Gif(gif) => {
                // Centiseconds, as GIF counts; a held picture is one frame shown longer.
                let delay = (100 * frames).div_ceil(fps).min(u32::from(u16::MAX)) as u16;
                gif.frame(rgba, delay)
            }
            Encoder::Mp4(video) => video.frame(rgba, frames),
            Encoder::Apng(apng) => apng.frame(rgba, frames, fps),
        }
    }

    fn finish(self) -> Result<(), Error> {
        match self {
            Encoder::Gif(gif) => gif.finish(),
            Encoder::Mp4(video) => video.finish(),
            Encoder::Apng(apng) => apng.finish(),
        }
    }
}

/// How far an animation has come, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

/// What was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// Frames in the file (a held picture is one frame of a GIF, shown longer).
    pub frames: u32,
    /// Frames the animation lasts at its rate.
    pub ticks: u32,
    pub width: u32,
    pub height: u32,
}

/// One shot per `step` days from `first` to `last` (both included), each held one frame.
pub fn shots_for_days(base: &Picture, first: Day, last: Day, step: u32) -> Vec<Shot> {
    let step = step.max(1) as i32;
    let mut shots = Vec::new();
    let mut day = first;
    while day <= last {
        let mut picture = base.clone();
        picture.inputs.day = Some(day);
        picture.slide.day = Some(day);
        shots.push(Shot {
            picture,
            frames: 1,
            sources: Vec::new(),
        });
        day = Day(day.0 + step);
    }
    shots
}

/// One shot per chapter of `story`, held for its seconds at `fps`, in `base`'s size and names.
pub fn shots_for_story(dataset: &Dataset, story: &Story, base: &Picture, fps: u32) -> Vec<Shot> {
    story
        .chapters
        .iter()
        .map(|chapter| {
            let mut picture = base.clone();
            let v = &chapter.view;
            let (w, h) = (base.inputs.view.width, base.inputs.view.height);
            picture.inputs.view = View::new(v.lon, v.lat, v.zoom, w, h);
            picture.inputs.day = Some(chapter.date);
            picture.inputs.hidden_layers = chapter.hidden_layers(dataset);
            picture.slide.day = Some(chapter.date);
            picture.slide.title = if chapter.title.is_empty() {
                story.title.clone()
            } else {
                format!("{} · {}", story.title, chapter.title)
            };
            let mut sources = Vec::new();
            picture.slide.caption = Some(match &chapter.caption {
                Caption::Excerpt { quote, .. } => (
                    quote.clone(),
                    chapter.caption.source(dataset).unwrap_or_default(),
                ),
                Caption::Words { text, source } => {
                    sources.extend(source.iter().map(|s| format!("Caption: {s}")));
                    (text.clone(), String::new())
                }
            });
            picture.selected = chapter.selection.clone();
            let frames = (chapter.seconds * fps as f32).round().max(1.0) as u32;
            Shot {
                picture,
                frames,
                sources,
            }
        })
        .collect()
}

/// The scene and slide of `shot` with its sources panel: a frame of an animation, a page of a
/// deck.
pub fn composed_frame(
    dataset: &Dataset,
    prepared: &Prepared,
    shot: &Shot,
) -> Result<Composed, Error> {
    let mut lines = sources_of(dataset, shot.picture.inputs.day, &shot.picture.selected);
    lines.extend(shot.sources.iter().cloned());
    compose_picture_with(
        dataset,
        prepared,
        &shot.picture,
        &mut |slide, scene, frame| {
            add_sources(slide, scene, frame, &lines);
        },
    )
}

/// Draws `shot` as straight RGBA with its sources panel, laid out [`Picture::legible`].
pub fn frame_rgba(
    dataset: &Dataset,
    prepared: &Prepared,
    shot: &Shot,
) -> Result<(u32, u32, Vec<u8>), Error> {
    let shot = Shot {
        picture: shot.picture.legible(),
        ..shot.clone()
    };
    let composed = composed_frame(dataset, prepared, &shot)?;
    let pixmap = composed.pixmap(prepared, shot.picture.scale)?;
    Ok((
        pixmap.width(),
        pixmap.height(),
        crate::raster::straight_rgba(&pixmap),
    ))
}

/// Writes the shots as an animation of `fps` frames a second to `out`, one frame in memory at a
/// time. `progress` is told after each shot; when it returns false the animation stops with
/// [`Error::Cancelled`].
pub fn animate(
    dataset: &Dataset,
    prepared: &Prepared,
    shots: &[Shot],
    fps: u32,
    format: AnimationFormat,
    out: &mut dyn Output,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Written, Error> {
    let fps = fps.clamp(1, 60);
    let total = shots.len() as u32;
    let mut writer: Option<Encoder> = None;
    let mut written = Written {
        frames: 0,
        ticks: 0,
        width: 0,
        height: 0,
    };
    let mut out = Some(out);
    for (n, shot) in shots.iter().enumerate() {
        let (width, height, rgba) = frame_rgba(dataset, prepared, shot)?;
        let encoder = match writer.as_mut() {
            Some(encoder) => encoder,
            None => {
                let out = out.take().ok_or(Error::Cancelled)?;
                let encoder = Encoder::new(format, out, (width, height), &rgba, fps, total)?;
                (written.width, written.height) = encoder.size((width, height));
                writer.insert(encoder)
            }
        };
        encoder.frame(&rgba, shot.frames, fps)?;
        written.frames += 1;
        written.ticks += shot.frames;
        if !progress(Progress {
            done: n as u32 + 1,
            total,
        }) {
            return Err(Error::Cancelled);
        }
    }
    match writer {
        Some(encoder) => encoder.finish()?,
        None => return Err(Error::NothingToAnimate),
    }
    Ok(written)
}
