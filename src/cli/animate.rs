//! `render --animate FROM..TO` and `render --story FILE|builtin`: animations written frame by
//! frame, with progress on the terminal.

use std::path::Path;

use anyhow::{Context as _, bail};
use karabakh_atlas::data::story::{self, Story};
use karabakh_atlas::export::animate::{self, AnimationFormat, Shot};
use karabakh_atlas::time::Day;

use super::render::Slides;

/// `FROM..TO`, two full dates, the first not after the second.
pub fn parse_range(text: &str) -> anyhow::Result<(Day, Day)> {
    let Some((from, to)) = text.split_once("..") else {
        bail!("{text:?}: expected FROM..TO, e.g. 2020-09-27..2020-12-01");
    };
    let from = Day::parse(from.trim()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let to = Day::parse(to.trim()).map_err(|e| anyhow::anyhow!("{e}"))?;
    if from > to {
        bail!("{text:?}: the first date is after the second");
    }
    Ok((from, to))
}

/// `1d`, `7d` or a plain number of days, 1 to 3650.
pub fn parse_step(text: &str) -> anyhow::Result<u32> {
    let digits = text.trim().trim_end_matches('d');
    match digits.parse::<u32>() {
        Ok(days) if (1..=3650).contains(&days) => Ok(days),
        _ => bail!("{text:?}: expected a number of days from 1 to 3650, e.g. 1d or 7d"),
    }
}

/// The story `--story` names: `builtin`, or a file.
pub fn load_story(name: &str) -> anyhow::Result<Story> {
    if name == story::BUILTIN {
        return Ok(story::builtin());
    }
    Ok(Story::read(Path::new(name))?)
}

/// The format of an animation's file, from its extension.
fn format_of(output: &Path) -> anyhow::Result<AnimationFormat> {
    AnimationFormat::of_path(output).with_context(|| {
        format!(
            "{}: an animation is written as {} (name the file so)",
            output.display(),
            AnimationFormat::extensions()
        )
    })
}

/// Writes `shots` to `output`, saying how far it is on stderr.
pub fn write(slides: &Slides, shots: &[Shot], fps: u32, output: &Path) -> anyhow::Result<()> {
    let format = format_of(output)?;
    let (w, seconds) =
        super::write_streamed(output, slides.args.force, "frame", &mut |out, progress| {
            animate::animate(
                slides.dataset,
                &slides.prepared,
                shots,
                fps,
                format,
                out,
                progress,
            )
        })?;
    eprintln!(
        "{} frames, {}×{}, {:.1} s of animation, made in {seconds:.1} s",
        w.frames,
        w.width,
        w.height,
        f64::from(w.ticks) / f64::from(fps),
    );
    println!("{}", output.display());
    Ok(())
}

/// `render --animate FROM..TO --step Nd --fps F -o FILE.gif`.
pub fn days(slides: &Slides, (from, to): (Day, Day), step: u32, fps: u32) -> anyhow::Result<()> {
    let output = slides.output()?;
    let base = slides.picture(Some(from), slides.args.select.iter().cloned().collect());
    let shots = animate::shots_for_days(&base, from, to, step);
    write(slides, &shots, fps, output)
}

/// `render --story FILE|builtin -o FILE.gif`.
pub fn story(slides: &Slides, story: &Story, fps: u32) -> anyhow::Result<()> {
    let output = slides.output()?;
    let problems = story.problems(slides.dataset);
    if let Some(problem) = problems.first() {
        bail!("the story {:?}: {problem}", story.title);
    }
    let base = slides.picture(None, Vec::new());
    let shots = animate::shots_for_story(slides.dataset, story, &base, fps);
    write(slides, &shots, fps, output)
}
