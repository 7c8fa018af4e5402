//! `render --compare FIRST,SECOND -o before-after.png|svg`: two dates side by side in one
//! image, with what changed between them.

use anyhow::bail;
use karabakh_atlas::export::{self, compare};
use karabakh_atlas::time::Day;

use super::render::Slides;

/// `FIRST,SECOND`: two full dates, in either order, not the same.
pub fn parse_pair(text: &str) -> anyhow::Result<(Day, Day)> {
    let Some((first, second)) = text.split_once(',') else {
        bail!("{text:?}: expected two dates FIRST,SECOND, e.g. 2020-09-26,2020-12-02");
    };
    let first = Day::parse(first.trim()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let second = Day::parse(second.trim()).map_err(|e| anyhow::anyhow!("{e}"))?;
    if first == second {
        bail!("{text:?}: the two dates are the same day");
    }
    Ok((first, second))
}

/// Writes the two days side by side into the image -o names, of --size: each half half as
/// wide, showing the view asked for (or the region) on its day.
pub fn write(slides: &Slides, (first, second): (Day, Day)) -> anyhow::Result<()> {
    let output = slides.output()?;
    let format = slides.format_for(output)?;
    let args = slides.args;
    let mut base = slides.picture(None, args.select.iter().cloned().collect());
    let (w, h) = args.size;
    base.inputs.view = export::view_for(args.center, args.zoom, args.bbox, (w / 2.0).floor(), h);
    let halves = compare::halves(&base, first, second);
    let bytes = compare::render_compare(slides.dataset, &slides.prepared, &halves, format)?;
    slides.write_bytes(&bytes, output)
}
