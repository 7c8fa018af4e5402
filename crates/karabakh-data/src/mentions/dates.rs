//! The dates a passage mentions ("on 29 September", "September 19", "1 October 2023", "in
//! April", "Sunday night", "in 1994"), resolved against the document's date: a day or month
//! without its year is the latest one on or before the document's date, a weekday the latest
//! such day on or before it. Without a document date only dates that give their year are read.

use karabakh_time::{Day, PartialDate};

/// A date a passage mentions: what it says and the date it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateRead {
    /// The words as written ("29 September", "Sunday night").
    pub words: String,
    pub date: PartialDate,
}

const MONTHS: [(&str, u32); 35] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    // Russian, in the genitive that follows a day ("29 сентября").
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    // Azerbaijani ("15 oktyabr"); "may" and "mart" are the English ones' spelling or a word.
    ("yanvar", 1),
    ("fevral", 2),
    ("aprel", 4),
    ("iyun", 6),
    ("iyul", 7),
    ("avqust", 8),
    ("sentyabr", 9),
    ("oktyabr", 10),
    ("noyabr", 11),
    ("dekabr", 12),
    ("mart", 3),
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A word of the passage: its text in lower case and its byte range in the passage.
struct Word<'a> {
    lower: String,
    start: usize,
    end: usize,
    raw: &'a str,
}

fn words(passage: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in passage.char_indices().chain([(passage.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                let raw = &passage[s..at];
                words.push(Word {
                    lower: raw.to_lowercase(),
                    start: s,
                    end: at,
                    raw,
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

fn month_of(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(name, _)| *name == word).map(|m| m.1)
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("th")
        .or_else(|| word.strip_suffix("st"))
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .unwrap_or(word);
    let day: u32 = digits.parse().ok()?;
    (digits.len() <= 2 && (1..=31).contains(&day)).then_some(day)
}

fn year_number(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok()?;
    (word.len() == 4 && (1900..2100).contains(&year)).then_some(year)
}

/// The year of a day or month said without one: the latest on or before `reference`.
fn year_for(month: u32, day: u32, reference: Day) -> Option<i32> {
    let (year, _, _) = reference.ymd();
    let this_year = Day::from_ymd(year, month, day)?;
    Some(if this_year <= reference {
        year
    } else {
        year - 1
    })
}

/// The dates `passage` mentions, in order, resolved against `reference` (the document's date).
pub fn read_dates(passage: &str, reference: Option<PartialDate>) -> Vec<DateRead> {
    let reference = reference.map(PartialDate::last_day);
    let words = words(passage);
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let next = |k: usize| words.get(i + k).map(|w| w.lower.as_str());
        let read = read_at(&words, i, reference, next(1), next(2));
        match read {
            Some((date, len)) => {
                let last = &words[i + len - 1];
                found.push(DateRead {
                    words: passage[word.start..last.end].to_owned(),
                    date,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    found
}

/// The date that starts at word `i`, and how many words it takes.
fn read_at(
    words: &[Word<'_>],
    i: usize,
    reference: Option<Day>,
    next: Option<&str>,
    after: Option<&str>,
) -> Option<(PartialDate, usize)> {
    let word = words.get(i)?;
    let with_year = |month, day, year: Option<i32>, len| {
        let year = year.or_else(|| year_for(month, day, reference?))?;
        Day::from_ymd(year, month, day)?;
        Some((PartialDate::Day(year, month, day), len))
    };
    // "29 September [2023]"
    if let (Some(day), Some(month)) = (day_number(&word.lower), next.and_then(month_of)) {
        let year = after.and_then(year_number);
        return with_year(month, day, year, 2 + usize::from(year.is_some()));
    }
    if let Some(month) = month_of(&word.lower) {
        // "September 19[, 2023]"
        if let Some(day) = next.and_then(day_number) {
            let year = after.and_then(year_number);
            return with_year(month, day, year, 2 + usize::from(year.is_some()));
        }
        // "September 2023", or "in April"; "may" alone is a verb, so months need a capital.
        if let Some(year) = next.and_then(year_number) {
            return Some((PartialDate::Month(year, month), 2));
        }
        let capital = word.raw.chars().next().is_some_and(char::is_uppercase);
        let year = year_for(month, 1, reference?)?;
        return (capital && word.lower != "may").then_some((PartialDate::Month(year, month), 1));
    }
    if let Some(weekday) = WEEKDAYS.iter().position(|d| *d == word.lower) {
        let reference = reference?;
        let back = (reference.weekday() + 7 - weekday as u32) % 7;
        let (y, m, d) = Day(reference.0 - back as i32).ymd();
        let len = match next {
            Some("night" | "morning" | "afternoon" | "evening") => 2,
            _ => 1,
        };
        return Some((PartialDate::Day(y, m, d), len));
    }
    // "in 1994": a year alone only after a preposition, so that numbers are not read as years.
    let previous = i.checked_sub(1).and_then(|p| words.get(p));
    let year = year_number(&word.lower)?;
    previous
        .is_some_and(|p| matches!(p.lower.as_str(), "in" | "since" | "until" | "by" | "of"))
        .then_some((PartialDate::Year(year), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(passage: &str, reference: &str) -> Vec<(String, String)> {
        read_dates(passage, PartialDate::parse(reference).ok())
            .into_iter()
            .map(|d| (d.words, d.date.to_string()))
            .collect()
    }

    fn pair(words: &str, date: &str) -> (String, String) {
        (words.to_owned(), date.to_owned())
    }

    /// Each (passage, the document's date, the words read, the date they give).
    fn reads_each(cases: &[(&str, &str, &str, &str)]) {
        for &(passage, reference, words, date) in cases {
            assert_eq!(
                dates(passage, reference),
                vec![pair(words, date)],
                "{passage:?} of {reference}"
            );
        }
    }

    #[test]
    fn days_without_a_year_take_the_documents() {
        reads_each(&[
            (
                "Shelling resumed on 29 September.",
                "2023-10-02",
                "29 September",
                "2023-09-29",
            ),
            (
                "By 1 October the town was empty",
                "2023-10-02",
                "1 October",
                "2023-10-01",
            ),
            (
                "launched its offensive on September 19, describing",
                "2023-09-25",
                "September 19",
                "2023-09-19",
            ),
            // A day after the document's date is last year's.
            ("on 5 December", "2023-10-02", "5 December", "2022-12-05"),
        ]);
    }

    #[test]
    fn weekdays_are_the_latest_before_the_document() {
        // 25 September 2023 was a Monday.
        reads_each(&[
            (
                "more than 1,000 people by Sunday night.",
                "2023-09-25",
                "Sunday night",
                "2023-09-24",
            ),
            ("on Monday", "2023-09-25", "Monday", "2023-09-25"),
        ]);
    }

    #[test]
    fn months_years_and_russian_dates() {
        reads_each(&[
            (
                "a checkpoint in April, blocking",
                "2023-09-25",
                "April",
                "2023-04",
            ),
            (
                "a cease-fire in 1994 that left",
                "2023-09-25",
                "1994",
                "1994",
            ),
            (
                "29 сентября в Степанакерте",
                "2023-10-02",
                "29 сентября",
                "2023-09-29",
            ),
            (
                "19 September 2023",
                "2024",
                "19 September 2023",
                "2023-09-19",
            ),
        ]);
    }

    #[test]
    fn numbers_and_the_verb_may_are_not_dates() {
        assert!(dates("more than 1,000 people; 2023 were counted", "2023-09-25").is_empty());
        assert!(dates("they may leave", "2023-09-25").is_empty());
        // No such day: only the month is read.
        reads_each(&[("on 31 February", "2023-09-25", "February", "2023-02")]);
        // Without the document's date, a day without its year is not guessed.
        assert!(read_dates("on 29 September", None).is_empty());
    }
}
