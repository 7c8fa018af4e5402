//! Citations for a reference manager: the sources of a feature, of several, or of a whole story,
//! as CSL-JSON (Zotero, Mendeley, pandoc) or BibTeX.
//!
//! A source is either a document of the dossier (an excerpt's document or a chapter's caption:
//! its title, outlet, author, date and address, with the passages quoted) or a source a feature
//! or a caption names in words ("Wikipedia 'Battle of Kalbajar'; AP (1 April 1993)"), one
//! reference for each part between semicolons, dated by the year it states, if any. A part may
//! begin with what it is the source of ("position: GeoNames 148105 (Hadrut), CC-BY 4.0; dates:
//! top-center.org; …"): that role goes with what the work is cited for, not into its title.

use karabakh_time::{Day, PartialDate};
use serde_json::{Value, json};

use crate::document::Document;
use crate::model::{Dataset, Feature, Kind};
use crate::story::{Caption, Story};

/// One work cited.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The document's id, or `source-` and the words' letters for a source named in words.
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<PartialDate>,
    /// The date is the project's inference, not stated by the work.
    pub date_inferred: bool,
    /// A web address (http or https).
    pub url: Option<String>,
    /// Where it can be found when that is not a web address (a library reference).
    pub location: Option<String>,
    /// The passages quoted from it, in the order first cited.
    pub excerpts: Vec<String>,
    /// What in the atlas it is cited for: feature names, chapter titles.
    pub cited_for: Vec<String>,
    /// Whether it is a document of the dossier (else a source named in words).
    pub is_document: bool,
}

/// The sources of the features `ids` (unknown ids are skipped), each once, in the order met.
pub fn of_features(dataset: &Dataset, ids: &[String]) -> Vec<Reference> {
    let mut list = List::default();
    for id in ids {
        if let Some(feature) = dataset.feature(id) {
            list.add_feature(dataset, feature);
        }
    }
    list.items
}

/// The sources of every chapter of `story`: its caption (an excerpt's document or the words'
/// stated source), its selected features and the events on the map on its day, as each frame of
/// the story cites them.
pub fn of_story(dataset: &Dataset, story: &Story) -> Vec<Reference> {
    let mut list = List::default();
    for (n, chapter) in story.chapters.iter().enumerate() {
        let heading = if chapter.title.is_empty() {
            format!("{}, chapter {}", story.title, n + 1)
        } else {
            chapter.title.clone()
        };
        match &chapter.caption {
            Caption::Excerpt { doc, quote } => {
                if let Some(document) = dataset.document(doc) {
                    list.add_document(document, Some(quote), &heading);
                }
            }
            Caption::Words {
                source: Some(source),
                ..
            } => list.add_named(source, &heading),
            Caption::Words { source: None, .. } => {}
        }
        for id in &chapter.selection {
            if let Some(feature) = dataset.feature(id) {
                list.add_feature(dataset, feature);
            }
        }
        for feature in events_on(dataset, chapter.date) {
            list.add_feature(dataset, feature);
        }
    }
    list.items
}

fn events_on(dataset: &Dataset, day: Day) -> impl Iterator<Item = &Feature> {
    dataset
        .features
        .iter()
        .filter(move |f| f.kind == Kind::Event && f.visible_on(day))
}

/// The references gathered so far, each once.
#[derive(Default)]
struct List {
    items: Vec<Reference>,
}

impl List {
    fn add_feature(&mut self, dataset: &Dataset, feature: &Feature) {
        let name = feature.names.display.clone();
        for link in &feature.excerpts {
            if let Some(document) = dataset.document(&link.doc) {
                self.add_document(document, Some(&link.quote), &name);
            }
        }
        self.add_named(&feature.source, &name);
    }

    fn entry(&mut self, id: &str, make: impl FnOnce() -> Reference) -> &mut Reference {
        let index = match self.items.iter().position(|r| r.id == id) {
            Some(index) => index,
            None => {
                self.items.push(make());
                self.items.len() - 1
            }
        };
        &mut self.items[index]
    }

    fn add_document(&mut self, document: &Document, quote: Option<&str>, cited_for: &str) {
        let entry = self.entry(&document.id, || of_document(document));
        if let Some(quote) = quote {
            push_once(&mut entry.excerpts, quote);
        }
        push_once(&mut entry.cited_for, cited_for);
    }

    fn add_named(&mut self, words: &str, cited_for: &str) {
        for part in source_parts(words) {
            let (work, note) = match wikipedia_article(part.work) {
                Some(article) => (article.work, article.note),
                None => (part.work, None),
            };
            let id = named_id(work);
            let entry = self.entry(&id, || Reference {
                id: id.clone(),
                title: work.to_owned(),
                outlet: None,
                author: None,
                date: year_in(work).map(PartialDate::Year),
                date_inferred: false,
                url: None,
                location: None,
                excerpts: Vec::new(),
                cited_for: Vec::new(),
                is_document: false,
            });
            let what = match (part.role, note) {
                (Some(role), Some(note)) => format!("{cited_for} ({role}: {note})"),
                (Some(role), None) => format!("{cited_for} ({role})"),
                (None, Some(note)) => format!("{cited_for} ({note})"),
                (None, None) => cited_for.to_owned(),
            };
            push_once(&mut entry.cited_for, &what);
        }
    }
}

/// One work named in a `source` text, with what it is the source of when the text says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourcePart<'a> {
    /// The role written before a colon, as written: `position`, `dates`, `Waypoints`.
    pub role: Option<&'a str>,
    /// The work itself: `GeoNames 148105 (Hadrut), CC-BY 4.0`, `Wikipedia 'Hadrut Province'`.
    pub work: &'a str,
}

/// The works a `source` text names: its parts between semicolons, each without the role that
/// may begin it (up to four plain words and a colon, as in `dates: top-center.org`). A role
/// holds for the parts after it until the next: `dates: a; b` cites both a and b for dates.
pub fn source_parts(words: &str) -> Vec<SourcePart<'_>> {
    let mut role = None;
    let mut parts = Vec::new();
    for part in words.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let work = match part.split_once(':') {
            Some((named, work)) if is_role(named) && !work.trim().is_empty() => {
                role = Some(named.trim());
                work.trim()
            }
            _ => part,
        };
        parts.push(SourcePart { role, work });
    }
    parts
}

/// A Wikipedia article named in words, `Wikipedia 'Berkadzor'`, and the note that may follow its
/// quoted title (`(its founding)`, `(39°52′34″ N, 46°46′54″ E)`): one article, however it is
/// quoted and whatever is noted, is one work. (A note after another work may tell it apart from
/// the same outlet's other articles, `AP (1 April 1993)`, and stays with it.)
struct Article<'a> {
    /// `Wikipedia` and the quoted title, quotes and all.
    work: &'a str,
    note: Option<&'a str>,
}

fn wikipedia_article(work: &str) -> Option<Article<'_>> {
    let title = work.strip_prefix("Wikipedia")?.trim_start();
    let quote = title.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let close = title[1..].find(quote)? + 1;
    let end = work.len() - title.len() + close + quote.len_utf8();
    let rest = work[end..].trim();
    let note = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .map(str::trim)
        .filter(|n| !n.is_empty());
    // Anything else after the title (a second work, a licence) is kept in the work's name.
    if !rest.is_empty() && note.is_none() {
        return None;
    }
    Some(Article {
        work: &work[..end],
        note,
    })
}

/// Up to four words of letters: a role, not the start of an address (`https:`) or a sentence.
fn is_role(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=4).contains(&words)
        && text.len() <= 40
        && text.chars().all(|c| c.is_alphabetic() || c == ' ')
        && !matches!(text.trim(), "http" | "https")
}

fn push_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|i| i == item) {
        list.push(item.to_owned());
    }
}

fn of_document(document: &Document) -> Reference {
    let meta = &document.meta;
    let address = meta.address.clone().filter(|a| !a.trim().is_empty());
    let is_web = |a: &String| a.starts_with("http://") || a.starts_with("https://");
    Reference {
        id: document.id.clone(),
        title: meta.title.clone(),
        outlet: meta.outlet.clone().filter(|o| !o.trim().is_empty()),
        author: meta.author.clone().filter(|a| !a.trim().is_empty()),
        date: meta.parsed_date(),
        date_inferred: meta.date.is_some() && !meta.date_stated,
        url: address.clone().filter(is_web),
        location: address.filter(|a| !is_web(a)),
        excerpts: Vec::new(),
        cited_for: Vec::new(),
        is_document: true,
    }
}

/// `source-` and the words' ASCII letters; their hash when they have none (another script).
fn named_id(words: &str) -> String {
    let plain = letters(words, 48);
    if plain.len() >= 3 {
        return format!("source-{plain}");
    }
    // FNV-1a: stable across runs and builds, unlike the standard hasher.
    let hash = words.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("source-{hash:016x}")
}

/// The last four-digit year from 1800 to 2099 that stands as a word in `text`.
fn year_in(text: &str) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .rfind(|y| (1800..2100).contains(y))
}

/// The ASCII letters and digits of `text`, lower case, words joined by '-', at most `max` long.
fn letters(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() || out.len() >= max {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out.truncate(max);
    out
}

/// The formats citations are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiteFormat {
    /// CSL-JSON: an array of items, as Zotero and pandoc read it.
    CslJson,
    BibTex,
}

impl CiteFormat {
    pub const ALL: [CiteFormat; 2] = [CiteFormat::CslJson, CiteFormat::BibTex];

    /// The file name's extension: `json`, `bib`.
    pub fn extension(self) -> &'static str {
        match self {
            CiteFormat::CslJson => "json",
            CiteFormat::BibTex => "bib",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CiteFormat::CslJson => "CSL-JSON",
            CiteFormat::BibTex => "BibTeX",
        }
    }

    /// `references` in this format.
    pub fn write(self, references: &[Reference]) -> String {
        match self {
            CiteFormat::CslJson => csl_json(references),
            CiteFormat::BibTex => bibtex(references),
        }
    }
}

/// `references` as a CSL-JSON array, pretty printed.
pub fn csl_json(references: &[Reference]) -> String {
    let items: Vec<CslItem> = references.iter().map(csl_item).collect();
    // Serialising strings and values cannot fail.
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}

/// A CSL-JSON item, its fields in the order a person reads them.
#[derive(serde::Serialize)]
struct CslItem<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Value>,
    issued: Value,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archive_location: Option<&'a str>,
    note: String,
}

fn csl_item(reference: &Reference) -> CslItem<'_> {
    let kind = match (&reference.outlet, reference.is_document) {
        (Some(_), true) => "article-newspaper",
        (None, true) => "document",
        (_, false) => "webpage",
    };
    CslItem {
        id: &reference.id,
        kind,
        title: &reference.title,
        container_title: reference.outlet.as_deref(),
        author: reference.author.as_ref().map(|a| json!([{ "literal": a }])),
        issued: csl_date(reference),
        url: reference.url.as_deref(),
        archive_location: reference.location.as_deref(),
        note: note(reference),
    }
}

fn csl_date(reference: &Reference) -> Value {
    let parts = match reference.date {
        Some(PartialDate::Year(y)) => json!([[y]]),
        Some(PartialDate::Month(y, m)) => json!([[y, m]]),
        Some(PartialDate::Day(y, m, d)) => json!([[y, m, d]]),
        None => return json!({ "literal": "n.d." }),
    };
    if reference.date_inferred {
        json!({ "date-parts": parts, "circa": true })
    } else {
        json!({ "date-parts": parts })
    }
}

/// What the atlas cites it for and the passages quoted, for the reference's note.
fn note(reference: &Reference) -> String {
    let mut note = format!(
        "Cited by Karabakh Atlas for: {}.",
        reference.cited_for.join("; ")
    );
    if reference.date_inferred {
        note.push_str(" Date inferred from the text.");
    }
    for quote in &reference.excerpts {
        note.push_str(&format!(" Excerpt: “{quote}”"));
    }
    note
}

/// `references` as BibTeX entries, each with a key of its own.
pub fn bibtex(references: &[Reference]) -> String {
    let mut keys: Vec<String> = Vec::new();
    let mut out = String::new();
    for reference in references {
        let key = unique_key(&keys, &base_key(reference));
        let (kind, mut fields) = match (&reference.outlet, reference.is_document) {
            (Some(outlet), true) => ("article", vec![("journal", escape(outlet))]),
            _ => ("misc", Vec::new()),
        };
        fields.insert(0, ("title", format!("{{{}}}", escape(&reference.title))));
        if let Some(author) = &reference.author {
            // Braced: a name as written, not split into first and last.
            fields.push(("author", format!("{{{}}}", escape(author))));
        }
        if let Some(date) = reference.date {
            fields.extend(bib_date(date));
        }
        if let Some(url) = &reference.url {
            fields.push(("url", url_field(url)));
        }
        if let Some(location) = &reference.location {
            fields.push(("howpublished", escape(location)));
        }
        fields.push(("note", escape(&note(reference))));
        out.push_str(&format!("@{kind}{{{key},\n"));
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n\n");
        keys.push(key);
    }
    out
}

fn bib_date(date: PartialDate) -> Vec<(&'static str, String)> {
    match date {
        PartialDate::Year(y) => vec![("year", y.to_string())],
        PartialDate::Month(y, m) => vec![("year", y.to_string()), ("month", m.to_string())],
        PartialDate::Day(y, m, _) => vec![
            ("year", y.to_string()),
            ("month", m.to_string()),
            ("date", date.to_string()),
        ],
    }
}

/// The author's last name (or the outlet's or title's first word) and the year: `smith2023`.
fn base_key(reference: &Reference) -> String {
    let significant = |w: &&str| w.len() > 2 && !matches!(*w, "the" | "and");
    let word = match (&reference.author, &reference.outlet) {
        (Some(author), _) => letters(author, 64)
            .rsplit('-')
            .find(significant)
            .map(str::to_owned),
        (None, Some(outlet)) => letters(outlet, 64)
            .split('-')
            .find(significant)
            .map(str::to_owned),
        (None, None) => None,
    };
    let word = word
        .or_else(|| {
            letters(&reference.title, 64)
                .split('-')
                .find(significant)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "ref".to_owned());
    let year = match reference.date {
        Some(PartialDate::Year(y) | PartialDate::Month(y, _) | PartialDate::Day(y, _, _)) => {
            y.to_string()
        }
        None => "nd".to_owned(),
    };
    format!("{word}{year}")
}

/// `base`, or `base` with the first of b, c, … that no key in `keys` has.
fn unique_key(keys: &[String], base: &str) -> String {
    if !keys.iter().any(|k| k == base) {
        return base.to_owned();
    }
    (1..)
        .map(|n| format!("{base}{}", suffix(n)))
        .find(|k| !keys.contains(k))
        .unwrap_or_else(|| base.to_owned())
}

/// 1 → "b", 25 → "z", 26 → "ba" …: letters after the first key, which has none.
fn suffix(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.iter().rev().collect()
}

/// Text safe inside a braced BibTeX field read by LaTeX: its special characters escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An address for the `url` field: as it is (the url package reads it verbatim), with the
/// characters that would unbalance the field percent-encoded.
fn url_field(url: &str) -> String {
    url.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace(char::is_whitespace, "%20")
}

#[cfg(test)]
#[path = "cite_tests.rs"]
mod tests;
