//! `shop orders report`: how the day, the week and the month went, from the ledger, in UTC:
//! orders and revenue per currency, best sellers, what is running low, and the payments
//! still on their way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::SalesError;
use super::files::Paths;
use super::ledger::{Row, rows};
use super::stock_file::Stock;
use crate::content::Availability;
use crate::date::day_number;
use crate::money::{Currency, Money, parse_amount};

/// The periods reported, as the report names them.
const PERIODS: [&str; 3] = ["today", "this week", "this month"];

/// How many best sellers are listed.
const BEST_SELLERS: usize = 5;

/// The summary of a ledger on one day.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The day reported on, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// For each of [`PERIODS`], per currency code: orders and revenue (lines and postage).
    pub periods: Vec<BTreeMap<String, (usize, Money)>>,
    /// This month's best sellers: SKU and items sold, most first.
    pub best_sellers: Vec<(String, u32)>,
    /// SKUs sold from stock at or below `low_stock` items, fewest first.
    pub low_stock: Vec<(String, u32)>,
    /// The `low_stock` level of shop.yaml.
    pub low_stock_level: u32,
    /// Stripe payments still on their way.
    pub pending: usize,
    /// Ledger lines left out because their amount or currency is not one.
    pub unreadable: usize,
}

/// Sums up the ledger of the shop at `root` on `date` (`YYYY-MM-DD`; today when `None`).
pub fn report(root: &Path, date: Option<&str>) -> Result<Report, SalesError> {
    let site = crate::stripe::load_shop(root)?;
    let paths = Paths::of(root, &site.config.orders.ledger);
    let date = date.map_or_else(crate::date::today, str::to_owned);
    let Some(day) = day_number(&date) else {
        return Err(SalesError::Sale(format!(
            "--date {date} is not a date: write it as YYYY-MM-DD"
        )));
    };
    let text = std::fs::read_to_string(&paths.ledger).unwrap_or_default();
    let rows = rows(&text, &paths.ledger).map_err(SalesError::Invalid)?;
    let mut report = Report {
        date: date.clone(),
        periods: vec![BTreeMap::new(); PERIODS.len()],
        low_stock_level: site.config.low_stock,
        pending: paths.read_state()?.pending.len(),
        ..Report::default()
    };
    let mut counted: Vec<BTreeSet<(String, String)>> = vec![BTreeSet::new(); PERIODS.len()];
    let mut sold: BTreeMap<String, u32> = BTreeMap::new();
    for row in &rows {
        let Some(revenue) = revenue(row) else {
            report.unreadable += 1;
            continue;
        };
        let Some(row_day) = day_number(&row.date) else {
            report.unreadable += 1;
            continue;
        };
        let within = [
            row_day == day,
            week_start(row_day) == week_start(day) && row_day <= day,
            row.date.get(..7) == date.get(..7) && row_day <= day,
        ];
        for (i, _) in within.iter().enumerate().filter(|(_, w)| **w) {
            let code = revenue.currency.code().to_owned();
            let zero = Money {
                minor: 0,
                currency: revenue.currency,
            };
            let entry = report.periods[i].entry(code.clone()).or_insert((0, zero));
            if counted[i].insert((code, row.reference.clone())) {
                entry.0 += 1;
            }
            entry.1.minor += revenue.minor;
        }
        if within[2] && !row.sku.is_empty() {
            *sold.entry(row.sku.clone()).or_default() += row.quantity;
        }
    }
    let mut best: Vec<(String, u32)> = sold.into_iter().collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    best.truncate(BEST_SELLERS);
    report.best_sellers = best;
    let mut low: Vec<(String, u32)> = Stock::of(&site)
        .items
        .into_iter()
        .filter_map(|(sku, (left, availability))| match (left, availability) {
            (Some(left), Availability::InStock) if left <= site.config.low_stock => {
                Some((sku, left))
            }
            _ => None,
        })
        .collect();
    low.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    report.low_stock = low;
    Ok(report)
}

/// A line's amount and postage together, in its currency.
fn revenue(row: &Row) -> Option<Money> {
    let currency = Currency::from_code(&row.currency.to_ascii_uppercase())?;
    let read = |text: &str| match text.trim() {
        "" => Some(0),
        text => parse_amount(text, currency).ok().map(|m| m.minor),
    };
    Some(Money {
        minor: read(&row.amount)? + read(&row.postage)?,
        currency,
    })
}

/// The Monday of the week of a day number (1970-01-01 was a Thursday).
fn week_start(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

impl Report {
    /// The report as the seller reads it in a terminal.
    pub fn text(&self) -> String {
        let mut out = format!("Orders on {} (UTC)\n", self.date);
        for (name, totals) in PERIODS.iter().zip(&self.periods) {
            if totals.is_empty() {
                out.push_str(&format!("  {name:<11} no orders\n"));
            }
            for (code, (orders, revenue)) in totals {
                out.push_str(&format!(
                    "  {name:<11} {orders} order{}, {} {code}\n",
                    if *orders == 1 { "" } else { "s" },
                    revenue.decimal()
                ));
            }
        }
        let listed = |items: &[(String, u32)], each: &dyn Fn(&(String, u32)) -> String| {
            if items.is_empty() {
                "none".to_owned()
            } else {
                items.iter().map(each).collect::<Vec<_>>().join(", ")
            }
        };
        out.push_str(&format!(
            "Best sellers this month: {}\n",
            listed(&self.best_sellers, &|(sku, n)| format!("{sku} ×{n}"))
        ));
        out.push_str(&format!(
            "Low stock (at or below {}): {}\n",
            self.low_stock_level,
            listed(&self.low_stock, &|(sku, n)| format!("{sku} {n} left"))
        ));
        out.push_str(&format!("Payments pending: {}\n", self.pending));
        if self.unreadable > 0 {
            out.push_str(&format!(
                "Left out: {} ledger line(s) whose date, amount or currency is not one\n",
                self.unreadable
            ));
        }
        out
    }

    /// The report as CSV for a spreadsheet: `section,period,key,value` lines.
    pub fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut line = |fields: [&str; 4]| {
            // Writing strings into memory cannot fail.
            let _ = writer.write_record(fields);
        };
        line(["section", "period", "key", "value"]);
        for (name, totals) in PERIODS.iter().zip(&self.periods) {
            for (code, (orders, revenue)) in totals {
                line(["orders", name, code, &orders.to_string()]);
                line(["revenue", name, code, &revenue.decimal()]);
            }
        }
        for (sku, n) in &self.best_sellers {
            line(["best_seller", "this month", sku, &n.to_string()]);
        }
        for (sku, n) in &self.low_stock {
            line(["low_stock", "", sku, &n.to_string()]);
        }
        line(["pending", "", "", &self.pending.to_string()]);
        String::from_utf8_lossy(&writer.into_inner().unwrap_or_default()).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        // 2026-12-07 is a Monday, 2026-12-06 a Sunday.
        let monday = day_number("2026-12-07").unwrap();
        assert_eq!(week_start(monday), monday);
        assert_eq!(week_start(monday + 6), monday);
        assert_eq!(week_start(monday - 1), monday - 7);
    }
}
