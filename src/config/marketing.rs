//! The marketing hooks of `shop.yaml`, all off until configured: visitor counting, a
//! newsletter form, a contact page with an optional form, share links on product pages
//! and a community block. Each is plain data the theme prints; nothing here loads a
//! third-party script except the analytics snippet the seller chose.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{check_static_file, is_web_url};
use crate::date::parse_date;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Visitor counting with one provider. It is left out of `shop serve`, so previews are
/// never counted; Google Analytics loads only after the visitor accepts cookies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Analytics {
    /// Plausible: `{domain: shop.example}`.
    pub plausible: Option<Plausible>,
    /// Umami: `{website_id: ..., script: https://...}`.
    pub umami: Option<Umami>,
    /// GoatCounter: `{code: myshop}`.
    pub goatcounter: Option<GoatCounter>,
    /// Google Analytics 4: `{id: G-XXXXXXX}`, behind a consent banner.
    pub google: Option<GoogleAnalytics>,
}

/// Plausible Analytics.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plausible {
    /// The site's domain as registered in Plausible.
    pub domain: String,
    /// The script's address; another one for a self-hosted Plausible.
    #[serde(default = "plausible_script")]
    pub script: String,
}

fn plausible_script() -> String {
    "https://plausible.io/js/script.js".into()
}

/// Umami.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Umami {
    /// The website ID Umami shows.
    pub website_id: String,
    /// The script's address; another one for a self-hosted Umami.
    #[serde(default = "umami_script")]
    pub script: String,
}

fn umami_script() -> String {
    "https://cloud.umami.is/script.js".into()
}

/// GoatCounter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoatCounter {
    /// The code in `https://CODE.goatcounter.com`.
    pub code: String,
}

/// Google Analytics 4.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleAnalytics {
    /// The measurement ID, `G-` and letters and digits.
    pub id: String,
}

/// Campaign parameters added to checkout links that report them (Stripe, Gumroad, Lemon
/// Squeezy), so the provider's dashboard shows which sales came from the shop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Utm {
    /// `utm_source`, such as `shop`.
    pub source: Option<String>,
    /// `utm_medium`, such as `website`.
    pub medium: Option<String>,
    /// `utm_campaign`.
    pub campaign: Option<String>,
}

/// A newsletter signup form posting to any provider (Buttondown, Mailchimp, ...).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Newsletter {
    /// The provider's form action URL.
    pub action: String,
    /// The name of the email field the provider expects.
    #[serde(default = "email_field")]
    pub email_field: String,
    /// Heading above the form; the theme's `newsletter_title` when absent.
    pub title: Option<String>,
    /// A line under the heading; the theme's `newsletter_text` when absent.
    pub text: Option<String>,
    /// Hidden fields the provider wants (Mailchimp's list IDs, a tag), in order.
    #[serde(default)]
    pub hidden: indexmap::IndexMap<String, String>,
    /// The field the provider reads a subscriber's tag from (Buttondown: `tag`); with it,
    /// sold-out products offer "notify me", tagged with their SKU.
    pub tag_field: Option<String>,
}

fn email_field() -> String {
    "email".into()
}

/// Where the contact page's form sends messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContactForm {
    /// A Formspree endpoint, `https://formspree.io/f/...`.
    pub formspree: Option<String>,
    /// Netlify Forms: the host collects the messages.
    #[serde(default)]
    pub netlify: bool,
}

/// Networks a product can be shared to, by plain links (no third-party script).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareNetwork {
    /// X (Twitter).
    X,
    /// Facebook.
    Facebook,
    /// Pinterest, with the product photo.
    Pinterest,
    /// WhatsApp.
    Whatsapp,
    /// Weibo.
    Weibo,
    /// Telegram.
    Telegram,
    /// An email to a friend.
    Email,
}

/// A block inviting buyers to a community: a WeChat group QR, a Discord or a forum.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Community {
    /// Heading, such as "Join our WeChat group".
    pub title: String,
    /// A line of text under it.
    #[serde(default)]
    pub text: String,
    /// A QR code image under `static/`, as a site path (`/wechat-group.png`).
    pub qr: Option<String>,
    /// A link to join.
    pub url: Option<String>,
    /// The day the QR code stops working (WeChat group codes last 7 days): `shop check`
    /// warns once it has passed.
    pub expires: Option<String>,
}

/// Checks the hooks' values, each error at its key.
pub(super) fn check(
    raw: &super::RawConfig,
    root: &Path,
    diagnostics: &mut Diagnostics,
    at: &impl Fn(&str, String) -> Diagnostic,
    at_key: &impl Fn(&str, String) -> Diagnostic,
) {
    let https = |key: &str, url: &str, what: &str, diagnostics: &mut Diagnostics| {
        if !(is_web_url(url) && url.starts_with("https://")) {
            diagnostics.push(
                at(key, format!("`{url}` is not an https:// address"))
                    .with_hint(format!("write the full https:// address of {what}")),
            );
        }
    };
    let analytics = &raw.analytics;
    let chosen: Vec<&str> = [
        ("plausible", analytics.plausible.is_some()),
        ("umami", analytics.umami.is_some()),
        ("goatcounter", analytics.goatcounter.is_some()),
        ("google", analytics.google.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    if let [first, second, ..] = chosen[..] {
        diagnostics.push(
            at_key(
                &format!("analytics.{second}"),
                format!("more than one analytics provider: `{first}` and `{second}`"),
            )
            .with_hint(
                "keep one of plausible, umami, goatcounter and google: each counts every visit",
            ),
        );
    }
    if let Some(p) = &analytics.plausible {
        https(
            "analytics.plausible.script",
            &p.script,
            "the Plausible script",
            diagnostics,
        );
    }
    if let Some(u) = &analytics.umami {
        https(
            "analytics.umami.script",
            &u.script,
            "the Umami script",
            diagnostics,
        );
    }
    if let Some(g) = &analytics.goatcounter
        && !is_name(&g.code)
    {
        diagnostics.push(
            at(
                "analytics.goatcounter.code",
                format!("`{}` is not a GoatCounter code", g.code),
            )
            .with_hint(
                "write the CODE of https://CODE.goatcounter.com: letters, digits and hyphens",
            ),
        );
    }
    if let Some(g) = &analytics.google
        && !(g.id.starts_with("G-") && is_name(&g.id[2..]))
    {
        diagnostics.push(
            at(
                "analytics.google.id",
                format!("`{}` is not a Google Analytics 4 measurement ID", g.id),
            )
            .with_hint("copy the ID that starts with `G-` from the data stream's details"),
        );
    }
    if let Some(n) = &raw.newsletter {
        https(
            "newsletter.action",
            &n.action,
            "your newsletter provider's form",
            diagnostics,
        );
    }
    let form = &raw.contact.form;
    if let Some(url) = &form.formspree {
        https(
            "contact.form.formspree",
            url,
            "the Formspree form (https://formspree.io/f/...)",
            diagnostics,
        );
        if form.netlify {
            diagnostics.push(
                at("contact.form", "the contact form has two services".into())
                    .with_hint("keep `formspree:` or `netlify: true`, not both"),
            );
        }
    }
    if let Some(qr) = &raw.contact.wechat_qr {
        check_static_file("contact.wechat_qr", qr, root, diagnostics, at);
    }
    if let Some(c) = &raw.community {
        if let Some(qr) = &c.qr {
            check_static_file("community.qr", qr, root, diagnostics, at);
        }
        if let Some(url) = &c.url {
            https("community.url", url, "the community", diagnostics);
        }
        if let Some(date) = &c.expires
            && parse_date(date).is_none()
        {
            diagnostics.push(
                at("community.expires", format!("`{date}` is not a date"))
                    .with_hint("write the date as YYYY-MM-DD, such as 2026-03-01"),
            );
        }
    }
}

/// Letters, digits and hyphens.
fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}
