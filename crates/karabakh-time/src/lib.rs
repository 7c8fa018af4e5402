//! Dates as the sources give them: a year, a month or a day, and the intervals they bound.
//!
//! A date with year precision ("1994") stands for every day of that year: as the start of an
//! interval it means the first day, as the end the last. Intervals are inclusive of both ends.

use std::fmt;

use jiff::SignedDuration;
use jiff::civil::Date;

/// Day 0.
const EPOCH: Date = Date::constant(1970, 1, 1);

/// A calendar day, counted in days since 1970-01-01 (negative before). The calendar is jiff's
/// proleptic Gregorian one, years -9999 to 9999; a count beyond it reads as its first or last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    /// The day of a proleptic Gregorian date, or `None` when there is no such day (a month
    /// outside 1–12, a day past the month's end, a year beyond ±9999).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        let date = Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        Some(Day::of(date))
    }

    fn of(date: Date) -> Self {
        // A civil day is 24 hours, and ±9999 years are some 3.7 million days: an i32 holds them.
        let days = date.duration_since(EPOCH).as_hours() / 24;
        Day(i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX }))
    }

    /// The civil date of this day.
    fn date(self) -> Date {
        EPOCH.saturating_add(SignedDuration::from_hours(24 * i64::from(self.0)))
    }

    /// The (year, month, day) of this day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let date = self.date();
        (
            i32::from(date.year()),
            date.month().unsigned_abs().into(),
            date.day().unsigned_abs().into(),
        )
    }

    /// Parses a full ISO day, `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        match PartialDate::parse(text)? {
            day @ PartialDate::Day(..) => Ok(day.first_day()),
            _ => Err(DateError::new(
                text,
                "a full date YYYY-MM-DD is needed here",
            )),
        }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        self.date()
            .weekday()
            .to_monday_zero_offset()
            .unsigned_abs()
            .into()
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

/// The first day of `month` of `year`. Parsing makes only dates in the calendar; one built by
/// hand with a year or month beyond it is taken as the nearest month that is.
fn first_of_month(year: i32, month: u32) -> Date {
    // Both in range once clamped, so the conversions and `Date::new` cannot fail.
    let year = i16::try_from(year.clamp(-9999, 9999)).unwrap_or_default();
    let month = i8::try_from(month.clamp(1, 12)).unwrap_or(1);
    Date::new(year, month, 1).unwrap_or(EPOCH)
}

/// The day `day` of `month` of `year`; past the month's end (only by hand), its last day.
fn civil_day(year: i32, month: u32, day: u32) -> Date {
    let month = first_of_month(year, month);
    let day = i8::try_from(day).unwrap_or(i8::MAX).max(1);
    month
        .with()
        .day(day.min(month.days_in_month()))
        .build()
        .unwrap_or(month)
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
        if Day::from_ymd(year, month, day).is_none() {
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
        Day::of(match self {
            PartialDate::Year(y) => first_of_month(y, 1),
            PartialDate::Month(y, m) => first_of_month(y, m),
            PartialDate::Day(y, m, d) => civil_day(y, m, d),
        })
    }

    /// The last day this date may mean.
    pub fn last_day(self) -> Day {
        Day::of(match self {
            PartialDate::Year(y) => first_of_month(y, 12).last_of_month(),
            PartialDate::Month(y, m) => first_of_month(y, m).last_of_month(),
            PartialDate::Day(y, m, d) => civil_day(y, m, d),
        })
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
    from: Option<PartialDate>,
    to: Option<PartialDate>,
    /// The first day of `from` and the last of `to`, worked out once: the map asks whether
    /// every dated feature holds on every day it shows.
    first: Option<Day>,
    last: Option<Day>,
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
        first: None,
        last: None,
    };

    pub fn new(from: Option<PartialDate>, to: Option<PartialDate>) -> Result<Self, EndBeforeStart> {
        let first = from.map(PartialDate::first_day);
        let last = to.map(PartialDate::last_day);
        if let (Some(from), Some(to), Some(first), Some(last)) = (from, to, first, last)
            && last < first
        {
            return Err(EndBeforeStart { from, to });
        }
        Ok(Validity {
            from,
            to,
            first,
            last,
        })
    }

    /// The start as the source gives it; `None` when open.
    pub fn from(&self) -> Option<PartialDate> {
        self.from
    }

    /// The end as the source gives it; `None` when open.
    pub fn to(&self) -> Option<PartialDate> {
        self.to
    }

    pub fn first_day(&self) -> Option<Day> {
        self.first
    }

    pub fn last_day(&self) -> Option<Day> {
        self.last
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
    jiff::fmt::strtime::format("%-d %B %Y", day.date()).unwrap_or_else(|_| day.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> Day {
        Day::from_ymd(year, month, day).expect("a real day")
    }

    #[test]
    fn day_round_trips_through_the_calendar() {
        for (y, m, d) in [
            (1970, 1, 1),
            (1923, 7, 7),
            (2000, 2, 29),
            (2023, 9, 24),
            (1600, 3, 1),
        ] {
            let day = ymd(y, m, d);
            assert_eq!(day.ymd(), (y, m, d));
        }
        assert_eq!(ymd(2023, 9, 24).0 - ymd(2020, 9, 27).0, 1092);
        assert_eq!(ymd(1970, 1, 1), Day(0));
        assert_eq!(ymd(1969, 12, 31), Day(-1));
        assert_eq!(ymd(2023, 9, 24).to_string(), "2023-09-24");
    }

    #[test]
    fn a_day_that_is_not_in_the_calendar_is_none() {
        for (y, m, d) in [
            (2023, 2, 29),
            (2023, 4, 31),
            (2023, 13, 1),
            (2023, 0, 1),
            (2023, 1, 0),
        ] {
            assert_eq!(Day::from_ymd(y, m, d), None, "{y}-{m}-{d}");
        }
        assert_eq!(Day::from_ymd(100_000, 1, 1), None);
        assert!(Day::from_ymd(2024, 2, 29).is_some());
    }

    #[test]
    fn a_date_built_by_hand_outside_the_calendar_means_the_nearest_day() {
        assert_eq!(PartialDate::Day(2023, 2, 30).first_day(), ymd(2023, 2, 28));
        assert_eq!(PartialDate::Month(2023, 13).last_day(), ymd(2023, 12, 31));
    }

    #[test]
    fn long_dates_read_as_people_write_them() {
        assert_eq!(long_date(ymd(2023, 9, 19)), "19 September 2023");
        assert_eq!(long_date(ymd(1994, 5, 12)), "12 May 1994");
    }

    #[test]
    fn the_seed_sunday_is_a_sunday() {
        assert_eq!(ymd(2023, 9, 24).weekday(), 6);
        assert_eq!(ymd(1970, 1, 1).weekday(), 3);
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
        assert_eq!(year.first_day(), ymd(1994, 1, 1));
        assert_eq!(year.last_day(), ymd(1994, 12, 31));
        let month = PartialDate::Month(2024, 2);
        assert_eq!(month.last_day(), ymd(2024, 2, 29));
        let day = PartialDate::Day(2023, 9, 20);
        assert_eq!(day.first_day(), day.last_day());
    }

    #[test]
    fn a_year_precision_interval_covers_every_day_of_the_year() {
        let v =
            Validity::new(Some(PartialDate::Year(1994)), Some(PartialDate::Year(1994))).unwrap();
        let mut day = ymd(1994, 1, 1);
        while day <= ymd(1994, 12, 31) {
            assert!(v.contains(day), "{day}");
            day = day.succ();
        }
        assert!(!v.contains(ymd(1993, 12, 31)));
        assert!(!v.contains(ymd(1995, 1, 1)));
    }

    #[test]
    fn intervals_include_both_ends_and_may_be_open() {
        let d = |s| PartialDate::parse(s).unwrap();
        let v = Validity::new(Some(d("2023-04-23")), None).unwrap();
        assert!(!v.contains(ymd(2023, 4, 22)));
        assert!(v.contains(ymd(2023, 4, 23)));
        assert!(v.contains(ymd(2099, 1, 1)));
        let v = Validity::new(None, Some(d("2022-08-26"))).unwrap();
        assert!(v.contains(ymd(1900, 1, 1)));
        assert!(v.contains(ymd(2022, 8, 26)));
        assert!(!v.contains(ymd(2022, 8, 27)));
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
