//! The places a text mentions, found in one pass: every name of every place (all usages and
//! scripts, any case, with or without diacritics, with case endings), each with the sentence
//! it stands in and the date that sentence reads. A name that fits two places is reported with
//! both; a name that is often not a place is found only where the words around it say it is.
//!
//! | module | what it is |
//! |---|---|
//! | `fold` | text folded for matching, with the way back to the original bytes |
//! | `names` | the spellings the data does not hold (the region, Cyrillic, transliterations) |
//! | `gazetteer` | every name and the places it may mean |
//! | `dates` | the dates a passage mentions, resolved against the document's date |
//! | `sentences` | where sentences begin and end |

pub mod dates;
pub mod fold;
pub mod gazetteer;
mod names;
mod sentences;

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use karabakh_time::PartialDate;

pub use dates::{DateRead, read_dates};
pub use gazetteer::{Candidate, Town};
use gazetteer::{Entry, Names, Script};

use crate::model::Dataset;

/// A place a text mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The bytes of the words in the text, case ending included ("Ստեփանակերտում").
    pub span: Range<usize>,
    /// The words as written.
    pub words: String,
    /// The places they may mean: one, or several when the name is ambiguous.
    pub candidates: Vec<Candidate>,
    /// The bytes of the sentence the words stand in.
    pub sentence: Range<usize>,
    /// The first date the sentence mentions, if any.
    pub date: Option<DateRead>,
}

impl Mention {
    /// Whether the name fits more than one place.
    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }

    /// The one place meant, if the name is not ambiguous.
    pub fn place(&self) -> Option<&Candidate> {
        match self.candidates.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// Every name of a dossier's places and the basemap's towns, ready to search texts.
pub struct Gazetteer {
    matcher: AhoCorasick,
    entries: Vec<Entry>,
    candidates: Vec<Candidate>,
}

/// Why a gazetteer could not be built (only if the names outgrow the matcher).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the names' matcher: {0}")]
pub struct GazetteerError(#[from] aho_corasick::BuildError);

impl Gazetteer {
    /// The places of `dataset` and the built-in basemap's towns.
    pub fn new(dataset: &Dataset) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::with_towns(dataset, &Town::of_basemap())
    }

    /// The places of `dataset` and of `towns`.
    pub fn with_towns(dataset: &Dataset, towns: &[Town]) -> Result<Gazetteer, GazetteerError> {
        let Names {
            candidates,
            entries,
            ..
        } = Names::build(dataset, towns);
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|e| e.pattern.as_str()))?;
        Ok(Gazetteer {
            matcher,
            entries,
            candidates,
        })
    }

    /// How many names it knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The places `text` mentions, in order; `date` is the document's, against which the
    /// dates the text gives without a year are read.
    pub fn find(&self, text: &str, date: Option<PartialDate>) -> Vec<Mention> {
        let folded = fold::fold(text);
        // Single-letter Azerbaijani endings only in Azerbaijani text: in English "Baku-a" is
        // no word, but "Sus" + "a" is one.
        let azerbaijani = text.contains(['ə', 'Ə']);
        let sentences = sentences::sentences(text);
        let mut dates: Vec<Option<Option<DateRead>>> = vec![None; sentences.len()];
        let mut mentions = Vec::new();
        for found in self.matcher.find_iter(&folded.text) {
            let Some(entry) = self.entries.get(found.pattern().as_usize()) else {
                continue;
            };
            let before = folded.text[..found.start()].chars().next_back();
            if before.is_some_and(fold::is_word_char) {
                continue;
            }
            let rest = &folded.text[found.end()..];
            let ending_len = rest
                .find(|c: char| !fold::is_word_char(c))
                .unwrap_or(rest.len());
            if !ending_allowed(entry, &rest[..ending_len], azerbaijani) {
                continue;
            }
            let start = folded.original(found.start());
            let end = folded.original(found.end() + ending_len);
            let (Some(words), Some(head)) = (text.get(start..end), text.get(..start)) else {
                continue;
            };
            let capitalised = words.chars().next().is_some_and(char::is_uppercase);
            if (entry.capital || entry.weak) && !capitalised
                || entry.weak && !names::PLACE_CUES.contains(&cue_before(head).as_str())
            {
                continue;
            }
            let index = sentences.partition_point(|s| s.end <= start);
            let sentence = sentences.get(index).cloned().unwrap_or(start..end);
            let read = dates.get_mut(index).map(|cached| {
                cached
                    .get_or_insert_with(|| {
                        read_dates(&text[sentence.clone()], date).into_iter().next()
                    })
                    .clone()
            });
            let read = read.flatten();
            mentions.push(Mention {
                span: start..end,
                words: words.to_owned(),
                candidates: self.resolve(entry, read.as_ref().map(|r| r.date).or(date)),
                sentence,
                date: read,
            });
        }
        mentions
    }

    /// The places a name means on `date`: those that existed then, if any did; else all.
    fn resolve(&self, entry: &Entry, date: Option<PartialDate>) -> Vec<Candidate> {
        let all = entry
            .candidates
            .iter()
            .filter_map(|&i| self.candidates.get(i));
        let then: Vec<Candidate> = match date {
            Some(date) => all
                .clone()
                .filter(|c| c.existed_within(date))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        if then.is_empty() {
            all.cloned().collect()
        } else {
            then
        }
    }
}

/// The word before a name, lower case; after "of" or "the", the one before that ("the
/// village of Vank").
fn cue_before(head: &str) -> String {
    let mut words = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_lowercase);
    let mut word = words.next().unwrap_or_default();
    while word == "of" || word == "the" {
        word = words.next().unwrap_or_default();
    }
    word
}

/// Case endings a name may take, folded, by script.
const LATIN_ENDINGS: &[&str] = &[
    "da", "ta", "dan", "tan", "nin", "nun", "ya", "yi", "yu", "dir", "daki", "dakilar", "li",
    "lilar", "ni", "nu", "na", "in", "un",
];
const AZERBAIJANI_SHORT_ENDINGS: &[&str] = &["a", "e", "i", "u"];
const CYRILLIC_ENDINGS: &[&str] = &[
    "а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ой", "ей", "ою", "ах", "ях", "ам", "ям",
];
const ARMENIAN_ENDINGS: &[&str] = &[
    "ում",
    "ի",
    "ից",
    "ը",
    "ն",
    "ով",
    "ին",
    "ու",
    "ուց",
    "ցի",
    "ցիներ",
    "ցիները",
    "ցիք",
];

/// Whether `ending` (the rest of the word after the name) is a case ending the name may take.
fn ending_allowed(entry: &Entry, ending: &str, azerbaijani: bool) -> bool {
    if ending.is_empty() {
        return !entry.stem;
    }
    match entry.script {
        Script::Latin => {
            LATIN_ENDINGS.contains(&ending)
                || azerbaijani && AZERBAIJANI_SHORT_ENDINGS.contains(&ending)
        }
        Script::Cyrillic => CYRILLIC_ENDINGS.contains(&ending),
        Script::Armenian => ARMENIAN_ENDINGS.contains(&ending),
    }
}

#[cfg(test)]
mod tests;
