//! Search: places and features by any of their names, and text in the documents.

use std::ops::Range;

use karabakh_data::Dataset;

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
/// "Xankəndi" and "susa" finds "Şuşa".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ə' => 'e',
            'ş' => 's',
            'ç' => 'c',
            'ğ' => 'g',
            'ı' | 'İ' | 'î' | 'ï' | 'í' => 'i',
            'ö' | 'ó' => 'o',
            'ü' | 'û' | 'ú' => 'u',
            'â' | 'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ê' => 'e',
            '’' | '‘' => '\'',
            c => c,
        })
        .collect()
}

/// Features first (by name), then passages of documents; at most `limit` of each.
pub fn search(dataset: &Dataset, query: &str, limit: usize) -> Vec<Hit> {
    let needle = fold(query.trim());
    if needle.chars().count() < 2 {
        return Vec::new();
    }
    let mut hits: Vec<Hit> = dataset
        .features
        .iter()
        .enumerate()
        .filter_map(|(index, f)| {
            let matched = f.names.all().find(|n| fold(n).contains(&needle))?;
            Some(Hit::Feature {
                index,
                matched: matched.to_owned(),
            })
        })
        .take(limit)
        .collect();
    for doc in &dataset.documents {
        // Fold the text char by char, keeping each folded char's byte offset in the original.
        let mut folded = String::new();
        let mut offsets = Vec::new();
        for (i, c) in doc.text.char_indices() {
            for f in fold(&c.to_string()).chars() {
                folded.push(f);
                offsets.extend(std::iter::repeat_n(i, f.len_utf8()));
            }
        }
        offsets.push(doc.text.len());
        let mut from = 0;
        let mut found = 0;
        while let Some(at) = folded.get(from..).and_then(|rest| rest.find(&needle)) {
            let start = offsets.get(from + at).copied().unwrap_or(doc.text.len());
            let end = offsets
                .get(from + at + needle.len())
                .copied()
                .unwrap_or(doc.text.len());
            let end = (end..=doc.text.len())
                .find(|&e| doc.text.is_char_boundary(e))
                .unwrap_or(doc.text.len());
            hits.push(Hit::Text {
                doc: doc.id.clone(),
                span: start..end,
                snippet: snippet(&doc.text, start..end),
            });
            found += 1;
            from += at + needle.len().max(1);
            if found >= limit {
                break;
            }
        }
    }
    hits
}

/// About 40 characters on each side of the match, cut at spaces.
fn snippet(text: &str, span: Range<usize>) -> String {
    let before: String = text[..span.start]
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[span.end..].chars().take(40).collect();
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
