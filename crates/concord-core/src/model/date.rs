//! Calendar dates as the files write them: `YYYY-MM-DD`, or `YYYY-MM` when only the month is known.

use std::fmt;

/// A date; a month-only date (`2026-11`) counts as the first of the month in [`Date::before`].
/// `Ord` refines that one order of days: it never disagrees with `before`, and only breaks the
/// tie between a month and its first day (the month first), so sorted lists are stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// The year, four digits.
    pub(crate) year: u16,
    /// The month, 1-12.
    pub(crate) month: u8,
    /// `None` when only the month is known.
    pub(crate) day: Option<u8>,
}

impl Date {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`; `None` when the text is not such a date.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year = parse_part(parts.next()?, 4)?;
        let month = parse_part(parts.next()?, 2)?;
        let day = match parts.next() {
            Some(day) => Some(parse_part(day, 2)?),
            None => None,
        };
        if parts.next().is_some() || !(1..=12).contains(&month) {
            return None;
        }
        let month = u8::try_from(month).ok()?;
        if let Some(day) = day
            && (day == 0 || day > u32::from(days_in_month(year, month)))
        {
            return None;
        }
        Some(Date {
            year: u16::try_from(year).ok()?,
            month,
            day: day.and_then(|day| u8::try_from(day).ok()),
        })
    }

    fn sort_key(self) -> (u16, u8, u8) {
        (self.year, self.month, self.day.unwrap_or(1))
    }

    /// Compares as days, a month-only date counting as the first of its month.
    pub fn before(self, other: Date) -> bool {
        self.sort_key() < other.sort_key()
    }

    /// The day a date stands for where it is compared (a month-only date: the first), as
    /// (year, month, day): two dates with the same key are the same day for [`Date::before`].
    pub fn day_key(self) -> (u16, u8, u8) {
        self.sort_key()
    }

    /// The last day a date may mean: itself, or for a month-only date the month's last day (a
    /// meeting that ended "in October" has surely ended only on 31 October).
    pub fn last_day(self) -> Date {
        Date {
            day: Some(
                self.day
                    .unwrap_or_else(|| days_in_month(u32::from(self.year), self.month)),
            ),
            ..self
        }
    }
}

fn parse_part(text: &str, digits: usize) -> Option<u32> {
    if text.len() != digits || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(day) => write!(f, "{:04}-{:02}-{day:02}", self.year, self.month),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn parses_days_and_months_and_rejects_the_rest() {
        assert_eq!(
            Date::parse("2014-10-20").map(|d| d.to_string()).as_deref(),
            Some("2014-10-20")
        );
        assert_eq!(
            Date::parse("2026-11").map(|d| d.to_string()).as_deref(),
            Some("2026-11")
        );
        for bad in [
            "2014-13-01",
            "2014-02-30",
            "14-10-20",
            "2014/10/20",
            "2014-10-20-1",
            "",
            "2014",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(Some(29)));
        assert_eq!(Date::parse("2023-02-29"), None);
    }

    #[test]
    fn month_only_dates_order_as_the_first() {
        let month = Date::parse("2026-11").unwrap();
        assert!(!month.before(Date::parse("2026-11-01").unwrap()));
        assert!(month.before(Date::parse("2026-11-02").unwrap()));
    }
}
