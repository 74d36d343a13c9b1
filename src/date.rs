//! Dates as front matter and `shop.yaml` write them (`YYYY-MM-DD`), checked, and today's
//! date, for posts `shop new` dates and for settings that expire; no calendar crate for
//! one conversion. Below config and content, which both read dates.

use std::time::{SystemTime, UNIX_EPOCH};

/// Today's date in UTC, `YYYY-MM-DD`, the form front matter uses.
pub fn today() -> String {
    civil_date(now_seconds().div_euclid(86_400))
}

/// Seconds since 1970-01-01 UTC, now.
pub fn now_seconds() -> i64 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(seconds).unwrap_or_default()
}

/// The days from 1970-01-01 to a `YYYY-MM-DD` date (Howard Hinnant's `days_from_civil`),
/// for counting weeks; `None` when it is not such a date.
pub fn day_number(date: &str) -> Option<i64> {
    let date = parse_date(date)?;
    let year: i64 = date[..4].parse().ok()?;
    let month: i64 = date[5..7].parse().ok()?;
    let day: i64 = date[8..10].parse().ok()?;
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A moment given in seconds since 1970 (as Stripe gives them), in UTC:
/// `2026-12-06T10:17:40Z`.
pub fn utc_timestamp(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let time = seconds.rem_euclid(86_400);
    let (hours, minutes, secs) = (time / 3600, time % 3600 / 60, time % 60);
    format!("{}T{hours:02}:{minutes:02}:{secs:02}Z", civil_date(days))
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Accepts `YYYY-MM-DD`, optionally followed by a time, and keeps the date.
pub fn parse_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let mut parts = date.split('-');
    let year: u32 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let day: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days).contains(&day).then(|| date.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_and_timestamps_agree_with_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-12-06"), Some(20_793));
        assert_eq!(civil_date(20_793), "2026-12-06");
        assert_eq!(
            day_number("2024-02-29").map(civil_date).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            utc_timestamp(20_793 * 86_400 + 3_723),
            "2026-12-06T01:02:03Z"
        );
        assert_eq!(day_number("2026-13-01"), None);
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(59), "1970-03-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_783), "2026-11-26");
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-02-28").as_deref(), Some("2026-02-28"));
        assert_eq!(
            parse_date("2026-03-01T10:00:00Z").as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert!(parse_date("2026-02-29").is_none());
        assert!(parse_date("2026-13-01").is_none());
        assert!(parse_date("1 March").is_none());
    }
}
