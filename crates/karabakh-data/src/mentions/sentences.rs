//! Where the sentences of a text begin and end: after '.', '!' or '?' (and any closing quote or
//! bracket) followed by white space, and at every line break, so that a headline or a list item
//! is a sentence of its own.

use std::ops::Range;

/// The byte ranges of `text`'s sentences, trimmed, in order; white space between is in none.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    let mut last_end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == '\n' || c == '\r' {
            if let Some(s) = start.take() {
                found.push(s..last_end);
            }
            continue;
        }
        if !c.is_whitespace() {
            start.get_or_insert(at);
            last_end = at + c.len_utf8();
        }
        let closes = matches!(c, '.' | '!' | '?' | '…' | '։')
            || matches!(c, '"' | '”' | '’' | ')' | '»') && ends_sentence(text, at);
        if closes
            && next.is_none_or(char::is_whitespace)
            && let Some(s) = start.take()
        {
            found.push(s..last_end);
        }
    }
    if let Some(s) = start {
        found.push(s..last_end);
    }
    found
}

/// Whether the char before `at` ends a sentence (`."` or `.)`).
fn ends_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_at_stops_and_lines() {
        assert_eq!(
            split("Goris, 25 Sept.\nBuses arrived. Many \"left.\" Others stayed?  Yes"),
            vec![
                "Goris, 25 Sept.",
                "Buses arrived.",
                "Many \"left.\"",
                "Others stayed?",
                "Yes"
            ]
        );
        assert_eq!(split("3.5 km away. Next"), vec!["3.5 km away.", "Next"]);
        assert!(split("  \n\n ").is_empty());
    }
}
