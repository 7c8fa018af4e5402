//! Search: places and features by any of their names, and text in the documents.

use std::ops::Range;

use karabakh_data::{Dataset, Document, Kind};

#[derive(Clone, Debug, PartialEq)]
pub enum Hit {
    /// A feature (dataset index) and the name that matched.
    Feature { index: usize, matched: String },
    /// A passage of a document: its id, the byte range found and a snippet around it.
    Text {
        doc: String,
        span: Range<usize>,
        snippet: String,
    },
}

/// Folds case and the diacritics of the region's Latin spellings, so that "xankendi" finds
/// "Xankəndi", "susa" finds "Şuşa" and "irevan" finds "İrəvan". Lowercasing comes first, and
/// it turns `İ` into `i` and a combining dot: combining marks are dropped after it, which
/// also folds text written with separate accents.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| folded.push(f));
    }
    folded
}

/// [`fold`] of one character, handed to `push` (lowercasing may make two).
fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        return push(c.to_ascii_lowercase());
    }
    for l in c.to_lowercase().filter(|&l| !is_combining_mark(l)) {
        push(match l {
            'ə' => 'e',
            'ş' => 's',
            'ç' => 'c',
            'ğ' => 'g',
            'ı' | 'î' | 'ï' | 'í' => 'i',
            'ö' | 'ó' => 'o',
            'ü' | 'û' | 'ú' => 'u',
            'â' | 'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ê' => 'e',
            '’' | '‘' => '\'',
            l => l,
        });
    }
}

/// The combining diacritical marks (U+0300–U+036F): accents written as a character of their
/// own after a letter.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// How closely a name matches what was typed: all of it (or all of one side of a
/// "Stepanakert / Khankendi"), the start of a word in it, or somewhere inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    Whole,
    WordStart,
    Within,
}

fn closeness(name: &str, needle: &str) -> Option<Closeness> {
    let folded = fold(name);
    if folded == needle || folded.split(" / ").any(|part| part == needle) {
        Some(Closeness::Whole)
    } else if folded
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|word| word.starts_with(needle))
        || folded.starts_with(needle)
    {
        Some(Closeness::WordStart)
    } else if folded.contains(needle) {
        Some(Closeness::Within)
    } else {
        None
    }
}

/// Places before things: a town is what one looks for by a town's name, then countries,
/// regions and waters; bases, events and the rest named after a place come after.
fn kind_rank(kind: Kind) -> u8 {
    match kind {
        Kind::Town => 0,
        Kind::Country | Kind::Region | Kind::Lake | Kind::River => 1,
        _ => 2,
    }
}

/// Features whose names match, the closest first (then towns first, then in the data's
/// order), each with its closest name; at most `limit`.
fn features(dataset: &Dataset, needle: &str, limit: usize) -> Vec<Hit> {
    let mut found: Vec<(Closeness, u8, usize, &str)> = dataset
        .features
        .iter()
        .enumerate()
        .filter_map(|(index, f)| {
            let (close, name) = f
                .names
                .all()
                .filter_map(|n| Some((closeness(n, needle)?, n)))
                .min_by_key(|(close, _)| *close)?;
            Some((close, kind_rank(f.kind), index, name))
        })
        .collect();
    found.sort_by_key(|&(close, kind, index, _)| (close, kind, index));
    found
        .into_iter()
        .take(limit)
        .map(|(_, _, index, name)| Hit::Feature {
            index,
            matched: name.to_owned(),
        })
        .collect()
}

/// Features first (closest first), then passages of documents; at most `limit` of each.
pub fn search(dataset: &Dataset, query: &str, limit: usize) -> Vec<Hit> {
    search_in(dataset, &FoldedDocs::of(dataset), query, limit)
}

/// As [`search`], with the documents already folded (once per revision of the data, not once
/// per key typed: a long document takes a while to fold).
pub fn search_in(dataset: &Dataset, docs: &FoldedDocs, query: &str, limit: usize) -> Vec<Hit> {
    let needle = fold(query.trim());
    if needle.chars().count() < 2 {
        return Vec::new();
    }
    let mut hits = features(dataset, &needle, limit);
    for (doc, folded) in dataset.documents.iter().zip(&docs.docs) {
        hits.extend(passages(doc, folded, &needle, limit));
    }
    hits
}

/// The documents' texts folded, in the dataset's order.
#[derive(Default)]
pub struct FoldedDocs {
    docs: Vec<FoldedDoc>,
}

/// A text folded, with the byte offset in the original of each byte of the folded text.
struct FoldedDoc {
    folded: String,
    offsets: Vec<u32>,
}

impl FoldedDocs {
    pub fn of(dataset: &Dataset) -> FoldedDocs {
        let docs = dataset
            .documents
            .iter()
            .map(|doc| {
                let mut folded = String::with_capacity(doc.text.len());
                let mut offsets = Vec::with_capacity(doc.text.len() + 1);
                for (i, c) in doc.text.char_indices() {
                    fold_char(c, |f| {
                        folded.push(f);
                        offsets.extend(std::iter::repeat_n(i as u32, f.len_utf8()));
                    });
                }
                offsets.push(doc.text.len() as u32);
                FoldedDoc { folded, offsets }
            })
            .collect();
        FoldedDocs { docs }
    }
}

/// Where `needle` (folded) occurs in a document's text, at most `limit` times.
fn passages(doc: &Document, folded: &FoldedDoc, needle: &str, limit: usize) -> Vec<Hit> {
    let FoldedDoc { folded, offsets } = folded;
    let original = |at: usize| offsets.get(at).map_or(doc.text.len(), |&o| o as usize);
    let mut hits = Vec::new();
    let mut from = 0;
    while let Some(at) = folded.get(from..).and_then(|rest| rest.find(needle)) {
        let start = original(from + at);
        let end = original(from + at + needle.len());
        let end = (end..=doc.text.len())
            .find(|&e| doc.text.is_char_boundary(e))
            .unwrap_or(doc.text.len());
        hits.push(Hit::Text {
            doc: doc.id.clone(),
            span: start..end,
            snippet: snippet(&doc.text, start..end, paragraph_of(doc, start)),
        });
        from += at + needle.len().max(1);
        if hits.len() >= limit {
            break;
        }
    }
    hits
}

/// The byte range of the paragraph holding byte `at` (the whole text, if none does).
fn paragraph_of(doc: &Document, at: usize) -> Range<usize> {
    doc.paragraph_at(at)
        .and_then(|i| doc.paragraphs.get(i).cloned())
        .unwrap_or(0..doc.text.len())
}

/// About 40 characters on each side of the match within its paragraph (the result names the
/// paragraph), cut at spaces.
pub(crate) fn snippet(text: &str, span: Range<usize>, paragraph: Range<usize>) -> String {
    let before: String = text[paragraph.start.min(span.start)..span.start]
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[span.end..paragraph.end.max(span.end)]
        .chars()
        .take(40)
        .collect();
    let before = before
        .split_once(' ')
        .map_or(before.as_str(), |(_, b)| b)
        .to_owned();
    let after = after
        .rsplit_once(' ')
        .map_or(after.as_str(), |(a, _)| a)
        .to_owned();
    format!("…{before}{}{after}…", &text[span])
}

#[cfg(test)]
mod tests {
    use super::*;
    use karabakh_data as data;

    #[test]
    fn a_snippet_stays_in_the_paragraph_of_its_match() {
        let text = "Buses from Stepanakert reached Goris on Sunday night.\n\nOthers waited.";
        let doc = Document::new("d".into(), data::DocumentMeta::default(), text.into());
        let start = text.find("Goris").expect("there");
        let span = start..start + "Goris".len();
        let cut = snippet(text, span.clone(), paragraph_of(&doc, start));
        assert!(!cut.contains("Others"), "{cut:?}");
        assert!(cut.contains("reached Goris on Sunday"), "{cut:?}");
    }

    #[test]
    fn finds_a_place_by_either_name_and_script() {
        let d = data::load_embedded();
        for query in [
            "Khankendi",
            "stepanakert",
            "Xankəndi",
            "xankendi",
            "Ստեփանակերտ",
        ] {
            let hits = search(&d, query, 10);
            let found = hits.iter().any(|h| matches!(h, Hit::Feature { index, .. } if d.features[*index].id == "town-stepanakert"));
            assert!(found, "{query}: {hits:?}");
        }
        assert!(search(&d, "x", 10).is_empty());
    }

    #[test]
    fn folding_drops_the_dot_that_lowercasing_gives_the_capital_i() {
        assert_eq!(fold("İrəvan"), "irevan");
        assert_eq!(fold("Şuşa"), "susa");
        // An accent written as a character of its own.
        assert_eq!(fold("Gyumri\u{0301}"), "gyumri");
    }

    #[test]
    fn irevan_finds_yerevan_by_its_azerbaijani_name() {
        let d = data::load_embedded();
        let hits = search(&d, "irevan", 10);
        let yerevan = d.feature_index("town-yerevan").expect("Yerevan");
        assert_eq!(
            hits.first(),
            Some(&Hit::Feature {
                index: yerevan,
                matched: "İrəvan".to_owned()
            }),
            "{hits:?}"
        );
    }

    #[test]
    fn the_town_comes_before_what_is_named_after_it() {
        let d = data::load_embedded();
        let hits = search(&d, "Stepanakert", 10);
        let Some(Hit::Feature { index, matched }) = hits.first() else {
            panic!("no feature found: {hits:?}");
        };
        assert_eq!(d.features[*index].id, "town-stepanakert", "{hits:?}");
        assert_eq!(fold(matched).split(" / ").next(), Some("stepanakert"));
        // Khankendi too, by its other name.
        let Some(Hit::Feature { index, .. }) = search(&d, "khankendi", 10).first().cloned() else {
            panic!("nothing for khankendi");
        };
        assert_eq!(d.features[index].id, "town-stepanakert");
    }

    #[test]
    fn folding_a_text_keeps_each_letters_place_in_the_original() {
        let mut d = data::load_embedded();
        let text = "Şuşa, Xankəndi and İrəvan: ŞUŞA again.";
        let meta = d.documents[0].meta.clone();
        d.documents = vec![karabakh_data::Document::new(
            "t".into(),
            meta,
            text.to_owned(),
        )];
        let folded = FoldedDocs::of(&d);
        let spans: Vec<&str> = search_in(&d, &folded, "susa", 10)
            .into_iter()
            .filter_map(|h| match h {
                Hit::Text { span, .. } => Some(&text[span]),
                Hit::Feature { .. } => None,
            })
            .collect();
        assert_eq!(spans, ["Şuşa", "ŞUŞA"]);
        let irevan = search_in(&d, &folded, "irevan", 10);
        assert!(
            irevan
                .iter()
                .any(|h| matches!(h, Hit::Text { span, .. } if &text[span.clone()] == "İrəvan")),
            "{irevan:?}"
        );
    }

    #[test]
    fn finds_text_in_the_documents_with_its_place() {
        let d = data::load_embedded();
        let hits = search(&d, "pashinyan", 10);
        let Some(Hit::Text { doc, span, snippet }) =
            hits.iter().find(|h| matches!(h, Hit::Text { .. }))
        else {
            panic!("no text hit: {hits:?}");
        };
        let text = &d.document(doc).expect("doc").text;
        assert_eq!(&text[span.clone()], "Pashinyan");
        assert!(snippet.contains("Nikol Pashinyan"), "{snippet}");
        // Curly apostrophes in the text match a straight one typed by the user.
        assert!(
            search(&d, "peacekeepers' camps", 10)
                .iter()
                .any(|h| matches!(h, Hit::Text { .. }))
        );
    }
}
