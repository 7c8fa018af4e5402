//! Dates as the sources give them: a year, a month or a day, and the intervals they bound.
//!
//! A date with year precision ("1994") stands for every day of that year: as the start of an
//! interval it means the first day, as the end the last. Intervals are inclusive of both ends.

use std::fmt;

/// A calendar day, counted in days since 1970-01-01 (negative before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    /// The day of a proleptic Gregorian date. `month` is 1–12, `day` 1–31; callers check ranges.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Self {
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    /// The (year, month, day) of this day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    /// Parses a full ISO day, `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        match PartialDate::parse(text)? {
            PartialDate::Day(y, m, d) => Ok(Day::from_ymd(y, m, d)),
            _ => Err(DateError::new(
                text,
                "a full date YYYY-MM-DD is needed here",
            )),
        }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.0 + 3).rem_euclid(7) as u32
    }

    pub fn succ(self) -> Self {
        Day(self.0 + 1)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A date known to a year, a month or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(i32, u32, u32),
}

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("malformed date {text:?}: {reason}")]
pub struct DateError {
    pub text: String,
    pub reason: &'static str,
}

impl DateError {
    fn new(text: &str, reason: &'static str) -> Self {
        DateError {
            text: text.to_owned(),
            reason,
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses a run of exactly `len` ASCII digits.
fn digits(part: &str, len: usize) -> Option<u32> {
    (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1000–2999).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let mut parts = text.split('-');
        let year = parts
            .next()
            .and_then(|p| digits(p, 4))
            .ok_or_else(|| DateError::new(text, "expected YYYY, YYYY-MM or YYYY-MM-DD"))?;
        if !(1000..3000).contains(&year) {
            return Err(DateError::new(text, "year out of range 1000–2999"));
        }
        let year = year as i32;
        let Some(month) = parts.next() else {
            return Ok(PartialDate::Year(year));
        };
        let month = digits(month, 2)
            .ok_or_else(|| DateError::new(text, "expected YYYY, YYYY-MM or YYYY-MM-DD"))?;
        if !(1..=12).contains(&month) {
            return Err(DateError::new(text, "month out of range 01–12"));
        }
        let Some(day) = parts.next() else {
            return Ok(PartialDate::Month(year, month));
        };
        let day = digits(day, 2)
            .ok_or_else(|| DateError::new(text, "expected YYYY, YYYY-MM or YYYY-MM-DD"))?;
        if parts.next().is_some() {
            return Err(DateError::new(text, "expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::new(text, "no such day in that month"));
        }
        Ok(PartialDate::Day(year, month, day))
    }

    pub fn precision(self) -> Precision {
        match self {
            PartialDate::Year(_) => Precision::Year,
            PartialDate::Month(..) => Precision::Month,
            PartialDate::Day(..) => Precision::Day,
        }
    }

    /// The first day this date may mean.
    pub fn first_day(self) -> Day {
        match self {
            PartialDate::Year(y) => Day::from_ymd(y, 1, 1),
            PartialDate::Month(y, m) => Day::from_ymd(y, m, 1),
            PartialDate::Day(y, m, d) => Day::from_ymd(y, m, d),
        }
    }

    /// The last day this date may mean.
    pub fn last_day(self) -> Day {
        match self {
            PartialDate::Year(y) => Day::from_ymd(y, 12, 31),
            PartialDate::Month(y, m) => Day::from_ymd(y, m, days_in_month(y, m)),
            PartialDate::Day(y, m, d) => Day::from_ymd(y, m, d),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Day(y, m, d) => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

/// When a thing held: from the first day of `from` to the last day of `to`, either end open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Validity {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("end {to} is before start {from}")]
pub struct EndBeforeStart {
    pub from: PartialDate,
    pub to: PartialDate,
}

impl Validity {
    pub const ALWAYS: Validity = Validity {
        from: None,
        to: None,
    };

    pub fn new(from: Option<PartialDate>, to: Option<PartialDate>) -> Result<Self, EndBeforeStart> {
        if let (Some(from), Some(to)) = (from, to)
            && to.last_day() < from.first_day()
        {
            return Err(EndBeforeStart { from, to });
        }
        Ok(Validity { from, to })
    }

    pub fn first_day(&self) -> Option<Day> {
        self.from.map(PartialDate::first_day)
    }

    pub fn last_day(&self) -> Option<Day> {
        self.to.map(PartialDate::last_day)
    }

    /// Whether the thing held on `day`.
    pub fn contains(&self, day: Day) -> bool {
        self.first_day().is_none_or(|first| first <= day)
            && self.last_day().is_none_or(|last| day <= last)
    }

    /// "1994-05-12 – 2020-11-10", "since 2023-04-23", "2023-09-24", "always".
    pub fn label(&self) -> String {
        match (self.from, self.to) {
            (None, None) => "always".to_owned(),
            (Some(from), None) => format!("since {from}"),
            (None, Some(to)) => format!("until {to}"),
            (Some(from), Some(to)) if from == to => from.to_string(),
            (Some(from), Some(to)) => format!("{from} – {to}"),
        }
    }
}

/// A day as a reader writes it: "19 September 2023".
pub fn long_date(day: Day) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d) = day.ymd();
    format!(
        "{d} {} {y}",
        MONTHS.get(m as usize - 1).copied().unwrap_or("?")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_round_trips_through_the_calendar() {
        for (y, m, d) in [
            (1970, 1, 1),
            (1923, 7, 7),
            (2000, 2, 29),
            (2023, 9, 24),
            (1600, 3, 1),
        ] {
            let day = Day::from_ymd(y, m, d);
            assert_eq!(day.ymd(), (y, m, d));
        }
        assert_eq!(Day::from_ymd(1970, 1, 1), Day(0));
        assert_eq!(Day::from_ymd(1969, 12, 31), Day(-1));
        assert_eq!(Day::from_ymd(2023, 9, 24).to_string(), "2023-09-24");
    }

    #[test]
    fn the_seed_sunday_is_a_sunday() {
        assert_eq!(Day::from_ymd(2023, 9, 24).weekday(), 6);
        assert_eq!(Day::from_ymd(1970, 1, 1).weekday(), 3);
    }

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(PartialDate::parse("1994"), Ok(PartialDate::Year(1994)));
        assert_eq!(
            PartialDate::parse("2023-04"),
            Ok(PartialDate::Month(2023, 4))
        );
        assert_eq!(
            PartialDate::parse("2023-09-19"),
            Ok(PartialDate::Day(2023, 9, 19))
        );
        assert_eq!(
            PartialDate::parse("2024-02-29").map(PartialDate::precision),
            Ok(Precision::Day)
        );
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "",
            "94",
            "1994-5",
            "1994-13",
            "1994-00",
            "2023-02-29",
            "2023-04-31",
            "2023-09-19T00",
            "2023-09-19-01",
            "１９９４",
            "+1994",
            "-200",
            "2023/09/19",
            "999",
            "0999",
            "3000",
            " 1994",
        ] {
            assert!(
                PartialDate::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
        let err = PartialDate::parse("2023-02-30").unwrap_err();
        assert!(err.to_string().contains("2023-02-30"), "{err}");
    }

    #[test]
    fn precision_sets_the_first_and_last_day() {
        let year = PartialDate::Year(1994);
        assert_eq!(year.first_day(), Day::from_ymd(1994, 1, 1));
        assert_eq!(year.last_day(), Day::from_ymd(1994, 12, 31));
        let month = PartialDate::Month(2024, 2);
        assert_eq!(month.last_day(), Day::from_ymd(2024, 2, 29));
        let day = PartialDate::Day(2023, 9, 20);
        assert_eq!(day.first_day(), day.last_day());
    }

    #[test]
    fn a_year_precision_interval_covers_every_day_of_the_year() {
        let v =
            Validity::new(Some(PartialDate::Year(1994)), Some(PartialDate::Year(1994))).unwrap();
        let mut day = Day::from_ymd(1994, 1, 1);
        while day <= Day::from_ymd(1994, 12, 31) {
            assert!(v.contains(day), "{day}");
            day = day.succ();
        }
        assert!(!v.contains(Day::from_ymd(1993, 12, 31)));
        assert!(!v.contains(Day::from_ymd(1995, 1, 1)));
    }

    #[test]
    fn intervals_include_both_ends_and_may_be_open() {
        let d = |s| PartialDate::parse(s).unwrap();
        let v = Validity::new(Some(d("2023-04-23")), None).unwrap();
        assert!(!v.contains(Day::from_ymd(2023, 4, 22)));
        assert!(v.contains(Day::from_ymd(2023, 4, 23)));
        assert!(v.contains(Day::from_ymd(2099, 1, 1)));
        let v = Validity::new(None, Some(d("2022-08-26"))).unwrap();
        assert!(v.contains(Day::from_ymd(1900, 1, 1)));
        assert!(v.contains(Day::from_ymd(2022, 8, 26)));
        assert!(!v.contains(Day::from_ymd(2022, 8, 27)));
        assert!(Validity::ALWAYS.contains(Day(0)));
    }

    #[test]
    fn end_before_start_is_an_error_but_same_period_is_not() {
        let d = |s| PartialDate::parse(s).unwrap();
        assert!(Validity::new(Some(d("2020-11-10")), Some(d("2020-11-09"))).is_err());
        // "2023" ends after "2023-09-19" begins, even though it starts earlier.
        assert!(Validity::new(Some(d("2023-09-19")), Some(d("2023"))).is_ok());
        assert!(Validity::new(Some(d("2023-09")), Some(d("2023-09-01"))).is_ok());
    }

    #[test]
    fn labels_read_naturally() {
        let d = |s| Some(PartialDate::parse(s).unwrap());
        assert_eq!(
            Validity::new(d("1994-05-12"), d("2020-11-10"))
                .unwrap()
                .label(),
            "1994-05-12 – 2020-11-10"
        );
        assert_eq!(
            Validity::new(d("2023-04-23"), None).unwrap().label(),
            "since 2023-04-23"
        );
        assert_eq!(
            Validity::new(d("2023-09-24"), d("2023-09-24"))
                .unwrap()
                .label(),
            "2023-09-24"
        );
        assert_eq!(Validity::ALWAYS.label(), "always");
    }
}
