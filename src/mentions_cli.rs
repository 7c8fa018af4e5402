//! `mentions`: the places a text names, as the window suggests them, for scripts and tests.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use karabakh_atlas::data::mentions::{Gazetteer, Mention};
use karabakh_atlas::data::review::{self, REVIEWS_FILE, Reviews};
use karabakh_atlas::data::{Dataset, DocumentMeta, InputFile};
use karabakh_atlas::time::PartialDate;
use serde_json::json;

/// `mentions`: the places a text mentions.
#[derive(clap::Args)]
pub struct MentionsArgs {
    /// The text (UTF-8, or UTF-16 with its byte-order mark). Its date comes from a
    /// `NAME.meta.json` beside it, as in a dossier's seeds/, unless --date says it.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The document's date (YYYY, YYYY-MM or YYYY-MM-DD), against which "on 29 September" or
    /// "Sunday night" are read.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<PartialDate>,
    /// Another dossier folder (with geodata/ and seeds/) whose places to look for.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Write a JSON array instead of a list.
    #[arg(long)]
    json: bool,
}

fn parse_date(text: &str) -> anyhow::Result<PartialDate> {
    Ok(PartialDate::parse(text)?)
}

/// The date in the document's `NAME.meta.json`, if there is one beside it.
fn date_beside(file: &Path) -> anyhow::Result<Option<PartialDate>> {
    let (Some(dir), Some(stem)) = (file.parent(), file.file_stem().and_then(|s| s.to_str())) else {
        return Ok(None);
    };
    let meta_path = dir.join(format!("{stem}.meta.json"));
    let Ok(text) = std::fs::read_to_string(&meta_path) else {
        return Ok(None);
    };
    let meta: DocumentMeta = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a document's metadata", meta_path.display()))?;
    match meta.date.as_deref().map(PartialDate::parse) {
        Some(Ok(date)) => Ok(Some(date)),
        Some(Err(e)) => bail!("{}: {e}", meta_path.display()),
        None => Ok(None),
    }
}

pub fn mentions(args: MentionsArgs) -> anyhow::Result<()> {
    let dataset = super::load_dossier_warning(args.data.as_deref());
    let file = InputFile::read(&args.file);
    let text = file
        .text()
        .with_context(|| format!("{}", args.file.display()))?;
    let date = match args.date {
        Some(date) => Some(date),
        None => date_beside(&args.file)?,
    };
    let gazetteer = Gazetteer::new(&dataset)?;
    let found = gazetteer.find(&text, date);
    if args.json {
        let records: Vec<serde_json::Value> = found.iter().map(|m| record(m, &text)).collect();
        let json = serde_json::to_string_pretty(&records).context("cannot write JSON")?;
        println!("{json}");
    } else {
        print!("{}", report(&args.file, date, &found, &text));
    }
    Ok(())
}

/// One mention as JSON.
fn record(mention: &Mention, text: &str) -> serde_json::Value {
    json!({
        "feature": mention.place().map(|c| c.id.as_str()),
        "ambiguous": mention.is_ambiguous(),
        "candidates": mention.candidates.iter().map(|c| json!({
            "id": c.id,
            "label": c.label,
            "feature": c.is_feature(),
            "lon_lat": c.position.map(|p| [p.x(), p.y()]),
        })).collect::<Vec<_>>(),
        "words": mention.words,
        "start": mention.span.start,
        "end": mention.span.end,
        "sentence": text.get(mention.sentence.clone()),
        "date": mention.date.as_ref().map(|d| d.date.to_string()),
        "date_words": mention.date.as_ref().map(|d| d.words.as_str()),
    })
}

/// The mentions as a list a person reads: what, where, the sentence, the date.
fn report(file: &Path, date: Option<PartialDate>, found: &[Mention], text: &str) -> String {
    use std::fmt::Write as _;
    let date = date.map_or_else(|| "undated".to_owned(), |d| d.to_string());
    let mut out = format!(
        "{}: {} mentions of places (document date: {date})\n",
        file.display(),
        found.len()
    );
    for mention in found {
        let ids: Vec<&str> = mention.candidates.iter().map(|c| c.id.as_str()).collect();
        let what = if mention.is_ambiguous() {
            format!("ambiguous: {}", ids.join(" | "))
        } else {
            ids.join("")
        };
        let _ = write!(
            out,
            "{}..{}\t{:?}\t{what}",
            mention.span.start, mention.span.end, mention.words
        );
        if let Some(read) = &mention.date {
            let _ = write!(out, "\tdate {} ({:?})", read.date, read.words);
        }
        let sentence = text.get(mention.sentence.clone()).unwrap_or_default();
        let _ = writeln!(out, "\n\t{sentence}");
    }
    out
}

/// For `check`: each document's suggested links never reviewed, counted, and how to review
/// them (a warning: a dossier is valid with them).
pub fn unreviewed_warnings(dataset: &Dataset) -> Vec<String> {
    let reviews = match Reviews::of_dossier(dataset) {
        Ok(reviews) => reviews,
        // A reviews file that does not read is already one of the dossier's problems.
        Err(_) => return Vec::new(),
    };
    let found = match review::unreviewed(dataset, &reviews) {
        Ok(found) => found,
        Err(e) => return vec![format!("suggested links not looked for: {e}")],
    };
    let open = match &dataset.provenance.dir {
        Some(dir) => format!("karabakh-atlas --data {}", dir.display()),
        None => "karabakh-atlas".to_owned(),
    };
    found
        .iter()
        .map(|u| {
            format!(
                "{} suggested link(s) never reviewed in document {} ({:?}): open it in the \
                 window ({open}), Accept or Reject each under \"Suggested links\", then Save \
                 (kept in {REVIEWS_FILE}); `karabakh-atlas mentions` lists them",
                u.count, u.doc, u.title
            )
        })
        .collect()
}
