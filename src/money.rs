//! Exact money: prices are read as text into integer minor units of their ISO 4217 currency
//! and never pass through a float. Formatting for display lives here too, in one place.

use serde::Serialize;

/// An ISO 4217 currency the shop can sell in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Currency(iso_currency::Currency);

impl From<Currency> for String {
    fn from(currency: Currency) -> String {
        currency.code().to_owned()
    }
}

impl Currency {
    /// Looks up a code such as `EUR`; `None` for anything ISO 4217 does not list.
    pub fn from_code(code: &str) -> Option<Currency> {
        let currency = iso_currency::Currency::from_code(code)?;
        // Funds and metals (XAU, XDR...) have no minor unit a shop could charge in.
        currency.exponent().map(|_| Currency(currency))
    }

    /// The three-letter code.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn exponent(self) -> u32 {
        self.0.exponent().map(u32::from).unwrap_or(0)
    }

    /// The symbol a buyer reading `language` expects (`$`, `€`, `¥`, `CA$`...).
    pub fn symbol(self, language: &str) -> String {
        let chinese = language.starts_with("zh");
        let fixed = match self.code() {
            "USD" if chinese => "US$",
            "USD" => "$",
            "CNY" if chinese => "¥",
            "CNY" => "CN¥",
            "JPY" if chinese => "JP¥",
            "JPY" => "¥",
            "CAD" => "CA$",
            "AUD" => "A$",
            "NZD" => "NZ$",
            "HKD" => "HK$",
            "TWD" => "NT$",
            "SGD" => "S$",
            "MXN" => "MX$",
            "BRL" => "R$",
            _ => "",
        };
        if !fixed.is_empty() {
            return fixed.to_owned();
        }
        // Only symbols no buyer misreads; ISO's table has some (CHF as ₣) that nobody uses.
        let symbol = self.0.symbol().symbol;
        let unambiguous = ["€", "£", "₩", "₹", "₽", "₺", "₪", "₫", "₱", "₴", "₦", "฿"];
        if unambiguous.contains(&symbol.as_str()) {
            symbol
        } else {
            self.code().to_owned()
        }
    }
}

/// An exact amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Money {
    /// Amount in minor units (cents for EUR, yen for JPY).
    pub minor: i64,
    /// The currency of the amount.
    pub currency: Currency,
}

impl Money {
    /// The amount as plain decimal text in its currency's digits, without symbol or
    /// grouping (`25.00`, `1500`): what structured data, feeds and import files want, and
    /// what [`parse_amount`] reads back. The one place this rule is written.
    pub fn decimal(self) -> String {
        let exponent = self.currency.exponent();
        let scale = 10i64.pow(exponent);
        match exponent {
            0 => self.minor.to_string(),
            digits => format!(
                "{}.{:0width$}",
                self.minor / scale,
                self.minor % scale,
                width = digits as usize
            ),
        }
    }
}

/// Why a price could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a number at all.
    #[error("`{0}` is not a price")]
    NotANumber(String),
    /// European-style `1.299,00`.
    #[error("`{0}` uses `,` as the decimal point")]
    CommaDecimal(String),
    /// Thousands separators in the wrong places.
    #[error("`{0}` has misplaced thousands separators")]
    BadGrouping(String),
    /// More decimals than the currency has.
    #[error("`{text}` has more decimals than {code} allows ({exponent})")]
    TooManyDecimals {
        /// The price as written.
        text: String,
        /// The currency code.
        code: &'static str,
        /// How many decimals the currency has.
        exponent: u32,
    },
    /// Zero or below.
    #[error("`{0}` is not above zero")]
    NotPositive(String),
    /// Too large to count.
    #[error("`{0}` is too large")]
    TooLarge(String),
}

impl MoneyError {
    /// How the seller fixes it.
    pub fn hint(&self) -> String {
        match self {
            MoneyError::CommaDecimal(text) => format!(
                "`.` is the only decimal point and `,` only groups thousands: write {}",
                text.replace('.', "").replace(',', ".")
            ),
            MoneyError::BadGrouping(_) => {
                "`.` is the only decimal point and `,` only groups thousands: write 1,299.00 or 1299.00".into()
            }
            MoneyError::NotANumber(text) => match without_currency(text) {
                Some(number) => format!("leave out the currency sign: {number}"),
                None => PRICE_EXAMPLE.into(),
            },
            MoneyError::TooManyDecimals { code, exponent, .. } => match exponent {
                0 => format!("{code} has no minor unit: write a whole number such as 1500"),
                n => format!("{code} has {n} decimals: round the price to {n} digits after the point"),
            },
            MoneyError::NotPositive(_) => {
                "a price must be above zero; for a pay-what-you-want download, set the lowest price you accept".into()
            }
            MoneyError::TooLarge(_) => PRICE_EXAMPLE.into(),
        }
    }
}

/// How to write a price, for a price that is not one.
const PRICE_EXAMPLE: &str = "write a number such as 38, 38.5 or \"1,299.00\"";

/// Signs and letters a seller may write around a price: `€7`, `7 EUR`, `US$ 7`, `7 kr`.
const CURRENCY_SIGNS: &str = "€$£¥₹₩₽₺₪₫฿₴₦₱₡₲₵₸₼₾";

/// The number of a price written with its currency (`€7`, `7 EUR`), when that is all that
/// is wrong with it.
fn without_currency(text: &str) -> Option<&str> {
    let number = text.trim_matches(|c: char| !c.is_ascii_digit());
    let around: String = text.replacen(number, "", 1).split_whitespace().collect();
    let is_code = around.len() == 3 && around.chars().all(|c| c.is_ascii_uppercase());
    let signs = around.chars().any(|c| CURRENCY_SIGNS.contains(c))
        && around
            .chars()
            .all(|c| CURRENCY_SIGNS.contains(c) || c.is_ascii_alphabetic());
    let digits = number
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    (!number.is_empty() && digits && (is_code || signs || around == "kr")).then_some(number)
}

/// Reads a price such as `38`, `38.5`, `"38.50"` or `"1,299.00"` into minor units.
pub fn parse_price(text: &str, currency: Currency) -> Result<Money, MoneyError> {
    let money = parse_amount(text, currency)?;
    if money.minor == 0 {
        return Err(MoneyError::NotPositive(text.trim().to_owned()));
    }
    Ok(money)
}

/// Reads an amount that may be zero (free shipping), written like a price.
pub fn parse_amount(text: &str, currency: Currency) -> Result<Money, MoneyError> {
    let text = text.trim();
    let err_text = || text.to_owned();
    if text.starts_with('-') {
        return Err(MoneyError::NotPositive(err_text()));
    }
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(MoneyError::NotANumber(err_text()));
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if fraction.contains(',') {
        return Err(MoneyError::CommaDecimal(err_text()));
    }
    if fraction.contains('.') || whole.is_empty() || (text.contains('.') && fraction.is_empty()) {
        return Err(MoneyError::NotANumber(err_text()));
    }
    let digits = ungroup(whole).ok_or_else(|| {
        let comma_decimal = whole
            .rsplit_once(',')
            .is_some_and(|(_, last)| last.len() != 3);
        if comma_decimal && !text.contains('.') {
            MoneyError::CommaDecimal(err_text())
        } else {
            MoneyError::BadGrouping(err_text())
        }
    })?;
    let exponent = currency.exponent();
    if fraction.len() > exponent as usize {
        // Trailing zeros beyond the currency's decimals say nothing: 38.500 EUR is fine.
        if fraction[exponent as usize..].chars().any(|c| c != '0') {
            return Err(MoneyError::TooManyDecimals {
                text: err_text(),
                code: currency.code(),
                exponent,
            });
        }
    }
    let fraction: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(exponent as usize)
        .collect();
    let minor: i64 = format!("{digits}{fraction}")
        .parse()
        .map_err(|_| MoneyError::TooLarge(err_text()))?;
    Ok(Money { minor, currency })
}

/// Removes thousands separators when they group by three; `None` when they are misplaced.
fn ungroup(whole: &str) -> Option<String> {
    let mut groups = whole.split(',');
    let first = groups.next()?;
    if first.is_empty() || (whole.contains(',') && first.len() > 3) {
        return None;
    }
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// How a language writes numbers and where it puts the currency symbol.
struct NumberStyle {
    group: &'static str,
    decimal: &'static str,
    symbol_after: bool,
}

fn number_style(language: &str) -> NumberStyle {
    let primary = language.split(['-', '_']).next().unwrap_or(language);
    match primary {
        "de" | "es" | "it" | "pt" | "nl" | "da" | "id" | "tr" | "el" | "ro" | "hr" | "sl" => {
            NumberStyle {
                group: ".",
                decimal: ",",
                symbol_after: true,
            }
        }
        "fr" | "sv" | "nb" | "fi" | "pl" | "cs" | "sk" | "ru" | "uk" | "hu" => NumberStyle {
            group: "\u{202f}",
            decimal: ",",
            symbol_after: true,
        },
        _ => NumberStyle {
            group: ",",
            decimal: ".",
            symbol_after: false,
        },
    }
}

/// How amounts of a currency read in a language: what [`format_money`] follows, and what
/// a script formatting amounts the same way (the basket's) receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoneyStyle {
    /// The symbol and the separator between it and the number, in order: `€` before
    /// `1,299.00`, a no-break space then `€` after `1.299,00`.
    pub prefix: String,
    /// What follows the number.
    pub suffix: String,
    /// Between groups of three digits.
    pub group: &'static str,
    /// Before the minor units.
    pub decimal: &'static str,
    /// Digits of the minor units.
    pub exponent: u32,
}

/// The [`MoneyStyle`] of `currency` for a buyer reading `language`.
pub fn money_style(currency: Currency, language: &str) -> MoneyStyle {
    let style = number_style(language);
    let symbol = currency.symbol(language);
    let (prefix, suffix) = if style.symbol_after {
        (String::new(), format!("\u{a0}{symbol}"))
    } else if symbol.chars().all(char::is_alphabetic) {
        (format!("{symbol}\u{a0}"), String::new())
    } else {
        (symbol, String::new())
    };
    MoneyStyle {
        prefix,
        suffix,
        group: style.group,
        decimal: style.decimal,
        exponent: currency.exponent(),
    }
}

/// Formats an amount for a buyer reading `language`: `€1,299.00` in English,
/// `1.299,00 €` in German, `¥38.00` in Chinese.
pub fn format_money(money: Money, language: &str) -> String {
    let style = money_style(money.currency, language);
    let scale = 10i64.pow(style.exponent);
    let whole = (money.minor / scale).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push_str(style.group);
        }
        grouped.push(c);
    }
    if style.exponent > 0 {
        let fraction = money.minor % scale;
        grouped = format!(
            "{grouped}{}{fraction:0width$}",
            style.decimal,
            width = style.exponent as usize
        );
    }
    format!("{}{grouped}{}", style.prefix, style.suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_use_the_sellers_own_price() {
        let hint = |text: &str| parse_price(text, eur()).unwrap_err().hint();
        assert!(hint("12,50").ends_with("write 12.50"), "{}", hint("12,50"));
        assert!(hint("1.299,00").ends_with("write 1299.00"));
        assert_eq!(hint("€7"), "leave out the currency sign: 7");
        assert_eq!(hint("7 EUR"), "leave out the currency sign: 7");
        assert_eq!(hint("US$ 7.50"), "leave out the currency sign: 7.50");
        assert_eq!(hint("seven"), PRICE_EXAMPLE);
        assert_eq!(hint("7 apples"), PRICE_EXAMPLE);
    }

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn minor(text: &str, code: &str) -> Result<i64, MoneyError> {
        parse_price(text, Currency::from_code(code).unwrap()).map(|m| m.minor)
    }

    #[test]
    fn reads_prices_exactly() {
        assert_eq!(minor("38", "EUR"), Ok(3800));
        assert_eq!(minor("38.5", "EUR"), Ok(3850));
        assert_eq!(minor("38.50", "EUR"), Ok(3850));
        assert_eq!(minor("19.99", "USD"), Ok(1999));
        assert_eq!(minor("0.29", "USD"), Ok(29));
        assert_eq!(minor("1,299.00", "USD"), Ok(129_900));
        assert_eq!(minor("1,234,567", "USD"), Ok(123_456_700));
        assert_eq!(minor("1500", "JPY"), Ok(1500));
        assert_eq!(minor("1.500", "KWD"), Ok(1500));
        assert_eq!(minor("38.500", "EUR"), Ok(3850));
    }

    #[test]
    fn rejects_what_a_seller_might_mean_otherwise() {
        assert!(matches!(
            minor("1.299,00", "EUR"),
            Err(MoneyError::CommaDecimal(_))
        ));
        assert!(matches!(
            minor("38,5", "EUR"),
            Err(MoneyError::CommaDecimal(_))
        ));
        assert!(matches!(
            minor("12,34,567", "EUR"),
            Err(MoneyError::BadGrouping(_))
        ));
        assert!(matches!(
            minor("19.999", "EUR"),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            minor("15.5", "JPY"),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(minor("0", "EUR"), Err(MoneyError::NotPositive(_))));
        assert!(matches!(
            minor("-3", "EUR"),
            Err(MoneyError::NotPositive(_))
        ));
        assert!(matches!(
            minor("abc", "EUR"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(minor("3.", "EUR"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(
            minor("99999999999999999999", "EUR"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn decimal_text_has_the_currency_digits() {
        let money = |minor: i64, code: &str| Money {
            minor,
            currency: Currency::from_code(code).unwrap(),
        };
        assert_eq!(money(2500, "EUR").decimal(), "25.00");
        assert_eq!(money(1505, "EUR").decimal(), "15.05");
        assert_eq!(money(1500, "JPY").decimal(), "1500");
        assert_eq!(money(1, "BHD").decimal(), "0.001");
    }

    #[test]
    fn knows_iso_4217_codes_only() {
        assert!(Currency::from_code("JPY").is_some());
        assert_eq!(Currency::from_code("JPY").unwrap().exponent(), 0);
        assert!(Currency::from_code("EURO").is_none());
        assert!(Currency::from_code("ABC").is_none());
    }

    #[test]
    fn formats_for_the_language() {
        let m = Money {
            minor: 129_900,
            currency: eur(),
        };
        assert_eq!(format_money(m, "en"), "€1,299.00");
        assert_eq!(format_money(m, "de"), "1.299,00\u{a0}€");
        let yen = Money {
            minor: 1500,
            currency: Currency::from_code("JPY").unwrap(),
        };
        assert_eq!(format_money(yen, "en"), "¥1,500");
        let yuan = Money {
            minor: 3800,
            currency: Currency::from_code("CNY").unwrap(),
        };
        assert_eq!(format_money(yuan, "zh-CN"), "¥38.00");
        assert_eq!(format_money(yuan, "en"), "CN¥38.00");
        let franc = Money {
            minor: 4500,
            currency: Currency::from_code("CHF").unwrap(),
        };
        assert_eq!(format_money(franc, "en"), "CHF\u{a0}45.00");
    }

    mod properties {
        //! Every amount of every ISO 4217 currency survives being written and read back, in
        //! plain digits, with thousands separators, with extra zeros and as shown to buyers;
        //! amounts beyond a float's 53 bits stay exact; malformed text is always refused.

        use super::*;
        use proptest::prelude::*;

        /// Every currency ISO 4217 lists with a minor unit, found by trying every code.
        fn all_currencies() -> Vec<Currency> {
            let letters = b'A'..=b'Z';
            letters
                .clone()
                .flat_map(|a| letters.clone().map(move |b| (a, b)))
                .flat_map(|(a, b)| (b'A'..=b'Z').map(move |c| [a, b, c]))
                .filter_map(|code| Currency::from_code(std::str::from_utf8(&code).ok()?))
                .collect()
        }

        fn currency() -> impl Strategy<Value = Currency> {
            prop::sample::select(all_currencies())
        }

        /// `minor` written with a `.` and exactly the currency's decimals.
        fn plain(minor: i64, currency: Currency) -> String {
            let exponent = currency.exponent();
            let scale = 10i64.pow(exponent);
            match exponent {
                0 => minor.to_string(),
                n => format!(
                    "{}.{:0width$}",
                    minor / scale,
                    minor % scale,
                    width = n as usize
                ),
            }
        }

        /// Thousands separators put into the whole part of a plain amount.
        fn grouped(plain: &str) -> String {
            let (whole, fraction) = plain.split_once('.').unwrap_or((plain, ""));
            let mut out = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            if plain.contains('.') {
                out = format!("{out}.{fraction}");
            }
            out
        }

        #[test]
        fn every_minor_unit_count_is_covered() {
            let currencies = all_currencies();
            let mut exponents: Vec<u32> = currencies.iter().map(|c| c.exponent()).collect();
            exponents.sort_unstable();
            exponents.dedup();
            assert_eq!(exponents, [0, 2, 3, 4]);
            assert!(currencies.len() > 150, "{}", currencies.len());
        }

        proptest! {
            #[test]
            fn written_amounts_read_back_exactly(
                currency in currency(),
                minor in 1..=i64::MAX,
                zeros in 0usize..4,
            ) {
                let text = plain(minor, currency);
                prop_assert_eq!(parse_price(&text, currency).map(|m| m.minor), Ok(minor));
                let with_groups = grouped(&text);
                prop_assert_eq!(parse_price(&with_groups, currency).map(|m| m.minor), Ok(minor));
                let padded = if text.contains('.') || zeros == 0 {
                    format!("{text}{}", "0".repeat(zeros))
                } else {
                    format!("{text}.{}", "0".repeat(zeros))
                };
                prop_assert_eq!(parse_price(&padded, currency).map(|m| m.minor), Ok(minor));
            }

            #[test]
            fn shown_amounts_read_back_exactly(currency in currency(), minor in 0..=i64::MAX) {
                let money = Money { minor, currency };
                let english = format_money(money, "en");
                let digits: String = english
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                prop_assert_eq!(parse_amount(&digits, currency), Ok(money), "{}", english);
                let german = format_money(money, "de");
                let digits: String = german
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == ',')
                    .map(|c| if c == ',' { '.' } else { c })
                    .collect();
                prop_assert_eq!(parse_amount(&digits, currency), Ok(money), "{}", german);
                let french = format_money(money, "fr");
                prop_assert_eq!(
                    french.replace('\u{202f}', "").replace(',', "."),
                    format!("{digits}\u{a0}{}", currency.symbol("fr"))
                );
            }

            #[test]
            fn one_decimal_too_many_is_refused(
                currency in currency(),
                minor in 1..i64::MAX / 10,
                last in 1u8..=9,
            ) {
                let text = plain(minor, currency);
                let text = if text.contains('.') {
                    format!("{text}{last}")
                } else {
                    format!("{text}.{last}")
                };
                let refused = matches!(
                    parse_price(&text, currency),
                    Err(MoneyError::TooManyDecimals { .. })
                );
                prop_assert!(refused, "{}", text);
            }

            #[test]
            fn text_that_is_not_digits_is_refused(
                currency in currency(),
                text in "[0-9.,]{0,6}[^0-9.,\\s][0-9.,]{0,6}",
            ) {
                prop_assert!(parse_price(&text, currency).is_err());
            }

            #[test]
            fn comma_decimals_and_bad_groups_are_refused(
                currency in currency(),
                whole in 1u32..1_000_000,
                cents in 0u32..100,
            ) {
                let european = format!("{whole}{}{cents:02}", ',');
                prop_assert!(parse_price(&european, currency).is_err(), "{}", european);
                let dotted = format!("{}.{:03},{cents:02}", whole, whole % 1000);
                prop_assert!(parse_price(&dotted, currency).is_err(), "{}", dotted);
                let negative = format!("-{whole}");
                prop_assert!(matches!(
                    parse_price(&negative, currency),
                    Err(MoneyError::NotPositive(_))
                ));
            }

            #[test]
            fn anything_is_read_or_refused_without_panicking(
                currency in currency(),
                text in "[0-9.,\\- ]{0,30}|\\PC{0,30}",
            ) {
                if let Ok(money) = parse_amount(&text, currency) {
                    prop_assert!(money.minor >= 0);
                    let again = parse_amount(&plain(money.minor, currency), currency);
                    prop_assert_eq!(again, Ok(money));
                }
            }
        }
    }
}
