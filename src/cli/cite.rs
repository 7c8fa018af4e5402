//! `cite --feature ID | --story FILE|builtin [--format csl|bibtex] [-o FILE]`: the sources of a
//! feature or of a story, for a reference manager.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use karabakh_atlas::data::cite::{self, CiteFormat};

/// What `cite` takes.
#[derive(clap::Args)]
pub struct CiteArgs {
    /// A feature whose sources to cite, by id (repeatable).
    #[arg(long = "feature", value_name = "ID", required_unless_present = "story")]
    features: Vec<String>,
    /// A story whose sources to cite: a stories/NAME.json file, or `builtin`.
    #[arg(long, value_name = "FILE|builtin")]
    story: Option<String>,
    /// csl (CSL-JSON, for Zotero, Mendeley, pandoc) or bibtex (default: from -o's extension,
    /// .json or .bib; else csl).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    format: Option<CiteFormat>,
    /// Another dossier folder (with geodata/ and seeds/).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Write to FILE instead of the standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

fn parse_format(text: &str) -> anyhow::Result<CiteFormat> {
    match text.to_ascii_lowercase().as_str() {
        "csl" | "csl-json" | "csljson" | "json" => Ok(CiteFormat::CslJson),
        "bibtex" | "bib" => Ok(CiteFormat::BibTex),
        _ => bail!("{text:?}: the formats are csl (CSL-JSON) and bibtex"),
    }
}

/// The format asked for, or the one `output`'s extension names, or CSL-JSON.
fn format_for(asked: Option<CiteFormat>, output: Option<&Path>) -> anyhow::Result<CiteFormat> {
    if let Some(format) = asked {
        return Ok(format);
    }
    let Some(output) = output else {
        return Ok(CiteFormat::CslJson);
    };
    let extension = output.extension().and_then(|e| e.to_str()).unwrap_or("");
    CiteFormat::ALL
        .into_iter()
        .find(|f| f.extension().eq_ignore_ascii_case(extension))
        .with_context(|| {
            format!(
                "{}: name it .json (CSL-JSON) or .bib (BibTeX), or give --format",
                output.display()
            )
        })
}

pub fn cite(args: CiteArgs) -> anyhow::Result<()> {
    let format = format_for(args.format, args.output.as_deref())?;
    let dataset = crate::load_dossier_warning(args.data.as_deref());
    if let Some(id) = args
        .features
        .iter()
        .find(|id| dataset.feature(id).is_none())
    {
        bail!("--feature: no feature with id {id:?} (see `karabakh-atlas check` for the ids)");
    }
    let mut references = cite::of_features(&dataset, &args.features);
    if let Some(name) = &args.story {
        let story = super::animate::load_story(name)?;
        for reference in cite::of_story(&dataset, &story) {
            if !references.iter().any(|r| r.id == reference.id) {
                references.push(reference);
            }
        }
    }
    if references.is_empty() {
        log::warn!("what was asked cites no sources");
    }
    let text = format.write(&references);
    match &args.output {
        Some(path) => {
            super::write_output(path, args.force, &mut |out| {
                out.write_all(text.as_bytes()).map_err(|source| {
                    karabakh_atlas::export::Error::Write {
                        path: path.clone(),
                        source,
                    }
                })
            })?;
            println!("{}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_option_then_the_extension() {
        let f = |asked, path: Option<&str>| format_for(asked, path.map(Path::new));
        assert_eq!(f(None, None).ok(), Some(CiteFormat::CslJson));
        assert_eq!(f(None, Some("a.bib")).ok(), Some(CiteFormat::BibTex));
        assert_eq!(f(None, Some("a.JSON")).ok(), Some(CiteFormat::CslJson));
        assert_eq!(
            f(Some(CiteFormat::BibTex), Some("a.txt")).ok(),
            Some(CiteFormat::BibTex)
        );
        let e = f(None, Some("a.txt")).expect_err("unknown extension");
        assert!(e.to_string().contains("name it .json"), "{e}");
        assert!(parse_format("BibTeX").is_ok());
        assert!(parse_format("ris").is_err());
    }
}
