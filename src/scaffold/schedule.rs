//! `shop init --ci github --orders`: the scheduled workflow that syncs orders from Stripe,
//! commits the ledger and stock, and deploys, made from the deploy workflow's text.

use std::path::{Path, PathBuf};

use super::{Ci, ScaffoldError};

/// Where the scheduled orders workflow goes.
pub const ORDERS_WORKFLOW: &str = ".github/workflows/orders.yml";

/// The minutes between scheduled order syncs unless the seller says otherwise.
pub const DEFAULT_ORDERS_EVERY: u32 = 30;

/// Writes the GitHub Actions workflow that runs `shop orders sync` every `every` minutes,
/// commits the ledger and stock when they changed, and builds and deploys the shop itself
/// (a push made with a workflow's own token starts no other workflow). It is made from the
/// deploy workflow, so both install and build the shop the same way, in the same
/// concurrency group.
pub fn orders_workflow(dir: &Path, every: u32) -> Result<PathBuf, ScaffoldError> {
    let path = dir.join(ORDERS_WORKFLOW);
    if path.exists() {
        return Err(ScaffoldError::CiExists(path));
    }
    let cron = orders_schedule(every)?;
    super::write_new(
        &path,
        &orders_text(&super::ci_file(Ci::GitHub, super::source()), &cron),
    )?;
    Ok(path)
}

/// A cron schedule every `every` minutes, never on the hour (GitHub's busiest minute, when
/// scheduled runs are most often delayed or dropped): every 30 minutes is `7,37 * * * *`.
/// `None` unless `every` divides an hour (5 minutes at least) or is whole hours dividing a
/// day.
fn orders_cron(every: u32) -> Option<String> {
    const MINUTE: u32 = 7;
    if (5..60).contains(&every) && 60u32.is_multiple_of(every) {
        let minutes: Vec<String> = (0..60 / every)
            .map(|i| (MINUTE % every + i * every).to_string())
            .collect();
        return Some(format!("{} * * * *", minutes.join(",")));
    }
    let hours = every / 60;
    (every.is_multiple_of(60) && hours >= 1 && 24u32.is_multiple_of(hours)).then(|| match hours {
        1 => format!("{MINUTE} * * * *"),
        _ => format!("{MINUTE} */{hours} * * *"),
    })
}

/// The cron schedule of order syncs every `every` minutes, or why there can be none.
pub fn orders_schedule(every: u32) -> Result<String, ScaffoldError> {
    orders_cron(every).ok_or(ScaffoldError::Interval(every))
}

/// What the orders workflow adds before the deploy workflow's check: the sync, and a
/// commit of what it changed.
const ORDERS_STEPS: &str = r#"      - name: Sync orders from Stripe
        env:
          # A restricted key: Checkout Sessions Read, Payment Links Write (docs/deploy.md).
          STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}
        run: shop orders sync
      # The ledger and stock.csv, committed only when the sync changed them. This push
      # starts no other workflow (GitHub's rule for a workflow's own token), so this
      # workflow builds and deploys the shop itself below.
      - name: Commit the ledger and stock
        run: |
          git add -A .
          if git diff --cached --quiet; then
            echo "No new orders"
          else
            git config user.name "shop orders sync"
            git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
            git commit -m "orders: new orders from Stripe"
            git push
          fi
"#;

/// What the orders workflow says about itself.
const ORDERS_HEADER: &str =
    "# On the schedule below (UTC): reads new orders from Stripe with `shop orders sync`,
# commits the ledger and stock.csv when they changed, then builds and publishes the shop on
# GitHub Pages, in the same concurrency group as the deploy workflow. Needs the repository
# secret STRIPE_SECRET_KEY. GitHub may delay or skip scheduled runs: see docs/deploy.md of
# the shop tool.
";

/// The orders workflow made from the deploy workflow's text: its own name and schedule,
/// permission to push, and the sync steps before the check.
fn orders_text(deploy: &str, cron: &str) -> String {
    let body = deploy
        .find("name: Deploy")
        .map_or(deploy, |start| &deploy[start..]);
    let on_start = body.find("\non:\n").map_or(body.len(), |i| i + 1);
    let on_end = body[on_start..]
        .find("\npermissions:")
        .map_or(body.len(), |i| on_start + i + 1);
    let on = format!("on:\n  schedule:\n    - cron: \"{cron}\"\n  workflow_dispatch:\n\n");
    let rest = body[on_end..]
        .replacen("contents: read", "contents: write", 1)
        .replacen(
            "      - name: Check\n",
            &format!("{ORDERS_STEPS}      - name: Check\n"),
            1,
        );
    format!(
        "{ORDERS_HEADER}{}{on}{rest}",
        body[..on_start].replacen("name: Deploy", "name: Orders", 1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_syncs_are_scheduled_off_the_hour() {
        assert_eq!(orders_cron(30).as_deref(), Some("7,37 * * * *"));
        assert_eq!(orders_cron(15).as_deref(), Some("7,22,37,52 * * * *"));
        assert_eq!(
            orders_cron(5).as_deref().map(|c| c.starts_with("2,7,")),
            Some(true)
        );
        assert_eq!(orders_cron(60).as_deref(), Some("7 * * * *"));
        assert_eq!(orders_cron(180).as_deref(), Some("7 */3 * * *"));
        for refused in [0, 1, 4, 7, 45, 90, 300] {
            assert_eq!(orders_cron(refused), None, "{refused}");
        }
    }

    #[test]
    fn the_orders_workflow_is_the_deploy_workflow_with_a_schedule_and_the_sync() {
        let text = orders_text(
            &super::super::ci_file(Ci::GitHub, Some("https://github.com/maker/shop")),
            "7,37 * * * *",
        );
        assert!(text.contains("name: Orders\n"), "{text}");
        assert!(text.contains("on:\n  schedule:\n    - cron: \"7,37 * * * *\"\n  workflow_dispatch:\n\npermissions:\n  contents: write\n"), "{text}");
        assert!(!text.contains("push:\n"), "{text}");
        assert!(text.contains("concurrency:\n  group: pages\n"), "{text}");
        let sync = text.find("run: shop orders sync").unwrap();
        let push = text.find("git push").unwrap();
        let build = text.find("run: shop build").unwrap();
        assert!(sync < push && push < build, "{text}");
        assert!(text.contains("uses: actions/deploy-pages@"), "{text}");
        let yaml: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(yaml["on"]["schedule"][0]["cron"], "7,37 * * * *");
        assert_eq!(yaml["concurrency"]["group"], "pages");
    }
}
