//! Text folded for matching names: lower case, no diacritics, the Azerbaijani letters as
//! English spells them (ə → a, ı and İ → i), dashes and runs of white space as one space, and
//! a map from every folded byte back to the original text, so that a match names the exact
//! words the document wrote.

/// A text folded for matching, with where each of its bytes came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the byte offset in the original text of the char it came from;
    /// one more entry at the end holds the original text's length.
    origin: Vec<u32>,
}

impl Folded {
    /// The byte offset in the original text where folded byte `at` came from.
    pub fn original(&self, at: usize) -> usize {
        self.origin
            .get(at)
            .or(self.origin.last())
            .map_or(0, |&o| o as usize)
    }
}

/// Folds `text` (see the module's comment). Texts over 4 GiB are folded to their first 4 GiB.
pub fn fold(text: &str) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let mut last_space = true;
    for (at, c) in text.char_indices() {
        let Ok(at) = u32::try_from(at) else { break };
        let before = folded.len();
        if is_space(c) {
            if !last_space {
                folded.push(' ');
            }
            last_space = true;
        } else {
            fold_char(c, &mut folded);
            last_space = false;
        }
        origin.resize(folded.len(), at);
        debug_assert!(origin.len() >= before);
    }
    origin.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
    Folded {
        text: folded,
        origin,
    }
}

/// Folds a name as [`fold`] does a text, without the map back.
pub fn fold_name(name: &str) -> String {
    fold(name).text.trim().to_owned()
}

/// White space and the dashes that join or separate words ("Nagorno-Karabakh").
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{00AD}')
}

/// One char folded into `out`. The scripts most texts are in first, without the general
/// (slow) lower-casing: a megabyte is folded for every document searched.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            '`' => '\'',
            _ => c.to_ascii_lowercase(),
        });
        return;
    }
    if let Some(lower) = simple_lower(c) {
        out.push(lower);
        return;
    }
    if let Some(plain) = latin_plain(c) {
        out.push_str(plain);
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
        // Combining marks (a decomposed "ş") carry only the diacritic.
        '\u{0300}'..='\u{036F}' => {}
        'ё' | 'Ё' => out.push('е'),
        // The Armenian ligature "ew" is also written as its two letters.
        'և' => out.push_str("եւ"),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Lower case of a Cyrillic or Armenian letter (capitals map one to one), or the letter
/// itself when it is lower case already; None for the rest (ё and և fold otherwise).
fn simple_lower(c: char) -> Option<char> {
    let code = u32::from(c);
    let lower = match c {
        'Ё' | 'ё' => return None,
        'А'..='Я' => code + 0x20,
        'Ѐ'..='Џ' => code + 0x50,
        'а'..='я' | 'ѐ'..='џ' => code,
        'Ա'..='Ֆ' => code + 0x30,
        'ա'..='ֆ' if c != 'և' => code,
        _ => return None,
    };
    char::from_u32(lower)
}

/// The plain English letters for a Latin letter with a diacritic, or Azerbaijani's own.
fn latin_plain(c: char) -> Option<&'static str> {
    Some(match c {
        'ə' | 'Ə' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã'
        | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "a",
        'ı' | 'İ' | 'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "i",
        'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => "c",
        'ş' | 'Ş' | 'š' | 'Š' | 'ś' | 'Ś' | 'ș' | 'Ș' => "s",
        'ğ' | 'Ğ' | 'ǧ' | 'Ǧ' => "g",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' | 'ę' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ě' | 'Ę' => {
            "e"
        }
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ō' | 'Ő' => {
            "o"
        }
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ű' => "u",
        'ñ' | 'Ñ' | 'ń' | 'Ń' => "n",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ž' | 'Ž' | 'ẕ' | 'Ẕ' | 'ź' | 'ż' => "z",
        'ḩ' | 'Ḩ' | 'ḥ' | 'Ḥ' => "h",
        'ţ' | 'Ţ' | 'ț' | 'Ț' => "t",
        _ => return None,
    })
}

/// Whether a folded char is part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_diacritics_and_the_azerbaijani_letters_fold_away() {
        assert_eq!(fold_name("Xankəndi"), "xankandi");
        assert_eq!(fold_name("İrəvan"), "iravan");
        assert_eq!(fold_name("Laçın"), "lacin");
        assert_eq!(fold_name("ŞUŞA"), "susa");
        assert_eq!(fold_name("Степанакерт"), "степанакерт");
        assert_eq!(fold_name("Ստեփանակերտ"), "ստեփանակերտ");
        assert_eq!(fold_name("Երևան"), "երեւան");
        assert_eq!(fold_name("Nagorno-Karabakh"), "nagorno karabakh");
        assert_eq!(fold_name("Nagorno–Karabakh’s"), "nagorno karabakh's");
    }

    #[test]
    fn the_quick_paths_fold_as_the_general_one_does() {
        let letters = ('\u{0400}'..='\u{045F}').chain('\u{0531}'..='\u{0587}');
        for c in letters.chain((0u8..128).map(char::from)) {
            let mut quick = String::new();
            fold_char(c, &mut quick);
            let general: String = match c {
                '`' => "'".to_owned(),
                'ё' | 'Ё' => "е".to_owned(),
                'և' => "եւ".to_owned(),
                _ => c.to_lowercase().collect(),
            };
            assert_eq!(quick, general, "{c:?}");
        }
    }

    #[test]
    fn every_folded_byte_points_back_to_its_char() {
        let text = "in  Xankəndi\ntoday";
        let folded = fold(text);
        assert_eq!(folded.text, "in xankandi today");
        let start = folded.text.find("xankandi").unwrap_or_default();
        let end = start + "xankandi".len();
        let (a, b) = (folded.original(start), folded.original(end));
        assert_eq!(&text[a..b], "Xankəndi");
        assert_eq!(folded.original(folded.text.len()), text.len());
    }
}
