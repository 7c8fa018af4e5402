//! The parts of `render` beyond one slide: animations of a range of days, stories, decks.

pub mod animate;
pub mod cite;
pub mod compare;
pub mod deck;
pub mod names;
pub mod render;

use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use anyhow::{Context as _, bail};
use karabakh_atlas::export::{self, animate::Progress};
use karabakh_atlas::time::Day;

/// `render`'s options for pictures in motion.
#[derive(clap::Args)]
pub struct MotionArgs {
    /// Animate the days FROM..TO (YYYY-MM-DD..YYYY-MM-DD), one frame per --step, into the file
    /// given by -o (.gif; .mp4 for an H.264 video; .apng for an animated PNG, every colour kept).
    #[arg(long, value_name = "FROM..TO", value_parser = animate::parse_range,
        conflicts_with_all = ["date", "all_dates", "each_event"])]
    pub animate: Option<(Day, Day)>,
    /// Days between the frames of --animate: 1d, 7d …
    #[arg(long, value_name = "DAYS", default_value = "1d", value_parser = animate::parse_step)]
    pub step: u32,
    /// Frames per second of --animate and --story (1 to 60).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub fps: u32,
    /// Play a story into the file given by -o (.gif, .mp4, .apng; .pdf for a deck of its chapters): a
    /// stories/NAME.json file, or `builtin` for the story the atlas ships.
    #[arg(long, value_name = "FILE|builtin",
        conflicts_with_all = ["animate", "date", "all_dates", "each_event", "center", "bbox", "zoom"])]
    pub story: Option<String>,
    /// A PDF deck of the events that begin FROM..TO (YYYY-MM-DD..YYYY-MM-DD), a page each,
    /// into the file given by -o (.pdf).
    #[arg(long, value_name = "FROM..TO", value_parser = animate::parse_range,
        conflicts_with_all = ["animate", "story", "date", "all_dates", "each_event"])]
    pub deck: Option<(Day, Day)>,
    /// Two dates side by side in one image (.png or .svg, given by -o), with what changed
    /// between them: FIRST,SECOND (YYYY-MM-DD,YYYY-MM-DD).
    #[arg(long, value_name = "FIRST,SECOND", value_parser = compare::parse_pair,
        conflicts_with_all = ["animate", "story", "deck", "date", "all_dates", "each_event"])]
    pub compare: Option<(Day, Day)>,
}

impl MotionArgs {
    /// Whether a motion was asked for.
    pub fn is_asked(&self) -> bool {
        self.animate.is_some()
            || self.story.is_some()
            || self.deck.is_some()
            || self.compare.is_some()
    }
}

/// Runs the motion asked for in `args` with the slides' shared state.
pub fn run(slides: &render::Slides) -> anyhow::Result<()> {
    let motion = &slides.args.motion;
    if let Some(pair) = motion.compare {
        return compare::write(slides, pair);
    }
    if let Some(range) = motion.deck {
        return deck::days(slides, range);
    }
    if let Some(range) = motion.animate {
        return animate::days(slides, range, motion.step, motion.fps);
    }
    if let Some(name) = &motion.story {
        let story = animate::load_story(name)?;
        if slides.args.output.as_deref().is_some_and(deck::is_pdf) {
            return deck::story(slides, &story);
        }
        return animate::story(slides, &story, motion.fps);
    }
    anyhow::bail!("nothing to animate: give --animate FROM..TO or --story FILE|builtin")
}

/// Writes a file whole or not at all (see [`export::write_atomic_with`]); a file that is
/// already there is kept, and the error says how to replace it.
pub fn write_output(
    path: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn export::Output) -> Result<(), export::Error>,
) -> anyhow::Result<()> {
    match export::write_atomic_with(path, force, write) {
        Err(export::Error::Exists { path }) => bail!(
            "{}: already exists; give --force to replace it",
            path.display()
        ),
        other => Ok(other?),
    }
}

/// What streams a file: writes to the output, telling the progress after each frame or page.
pub type Maker<'a, T> = dyn FnMut(&mut dyn export::Output, &mut dyn FnMut(Progress) -> bool) -> Result<T, export::Error>
    + 'a;

/// Writes `output` with `make`, saying on stderr which `unit` (frame, page) it is at and the
/// time left; returns what `make` returned and the seconds it took.
pub fn write_streamed<T>(
    output: &Path,
    force: bool,
    unit: &str,
    make: &mut Maker<'_, T>,
) -> anyhow::Result<(T, f64)> {
    let started = Instant::now();
    let interrupted = on_interrupt();
    let mut progress = |p: Progress| {
        let elapsed = started.elapsed().as_secs_f64();
        let left = elapsed / f64::from(p.done.max(1)) * f64::from(p.total - p.done);
        eprint!("\r{unit} {}/{}, about {left:.0} s left   ", p.done, p.total);
        let _ = std::io::stderr().flush();
        !interrupted.load(Ordering::Relaxed)
    };
    let mut written = None;
    let result = write_output(output, force, &mut |out| {
        written = Some(make(out, &mut progress)?);
        Ok(())
    });
    eprintln!();
    if interrupted.load(Ordering::Relaxed) && result.is_err() {
        bail!(
            "{}: interrupted; nothing was written (the part made so far was removed)",
            output.display()
        );
    }
    result?;
    let written = written.context("nothing was written")?;
    Ok((written, started.elapsed().as_secs_f64()))
}

/// Set when the user interrupts (Ctrl-C, or SIGTERM): a long export then stops after the frame
/// or page it is making, and its temporary file is removed rather than left beside the output.
/// Without a handler the process would die at once and leave the hidden `.part` file behind.
fn on_interrupt() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let set = flag.clone();
        let installed = ctrlc::set_handler(move || {
            if set.swap(true, Ordering::Relaxed) {
                // A second Ctrl-C: the user does not want to wait for the frame to end.
                std::process::exit(130);
            }
        });
        if let Err(e) = installed {
            log::warn!("Ctrl-C will not stop an export cleanly: {e}");
        }
        flag
    })
    .clone()
}
