//! Stories: a sequence of chapters (a day, a view, the layers shown, a selection, a caption, how
//! long it stays), read from and written to `stories/NAME.json` in a dossier folder.
//!
//! The file is meant to be read and edited by people: pretty JSON, fields in a fixed order,
//! dates as ISO days. A bad file gives an error naming the file and the chapter.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use karabakh_time::Day;
use serde::{Deserialize, Serialize};

use crate::model::Dataset;

/// The folder of a dossier that holds its stories.
pub const STORIES_DIR: &str = "stories";
/// The name `--story builtin` and the window use for the story the atlas ships.
pub const BUILTIN: &str = "builtin";
/// Zoom levels a chapter may ask for (the map's own range).
pub const ZOOM_RANGE: std::ops::RangeInclusive<f64> = 3.0..=18.0;
/// How long a chapter stays, in seconds, at most (a minute: longer is surely a typo).
pub const MAX_SECONDS: f32 = 60.0;

/// A story: a title and its chapters, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub title: String,
    pub chapters: Vec<Chapter>,
}

/// One step of a story: the map as it is shown for `seconds`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// A heading for the chapter's slide; empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(with = "iso_day")]
    pub date: Day,
    pub view: ChapterView,
    /// Ids of the layers shown; every other layer is hidden.
    pub layers: Vec<String>,
    /// Ids of the features selected (highlighted, their sources cited).
    #[serde(default)]
    pub selection: Vec<String>,
    pub caption: Caption,
    /// How long the chapter stays on screen.
    pub seconds: f32,
}

/// Where the map looks: its centre and zoom (Web Mercator zoom, as the window's).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterView {
    pub lat: f64,
    pub lon: f64,
    pub zoom: f64,
}

/// What a chapter says: the author's words, or an excerpt of a document (which is its source).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Caption {
    /// An excerpt: `quote` is found in the document `doc` by exact search.
    Excerpt { doc: String, quote: String },
    /// The author's words; `source` says where what they state comes from, when it does.
    Words {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
}

impl Caption {
    /// The text shown.
    pub fn text(&self) -> &str {
        match self {
            Caption::Excerpt { quote, .. } => quote,
            Caption::Words { text, .. } => text,
        }
    }

    /// Where the caption comes from, for the slide's credits: the document's title and date, or
    /// the words' stated source.
    pub fn source(&self, dataset: &Dataset) -> Option<String> {
        match self {
            Caption::Excerpt { doc, .. } => Some(match dataset.document(doc) {
                Some(d) => format!("{} ({})", d.meta.title, d.meta.date_label()),
                None => doc.clone(),
            }),
            Caption::Words { source, .. } => source.clone(),
        }
    }
}

impl Chapter {
    /// The layers to hide for this chapter: every layer of the dataset it does not show.
    pub fn hidden_layers(&self, dataset: &Dataset) -> BTreeSet<String> {
        dataset
            .layers
            .iter()
            .filter(|l| !self.layers.contains(&l.id))
            .map(|l| l.id.clone())
            .collect()
    }
}

/// A story file that could not be read, or whose content is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", chapter.map(|n| format!(", chapter {n}")).unwrap_or_default())]
pub struct StoryError {
    pub file: String,
    /// 1-based, as a person counts them.
    pub chapter: Option<usize>,
    pub message: String,
}

impl StoryError {
    fn of_file(file: &str, message: impl std::fmt::Display) -> Self {
        StoryError {
            file: file.to_string(),
            chapter: None,
            message: message.to_string(),
        }
    }

    fn of_chapter(file: &str, chapter: usize, message: impl std::fmt::Display) -> Self {
        StoryError {
            file: file.to_string(),
            chapter: Some(chapter + 1),
            message: message.to_string(),
        }
    }
}

/// The file before its chapters are read one by one, so that an error can name its chapter.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStory {
    title: String,
    chapters: Vec<serde_json::Value>,
}

impl Story {
    /// Reads a story from its JSON text; `file` names it in errors.
    pub fn from_json(file: &str, text: &str) -> Result<Story, StoryError> {
        let raw: RawStory = serde_json::from_str(text).map_err(|e| StoryError::of_file(file, e))?;
        if raw.title.trim().is_empty() {
            return Err(StoryError::of_file(file, "the story has no title"));
        }
        if raw.chapters.is_empty() {
            return Err(StoryError::of_file(file, "the story has no chapters"));
        }
        let mut chapters = Vec::with_capacity(raw.chapters.len());
        for (n, value) in raw.chapters.into_iter().enumerate() {
            let chapter: Chapter =
                serde_json::from_value(value).map_err(|e| StoryError::of_chapter(file, n, e))?;
            chapter
                .checked()
                .map_err(|e| StoryError::of_chapter(file, n, e))?;
            chapters.push(chapter);
        }
        Ok(Story {
            title: raw.title,
            chapters,
        })
    }

    /// The story as pretty JSON, fields in their fixed order, ending with a newline.
    pub fn to_json(&self) -> String {
        // A story is strings, numbers and lists: serialising it cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads `path`.
    pub fn read(path: &Path) -> Result<Story, StoryError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| StoryError::of_file(&file, format!("cannot read it: {e}")))?;
        Story::from_json(&file, &text)
    }

    /// Writes the story to `DOSSIER/stories/NAME.json` (through a temporary file, so a failed
    /// write leaves the old file whole) and returns the path.
    pub fn save(&self, dossier: &Path, name: &str) -> Result<PathBuf, StoryError> {
        let name = file_name_for(name)
            .ok_or_else(|| StoryError::of_file(name, "a story's name needs a letter or digit"))?;
        let dir = dossier.join(STORIES_DIR);
        let path = dir.join(format!("{name}.json"));
        let file = path.display().to_string();
        let fail = |e: std::io::Error| StoryError::of_file(&file, format!("cannot write it: {e}"));
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let temporary = dir.join(format!(".{name}.json.part"));
        std::fs::write(&temporary, self.to_json()).map_err(fail)?;
        std::fs::rename(&temporary, &path).map_err(fail)?;
        Ok(path)
    }

    /// What in the story the dataset does not have: unknown layers or features, excerpts not
    /// found in their document. Each problem names its chapter (1-based).
    pub fn problems(&self, dataset: &Dataset) -> Vec<String> {
        let mut problems = Vec::new();
        for (n, chapter) in self.chapters.iter().enumerate() {
            let mut say = |message: String| problems.push(format!("chapter {}: {message}", n + 1));
            for id in &chapter.layers {
                if !dataset.layers.iter().any(|l| &l.id == id) {
                    say(format!("no layer has the id {id:?}"));
                }
            }
            for id in &chapter.selection {
                if dataset.feature(id).is_none() {
                    say(format!("no feature has the id {id:?}"));
                }
            }
            if let Caption::Excerpt { doc, quote } = &chapter.caption {
                match dataset.document(doc) {
                    None => say(format!(
                        "the caption's document {doc:?} is not in the dossier"
                    )),
                    Some(d) if d.locate(quote).is_err() => say(format!(
                        "the caption's quote is not found in {doc:?}: {quote:?}"
                    )),
                    Some(_) => {}
                }
            }
        }
        problems
    }

    /// The chapters' total time, in seconds.
    pub fn seconds(&self) -> f32 {
        self.chapters.iter().map(|c| c.seconds).sum()
    }
}

impl Chapter {
    /// The chapter, if its numbers are in range.
    fn checked(&self) -> Result<(), String> {
        let v = &self.view;
        if !(-90.0..=90.0).contains(&v.lat) || !(-180.0..=180.0).contains(&v.lon) {
            return Err(format!(
                "view: latitude {} / longitude {} is not on the globe (−90…90, −180…180)",
                v.lat, v.lon
            ));
        }
        if !ZOOM_RANGE.contains(&v.zoom) {
            return Err(format!(
                "view: zoom {} is outside {}–{}",
                v.zoom,
                ZOOM_RANGE.start(),
                ZOOM_RANGE.end()
            ));
        }
        if !(self.seconds > 0.0 && self.seconds <= MAX_SECONDS) {
            return Err(format!(
                "seconds: {} is not a duration between 0 and {MAX_SECONDS} seconds",
                self.seconds
            ));
        }
        if self.caption.text().trim().is_empty() {
            return Err("caption: the text is empty".to_string());
        }
        Ok(())
    }
}

/// A name made safe as a file name: letters, digits, `-` and `_`; other characters become `-`.
pub fn file_name_for(name: &str) -> Option<String> {
    let safe: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_matches('-').to_string();
    safe.chars().any(char::is_alphanumeric).then_some(safe)
}

/// The stories of a dossier folder, by file name, in name order; a bad file gives its error in
/// its place and the others still load.
pub fn stories_in(dossier: &Path) -> Vec<Result<(String, Story), StoryError>> {
    let Ok(entries) = std::fs::read_dir(dossier.join(STORIES_DIR)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Story::read(&path).map(|story| (name, story))
        })
        .collect()
}

/// The story the atlas ships: the region from 1988 to 2024, from the dossier's sourced events.
pub fn builtin() -> Story {
    // The file is compiled in and tested (`builtin_story_reads_and_fits_the_dossier`).
    Story::from_json(
        "stories/karabakh-1988-2024.json",
        crate::embedded::BUILTIN_STORY,
    )
    .unwrap_or_else(|e| Story {
        title: format!("The built-in story could not be read: {e}"),
        chapters: Vec::new(),
    })
}

/// Days as `YYYY-MM-DD` in the file.
mod iso_day {
    use karabakh_time::Day;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&day.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter(date: &str) -> Chapter {
        Chapter {
            title: String::new(),
            date: Day::parse(date).unwrap(),
            view: ChapterView {
                lat: 39.8,
                lon: 46.7,
                zoom: 8.0,
            },
            layers: vec!["events".into(), "control".into()],
            selection: vec!["event-2020-war".into()],
            caption: Caption::Words {
                text: "Our words.".into(),
                source: None,
            },
            seconds: 4.0,
        }
    }

    #[test]
    fn a_story_survives_writing_and_reading_unchanged() {
        let mut story = Story {
            title: "Test".into(),
            chapters: vec![chapter("2020-09-27"), chapter("2023-09-19")],
        };
        story.chapters[1].caption = Caption::Excerpt {
            doc: "000_fc013494f2dd923c".into(),
            quote: "A brutal war ensued".into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = story.save(dir.path(), "my story").unwrap();
        assert!(path.ends_with("stories/my-story.json"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"date\": \"2020-09-27\""), "{text}");
        assert_eq!(Story::read(&path).unwrap(), story);
        let found = stories_in(dir.path());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].as_ref().unwrap().0, "my-story");
    }

    #[test]
    fn errors_name_the_file_and_the_chapter() {
        let good = serde_json::to_value(chapter("2020-09-27")).unwrap();
        let mut bad_date = good.clone();
        bad_date["date"] = "2020-13-01".into();
        let text = serde_json::json!({"title": "T", "chapters": [good, bad_date]}).to_string();
        let e = Story::from_json("stories/t.json", &text).unwrap_err();
        assert_eq!(e.chapter, Some(2));
        let message = e.to_string();
        assert!(
            message.starts_with("stories/t.json, chapter 2: "),
            "{message}"
        );

        let mut far = serde_json::to_value(chapter("2020-09-27")).unwrap();
        far["view"]["zoom"] = 30.0.into();
        let text = serde_json::json!({"title": "T", "chapters": [far]}).to_string();
        let message = Story::from_json("s.json", &text).unwrap_err().to_string();
        assert!(
            message.contains("chapter 1: view: zoom 30 is outside 3–18"),
            "{message}"
        );

        let e = Story::from_json("s.json", "{\"title\": \"T\"").unwrap_err();
        assert_eq!(e.chapter, None);
        assert!(e.to_string().starts_with("s.json: "));
    }

    #[test]
    fn a_chapter_shows_only_its_layers() {
        let dataset = crate::load_embedded();
        let hidden = chapter("2020-09-27").hidden_layers(&dataset);
        assert!(hidden.contains("towns"), "{hidden:?}");
        assert!(!hidden.contains("events"));
        assert!(!hidden.contains("control"));
    }

    #[test]
    fn builtin_story_reads_and_fits_the_dossier() {
        let dataset = crate::load_embedded();
        let story = builtin();
        assert!((10..=16).contains(&story.chapters.len()), "{}", story.title);
        assert_eq!(story.problems(&dataset), Vec::<String>::new());
        let first = story.chapters.first().unwrap().date;
        let last = story.chapters.last().unwrap().date;
        assert_eq!(first.ymd().0, 1988);
        assert_eq!(last.ymd().0, 2024);
        for (n, c) in story.chapters.iter().enumerate() {
            // Each chapter is an event's: its day is the event's first day, and an excerpt
            // caption is one of that event's own.
            let event = c
                .selection
                .iter()
                .find_map(|id| dataset.feature(id))
                .unwrap_or_else(|| panic!("chapter {} selects no event", n + 1));
            assert_eq!(
                event.validity.first_day(),
                Some(c.date),
                "chapter {}",
                n + 1
            );
            if let Caption::Excerpt { quote, .. } = &c.caption {
                assert!(
                    event.excerpts.iter().any(|x| &x.quote == quote),
                    "chapter {}: {quote}",
                    n + 1
                );
            }
            if n > 0 {
                assert!(story.chapters[n - 1].date <= c.date, "chapter {}", n + 1);
            }
        }
    }
}
