//! The pages of a deck that are not slides: the title page, and the pages listing every
//! document and excerpt cited and every data source with its licence. Written as SVG in the
//! slides' size and font, so they become PDF the same way the slides do.

use std::fmt::Write as _;

use karabakh_data::cite::Reference;
use karabakh_data::embedded::SOURCES;
use karabakh_scene::slide::wrap;

use crate::svg::escape;

const INK: &str = "#222228";
const MUTED: &str = "#55555f";
const PAPER: &str = "#fbfbf8";

/// One line of a text page: its words, size, and how it is set.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    text: String,
    size: f32,
    bold: bool,
    indent: f32,
    muted: bool,
}

impl Line {
    fn new(text: impl Into<String>, size: f32) -> Self {
        Line {
            text: text.into(),
            size,
            bold: false,
            indent: 0.0,
            muted: false,
        }
    }

    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    fn indented(mut self, by: f32) -> Self {
        self.indent = by;
        self
    }

    fn muted(mut self) -> Self {
        self.muted = true;
        self
    }

    fn height(&self) -> f32 {
        self.size * 1.35
    }
}

/// The first page: the title large, what the deck is, and its pages' days and headings.
pub(crate) fn title_page(
    title: &str,
    subtitle: &str,
    contents: &[String],
    width: f32,
    height: f32,
) -> String {
    let unit = height / 1080.0;
    let margin = 96.0 * unit;
    let mut lines = vec![
        Line::new(title, 64.0 * unit).bold(),
        Line::new(subtitle, 30.0 * unit).muted(),
        Line::new("", 24.0 * unit),
    ];
    let size = 20.0 * unit;
    let room = ((height - 2.0 * margin) / (size * 1.35)) as usize;
    let shown = room.saturating_sub(lines.len() + 2);
    for entry in contents.iter().take(shown) {
        lines.push(Line::new(entry.clone(), size));
    }
    if contents.len() > shown {
        lines.push(Line::new(
            format!("… and {} more", contents.len() - shown),
            size,
        ));
    }
    lines.push(Line::new("", size));
    lines.push(
        Line::new(
            "Made with Karabakh Atlas; the sources of every page are listed at the end.",
            size,
        )
        .muted(),
    );
    let lines = wrapped(lines, width - 2.0 * margin);
    page_svg(title, &lines, width, height, margin)
}

/// The last pages: the documents cited with their excerpts, the sources the features name, and
/// the data sources with their licences (the built-in dossier's, then those of `folder`'s
/// SOURCES.md), as many pages as they fill.
pub(crate) fn reference_pages(
    references: &[Reference],
    folder: Option<&str>,
    width: f32,
    height: f32,
) -> Vec<String> {
    let unit = height / 1080.0;
    let margin = 72.0 * unit;
    let lines = wrapped(
        reference_lines(references, folder, unit),
        width - 2.0 * margin,
    );
    let mut pages: Vec<Vec<Line>> = vec![Vec::new()];
    let mut used = 0.0;
    for line in lines {
        let starts_section = line.bold && used > 0.0;
        if used + line.height() > height - 2.0 * margin || (starts_section && used > height * 0.8) {
            pages.push(Vec::new());
            used = 0.0;
        }
        used += line.height();
        if let Some(page) = pages.last_mut() {
            page.push(line);
        }
    }
    pages
        .iter()
        .map(|lines| page_svg("Sources", lines, width, height, margin))
        .collect()
}

fn reference_lines(references: &[Reference], folder: Option<&str>, unit: f32) -> Vec<Line> {
    let (head, body, small) = (34.0 * unit, 19.0 * unit, 17.0 * unit);
    let indent = 28.0 * unit;
    let mut lines = vec![Line::new("Documents and excerpts cited", head).bold()];
    let documents: Vec<&Reference> = references.iter().filter(|r| r.is_document).collect();
    if documents.is_empty() {
        lines.push(Line::new("None.", body));
    }
    for reference in documents {
        lines.push(Line::new(describe(reference), body).bold());
        if let Some(url) = &reference.url {
            lines.push(Line::new(url.clone(), small).indented(indent).muted());
        }
        for quote in &reference.excerpts {
            lines.push(Line::new(format!("“{quote}”"), body).indented(indent));
        }
        lines.push(
            Line::new(
                format!("Cited for: {}", reference.cited_for.join("; ")),
                small,
            )
            .indented(indent)
            .muted(),
        );
    }
    let named: Vec<&Reference> = references.iter().filter(|r| !r.is_document).collect();
    if !named.is_empty() {
        lines.push(Line::new("", body));
        lines.push(Line::new("Sources named by the features and captions shown", head).bold());
        for reference in named {
            lines.push(Line::new(
                format!(
                    "{} (for: {})",
                    reference.title,
                    reference.cited_for.join("; ")
                ),
                small,
            ));
        }
    }
    lines.push(Line::new("", body));
    lines.push(Line::new("Data sources and their licences", head).bold());
    let built_in = data_licences(SOURCES);
    let own = folder.map(data_licences).unwrap_or_default();
    for (source, what, licence) in built_in
        .iter()
        .chain(own.iter().filter(|r| !built_in.contains(r)))
    {
        lines.push(Line::new(
            format!("{source}: {what}. Licence: {licence}."),
            small,
        ));
    }
    lines
}

/// "Title. Outlet, author, 2023-09-25 (inferred)."
fn describe(reference: &Reference) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(reference.outlet.clone());
    parts.extend(reference.author.clone());
    parts.push(match reference.date {
        Some(date) if reference.date_inferred => format!("{date} (date inferred)"),
        Some(date) => date.to_string(),
        None => "undated".to_owned(),
    });
    format!("{}. {}.", reference.title, parts.join(", "))
}

/// The rows of the licence table in SOURCES.md: source, what was taken, licence.
fn data_licences(markdown: &str) -> Vec<(String, String, String)> {
    let plain = |cell: &str| cell.replace(['*', '`'], "").trim().to_owned();
    let Some(section) = markdown.split("## Licences of the raw sources").nth(1) else {
        return Vec::new();
    };
    let section = section.split("\n## ").next().unwrap_or("");
    section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| source"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').collect();
            match cells.as_slice() {
                [source, what, licence] => Some((plain(source), plain(what), plain(licence))),
                _ => None,
            }
        })
        .collect()
}

/// `lines` broken to fit `width`; a wrapped line's continuation keeps its indent and look.
fn wrapped(lines: Vec<Line>, width: f32) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let pieces = wrap(&line.text, line.size, width - line.indent);
        if pieces.is_empty() {
            out.push(line);
            continue;
        }
        for piece in pieces {
            out.push(Line {
                text: piece,
                ..line.clone()
            });
        }
    }
    out
}

fn page_svg(title: &str, lines: &[Line], width: f32, height: f32, margin: f32) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans">"#
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        r#"<rect x="0" y="0" width="{width}" height="{height}" fill="{PAPER}"/>"#
    );
    let mut y = margin;
    for line in lines {
        y += line.height();
        if line.text.is_empty() {
            continue;
        }
        let weight = if line.bold {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let fill = if line.muted { MUTED } else { INK };
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{fill}"{weight}>{}</text>"#,
            margin + line.indent,
            y - line.size * 0.3,
            line.size,
            escape(&line.text)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_licence_table_is_read_from_sources_md() {
        let rows = data_licences(SOURCES);
        assert!(rows.len() >= 4, "{rows:?}");
        assert!(
            rows.iter()
                .any(|(s, _, l)| s.contains("GeoNames") && l == "CC BY 4.0"),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .any(|(s, _, l)| s.contains("Natural Earth") && l == "public domain"),
            "{rows:?}"
        );
        assert!(
            rows.iter()
                .all(|(s, w, l)| !s.is_empty() && !w.is_empty() && !l.is_empty())
        );
    }

    #[test]
    fn long_lists_of_sources_fill_several_pages_and_every_line_is_on_one() {
        let reference = |n: usize| Reference {
            id: format!("d{n}"),
            title: format!("Document number {n} & <more>"),
            outlet: None,
            author: None,
            date: None,
            date_inferred: false,
            url: None,
            location: None,
            excerpts: vec![format!("quote {n} of a document that is cited here")],
            cited_for: vec!["a feature".to_owned()],
            is_document: true,
        };
        let references: Vec<Reference> = (0..60).map(reference).collect();
        let pages = reference_pages(&references, None, 1920.0, 1080.0);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let all = pages.concat();
        for n in 0..60 {
            assert!(all.contains(&format!("quote {n} of a document")), "{n}");
        }
        assert!(all.contains("Document number 7 &amp; &lt;more&gt;"));
        assert!(all.contains("Data sources and their licences"));
    }

    #[test]
    fn a_folders_own_sources_follow_the_built_in_ones() {
        let folder = "# Mine\n\n## Licences of the raw sources\n\n| source | what | licence |\n|---|---|---|\n| **My survey** | the posts | CC0 |\n";
        let all = reference_pages(&[], Some(folder), 1920.0, 1080.0).concat();
        let (built_in, own) = (
            data_licences(SOURCES),
            "My survey: the posts. Licence: CC0.",
        );
        let first = built_in.first().expect("the built-in table");
        let at = |text: &str| all.find(text).unwrap_or_else(|| panic!("{text} missing"));
        assert!(at(&format!("{}: {}", first.0, first.1)) < at(own));
    }
}
