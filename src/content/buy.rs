//! Payment links: which providers a product sells through, each checked to be a real https
//! link on that provider's own domain, so a typo or a pasted `javascript:` never ships; and
//! the rules every storefront (pages, a basket, a checkout function, an admin) follows with
//! them: which buttons a product shows and in which order ([`Buy::buttons`]), which ways to
//! ask to order by message go with them ([`Buy::ask_channels`]), and the parameters `shop`
//! adds to each checkout link ([`BuyLink::checkout_url`]). Button texts are the theme's.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::config::{MessageChannel, Utm, describe, hidden_char};

/// A provider that sells through a checkout link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkProvider {
    /// Stripe Payment Links.
    Stripe,
    /// PayPal checkout or PayPal.Me.
    Paypal,
    /// Lemon Squeezy checkout.
    Lemonsqueezy,
    /// Gumroad product page.
    Gumroad,
    /// Any other https checkout.
    Custom,
    /// A prefilled `mailto:` order.
    Email,
}

impl LinkProvider {
    /// The key under `buy:` and the name of the button's translation string.
    pub fn key(self) -> &'static str {
        match self {
            LinkProvider::Stripe => "stripe",
            LinkProvider::Paypal => "paypal",
            LinkProvider::Lemonsqueezy => "lemonsqueezy",
            LinkProvider::Gumroad => "gumroad",
            LinkProvider::Custom => "custom",
            LinkProvider::Email => "email",
        }
    }

    /// Hosts a link of this provider may point at; `*.` allows subdomains.
    fn hosts(self) -> &'static [&'static str] {
        match self {
            LinkProvider::Stripe => &["buy.stripe.com", "checkout.stripe.com"],
            LinkProvider::Paypal => &["paypal.com", "*.paypal.com", "paypal.me", "www.paypal.me"],
            LinkProvider::Lemonsqueezy => &["*.lemonsqueezy.com"],
            LinkProvider::Gumroad => &["gumroad.com", "*.gumroad.com", "gum.co"],
            LinkProvider::Custom | LinkProvider::Email => &[],
        }
    }
}

/// A provider that takes a merchant collection QR code instead of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QrProvider {
    /// WeChat Pay merchant collection code.
    Wechat,
    /// Alipay merchant collection code.
    Alipay,
}

impl QrProvider {
    /// The key under `buy:`.
    pub fn key(self) -> &'static str {
        match self {
            QrProvider::Wechat => "wechat",
            QrProvider::Alipay => "alipay",
        }
    }
}

/// `buy:` as written in front matter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBuy {
    pub(crate) stripe: Option<String>,
    pub(crate) paypal: Option<String>,
    pub(crate) gumroad: Option<String>,
    pub(crate) lemonsqueezy: Option<String>,
    #[serde(default)]
    pub(crate) custom: Vec<RawCustomLink>,
    pub(crate) wechat: Option<String>,
    pub(crate) alipay: Option<String>,
    pub(crate) email: Option<RawEmail>,
}

impl RawBuy {
    /// True when no provider is given.
    pub fn is_empty(&self) -> bool {
        self.stripe.is_none()
            && self.paypal.is_none()
            && self.gumroad.is_none()
            && self.lemonsqueezy.is_none()
            && self.custom.is_empty()
            && self.wechat.is_none()
            && self.alipay.is_none()
            && !matches!(
                self.email,
                Some(RawEmail::Flag(true)) | Some(RawEmail::Address(_))
            )
    }

    /// The link providers in their display order, with the key path of each value.
    pub(crate) fn links(&self) -> Vec<(LinkProvider, String, Option<String>, &str)> {
        let mut links = Vec::new();
        let named = [
            (LinkProvider::Stripe, &self.stripe),
            (LinkProvider::Paypal, &self.paypal),
            (LinkProvider::Lemonsqueezy, &self.lemonsqueezy),
            (LinkProvider::Gumroad, &self.gumroad),
        ];
        for (provider, url) in named {
            if let Some(url) = url {
                links.push((provider, provider.key().to_owned(), None, url.as_str()));
            }
        }
        for (i, custom) in self.custom.iter().enumerate() {
            links.push((
                LinkProvider::Custom,
                format!("custom.{i}.url"),
                Some(custom.label.clone()),
                custom.url.as_str(),
            ));
        }
        links
    }
}

/// One `custom:` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomLink {
    pub(crate) label: String,
    pub(crate) url: String,
}

/// `email: true` for the shop's address, or an address.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawEmail {
    /// Use the shop's contact email.
    Flag(bool),
    /// Use this address.
    Address(String),
}

/// A checked checkout link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuyLink {
    /// Who takes the payment.
    pub provider: LinkProvider,
    /// The seller's own label, for custom links.
    pub label: Option<String>,
    /// The URL exactly as written in front matter.
    pub url: String,
}

/// A checked QR collection code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuyQr {
    /// WeChat Pay or Alipay.
    pub provider: QrProvider,
    /// Output path of the QR image, relative to the product's folder.
    pub image: String,
}

/// Every way to pay for a product or variant, checked and in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Buy {
    /// Checkout links.
    pub links: Vec<BuyLink>,
    /// QR codes.
    pub qr: Vec<BuyQr>,
    /// Address for an email order.
    pub email: Option<String>,
    /// `stripe: auto`: `shop stripe sync` makes the Payment Link, and the build takes it
    /// from `stripe.lock` into `links`.
    #[serde(skip)]
    pub stripe_auto: bool,
}

/// The value of `stripe:` that asks `shop stripe sync` for the link.
pub const AUTO: &str = "auto";

/// What a Stripe test-mode link is warned with, pasted or made by `shop stripe sync`.
pub const TEST_MODE: &str = "this Stripe link is in test mode: buyers cannot pay with it";

impl Buy {
    /// True when nothing pays for the product: no link, code or email, and no
    /// `stripe: auto` waiting for its link.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty() && self.qr.is_empty() && self.email.is_none() && !self.stripe_auto
    }
}

impl Buy {
    /// A translation's `buy:`: with `stripe: auto`, it sells through the original's
    /// automatic link, which the build took from `stripe.lock` (a translation has no SKU of
    /// its own).
    pub fn with_original_stripe_link(mut self, original: &Buy) -> Buy {
        let link = original
            .links
            .iter()
            .find(|l| l.provider == LinkProvider::Stripe);
        if self.stripe_auto
            && original.stripe_auto
            && let Some(link) = link
        {
            self.links.insert(0, link.clone());
        }
        self
    }

    /// The payment buttons in the order every storefront shows them: the checkout links as
    /// [`RawBuy::links`] orders them (Stripe, PayPal, Lemon Squeezy, Gumroad, then the
    /// custom links as written), the email order last.
    pub fn buttons(&self) -> impl Iterator<Item = Button<'_>> {
        self.links
            .iter()
            .map(Button::Link)
            .chain(self.email.as_deref().map(Button::Email))
    }

    /// The ways to ask to order by message (`order_by_message:`, in the shop's order)
    /// offered beside these buttons: not email when an email button already orders by
    /// email.
    pub fn ask_channels<'c>(
        &self,
        channels: &'c [MessageChannel],
    ) -> impl Iterator<Item = MessageChannel> + 'c {
        let email_button = self.email.is_some();
        channels
            .iter()
            .copied()
            .filter(move |&c| !(c == MessageChannel::Email && email_button))
    }
}

/// A payment button: a checkout link, or an order by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button<'a> {
    /// A checked checkout link.
    Link(&'a BuyLink),
    /// An order by email to this address.
    Email(&'a str),
}

impl Button<'_> {
    /// Who takes the payment: the link's provider, or [`LinkProvider::Email`].
    pub fn provider(self) -> LinkProvider {
        match self {
            Button::Link(link) => link.provider,
            Button::Email(_) => LinkProvider::Email,
        }
    }
}

/// What `shop` adds to a checkout link about the purchase and the shop.
#[derive(Debug, Clone, Copy)]
pub struct Checkout<'a> {
    /// The SKU of what is bought: the variant's, else the product's.
    pub sku: Option<&'a str>,
    /// The shop's campaign parameters (`utm:`).
    pub utm: &'a Utm,
    /// The absolute URL of the thanks page, where a classic PayPal button returns.
    pub thanks: &'a str,
}

/// Stripe keeps only letters, digits, `-` and `_` of a `client_reference_id`, at most 200.
const STRIPE_REFERENCE_LENGTH: usize = 200;

/// A SKU as Stripe keeps it in a `client_reference_id`: its other characters made `_`.
/// Two SKUs with the same reference cannot be told apart in Stripe's records.
pub fn stripe_reference(sku: &str) -> String {
    sku.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(STRIPE_REFERENCE_LENGTH)
        .collect()
}

impl BuyLink {
    /// The link with the documented parameters its provider reads: the SKU as Stripe's
    /// `client_reference_id` (its other characters made `_`) or a classic PayPal button's
    /// `item_number` (with `return` to the thanks page), and the shop's `utm:` for the
    /// providers that report campaigns (Stripe, Gumroad, Lemon Squeezy). Parameters the
    /// seller already wrote are kept as written.
    pub fn checkout_url(&self, checkout: &Checkout) -> String {
        let Ok(mut url) = Url::parse(&self.url) else {
            return self.url.clone();
        };
        let present: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let mut added = self.added_parameters(&url, checkout);
        added.retain(|(key, _)| !present.iter().any(|p| p == key));
        if added.is_empty() {
            return self.url.clone();
        }
        url.query_pairs_mut().extend_pairs(added);
        url.to_string()
    }

    /// Every parameter [`Self::checkout_url`] would add to `url`, before those the seller
    /// wrote are taken out.
    fn added_parameters(&self, url: &Url, checkout: &Checkout) -> Vec<(&'static str, String)> {
        let mut added = Vec::new();
        let sku = checkout.sku;
        if self.provider == LinkProvider::Stripe
            && let Some(sku) = sku
        {
            added.push(("client_reference_id", stripe_reference(sku)));
        }
        if self.provider == LinkProvider::Paypal && url.path() == "/cgi-bin/webscr" {
            // A classic PayPal button: it takes the item number and a page to return to.
            if let Some(sku) = sku {
                added.push(("item_number", sku.to_owned()));
            }
            added.push(("return", checkout.thanks.to_owned()));
        }
        if matches!(
            self.provider,
            LinkProvider::Stripe | LinkProvider::Gumroad | LinkProvider::Lemonsqueezy
        ) {
            let utm = checkout.utm;
            for (key, value) in [
                ("utm_source", &utm.source),
                ("utm_medium", &utm.medium),
                ("utm_campaign", &utm.campaign),
            ] {
                if let Some(value) = value {
                    added.push((key, value.clone()));
                }
            }
        }
        added
    }
}

/// Why a payment link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not a URL at all.
    #[error("`{0}` is not a valid link")]
    Invalid(String),
    /// `https://buy.stripe.com@evil.example/`: the part before `@` is a user name and the
    /// real host comes after it.
    #[error("`{0}` hides its real host behind an `@`")]
    Credentials(String),
    /// `http:`, `javascript:`, `data:`...
    #[error("`{url}` is not an https link (scheme `{scheme}`)")]
    NotHttps {
        /// The link.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// A space, line break or other invisible character inside the link: the URL parser
    /// drops some of them, so what would be checked is not the text that is published.
    #[error("`{url}` has {} inside", describe(*.found))]
    Hidden {
        /// The link, its invisible characters escaped.
        url: String,
        /// The first such character.
        found: char,
    },
    /// A host the provider does not use.
    #[error("`{url}` is not a {provider} link: its host `{host}` is not one of {provider}'s")]
    ForeignHost {
        /// The link.
        url: String,
        /// The provider key.
        provider: &'static str,
        /// The host found.
        host: String,
    },
}

impl LinkError {
    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            LinkError::ForeignHost { provider, .. } => {
                let hosts = LinkProvider::from_key(provider)
                    .map(|p| p.hosts().join(", "))
                    .unwrap_or_default();
                format!(
                    "paste the link {provider} gives you (hosts: {hosts}), or list it under `custom:` with a label"
                )
            }
            LinkError::Credentials(_) => {
                "paste the checkout link exactly as the provider gives it, without a user name or `@`".into()
            }
            LinkError::Hidden { .. } => {
                "paste the checkout link again as one unbroken line, without spaces".into()
            }
            _ => "paste the full checkout link, starting with https://".into(),
        }
    }
}

impl LinkProvider {
    fn from_key(key: &str) -> Option<LinkProvider> {
        [
            LinkProvider::Stripe,
            LinkProvider::Paypal,
            LinkProvider::Lemonsqueezy,
            LinkProvider::Gumroad,
        ]
        .into_iter()
        .find(|p| p.key() == key)
    }
}

/// Checks a checkout link: https, with a host, on the provider's own domain, and nothing
/// hidden in it.
pub fn check_link(provider: LinkProvider, text: &str) -> Result<(), LinkError> {
    if let Some(found) = hidden_char(text) {
        return Err(LinkError::Hidden {
            url: text.trim().escape_debug().to_string(),
            found,
        });
    }
    let url = Url::parse(text.trim()).map_err(|_| LinkError::Invalid(text.to_owned()))?;
    if url.scheme() != "https" {
        return Err(LinkError::NotHttps {
            url: text.to_owned(),
            scheme: url.scheme().to_owned(),
        });
    }
    let host = url
        .host_str()
        .ok_or_else(|| LinkError::Invalid(text.to_owned()))?
        .to_ascii_lowercase();
    if !url.username().is_empty() || url.password().is_some() {
        return Err(LinkError::Credentials(text.to_owned()));
    }
    let allowed = provider.hosts();
    let on_domain = allowed.is_empty()
        || allowed
            .iter()
            .any(|pattern| match pattern.strip_prefix("*.") {
                Some(domain) => host.ends_with(&format!(".{domain}")),
                None => host == *pattern,
            });
    if on_domain {
        Ok(())
    } else {
        Err(LinkError::ForeignHost {
            url: text.to_owned(),
            provider: provider.key(),
            host,
        })
    }
}

/// True for a Stripe test-mode link, which takes no real money: Payment Links start their
/// path with `test_`, Checkout sessions carry `cs_test_`.
pub fn is_stripe_test_link(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| u.path().starts_with("/test_") || u.path().contains("cs_test_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_provider_links() {
        assert!(check_link(LinkProvider::Stripe, "https://buy.stripe.com/abc123").is_ok());
        assert!(check_link(LinkProvider::Paypal, "https://www.paypal.com/ncp/payment/X").is_ok());
        assert!(check_link(LinkProvider::Gumroad, "https://me.gumroad.com/l/x").is_ok());
        assert!(
            check_link(
                LinkProvider::Lemonsqueezy,
                "https://me.lemonsqueezy.com/buy/1"
            )
            .is_ok()
        );
        assert!(check_link(LinkProvider::Custom, "https://ko-fi.com/s/1").is_ok());
    }

    #[test]
    fn refuses_dangerous_and_foreign_links() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "http://buy.stripe.com/x",
        ] {
            assert!(
                matches!(
                    check_link(LinkProvider::Stripe, bad),
                    Err(LinkError::NotHttps { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            check_link(LinkProvider::Stripe, "https://buy.stripe.com.evil.com/x"),
            Err(LinkError::ForeignHost { .. })
        ));
        assert!(check_link(LinkProvider::Stripe, "https://buy.stripe.com@evil.com/x").is_err());
        assert!(matches!(
            check_link(LinkProvider::Custom, "javascript:alert(1)"),
            Err(LinkError::NotHttps { .. })
        ));
        assert!(check_link(LinkProvider::Paypal, "https://notpaypal.com/x").is_err());
    }

    #[test]
    fn refuses_what_the_url_parser_would_drop() {
        for (link, found) in [
            ("https://buy.stripe.com/x\nA", '\n'),
            ("https://buy.stripe.com/x A", ' '),
            ("https://buy.stripe.com/x\tA", '\t'),
            ("https://buy.stripe.com/\u{202E}x", '\u{202E}'),
        ] {
            assert_eq!(
                check_link(LinkProvider::Stripe, link),
                Err(LinkError::Hidden {
                    url: link.escape_debug().to_string(),
                    found
                }),
                "{link:?}"
            );
        }
        assert_eq!(
            check_link(LinkProvider::Stripe, " https://buy.stripe.com/x\n"),
            Ok(())
        );
    }

    fn link(provider: LinkProvider, url: &str) -> BuyLink {
        BuyLink {
            provider,
            label: None,
            url: url.to_owned(),
        }
    }

    const THANKS: &str = "https://shop.example/thanks/";

    fn checkout<'a>(sku: Option<&'a str>, utm: &'a Utm) -> Checkout<'a> {
        Checkout {
            sku,
            utm,
            thanks: THANKS,
        }
    }

    #[test]
    fn buttons_are_the_links_in_order_then_email() {
        let buy = Buy {
            links: vec![
                link(LinkProvider::Stripe, "https://buy.stripe.com/a"),
                link(LinkProvider::Custom, "https://ko-fi.com/s/1"),
            ],
            email: Some("hi@shop.example".into()),
            ..Buy::default()
        };
        let providers: Vec<LinkProvider> = buy.buttons().map(Button::provider).collect();
        assert_eq!(
            providers,
            [
                LinkProvider::Stripe,
                LinkProvider::Custom,
                LinkProvider::Email
            ]
        );
        assert_eq!(buy.buttons().last(), Some(Button::Email("hi@shop.example")));
        assert_eq!(Buy::default().buttons().count(), 0);
    }

    #[test]
    fn a_translation_with_stripe_auto_sells_through_the_originals_link() {
        let original = Buy {
            links: vec![link(LinkProvider::Stripe, "https://buy.stripe.com/auto")],
            stripe_auto: true,
            ..Buy::default()
        };
        let translated = Buy {
            links: vec![link(LinkProvider::Paypal, "https://paypal.me/x")],
            stripe_auto: true,
            ..Buy::default()
        };
        let urls: Vec<String> = translated
            .with_original_stripe_link(&original)
            .links
            .into_iter()
            .map(|l| l.url)
            .collect();
        assert_eq!(urls, ["https://buy.stripe.com/auto", "https://paypal.me/x"]);
        let without = Buy::default().with_original_stripe_link(&original);
        assert!(without.links.is_empty());
    }

    #[test]
    fn asking_by_email_is_left_out_beside_an_email_button() {
        use MessageChannel::{Email, Wechat, Whatsapp};
        let channels = [Email, Whatsapp, Wechat];
        let with_email = Buy {
            email: Some("hi@shop.example".into()),
            ..Buy::default()
        };
        let asked: Vec<_> = with_email.ask_channels(&channels).collect();
        assert_eq!(asked, [Whatsapp, Wechat]);
        let asked: Vec<_> = Buy::default().ask_channels(&channels).collect();
        assert_eq!(asked, channels);
    }

    #[test]
    fn checkout_links_carry_the_sku_and_campaign_their_provider_reads() {
        let utm = Utm {
            source: Some("shop".into()),
            medium: None,
            campaign: Some("autumn sale".into()),
        };
        let stripe = link(LinkProvider::Stripe, "https://buy.stripe.com/a");
        assert_eq!(
            stripe.checkout_url(&checkout(Some("PR/A3 ü"), &utm)),
            "https://buy.stripe.com/a?client_reference_id=PR_A3__&utm_source=shop&utm_campaign=autumn+sale"
        );
        let long = "x".repeat(300);
        let url = stripe.checkout_url(&checkout(Some(&long), &Utm::default()));
        assert!(url.ends_with(&format!("={}", "x".repeat(200))), "{url}");
        // Gumroad reads campaigns, not references; a custom checkout gets nothing.
        let gumroad = link(LinkProvider::Gumroad, "https://me.gumroad.com/l/x");
        assert_eq!(
            gumroad.checkout_url(&checkout(Some("A1"), &utm)),
            "https://me.gumroad.com/l/x?utm_source=shop&utm_campaign=autumn+sale"
        );
        let custom = link(LinkProvider::Custom, "https://ko-fi.com/s/1");
        assert_eq!(
            custom.checkout_url(&checkout(Some("A1"), &utm)),
            "https://ko-fi.com/s/1"
        );
    }

    #[test]
    fn classic_paypal_buttons_get_the_item_and_the_thanks_page() {
        let classic = link(
            LinkProvider::Paypal,
            "https://www.paypal.com/cgi-bin/webscr?cmd=_xclick",
        );
        assert_eq!(
            classic.checkout_url(&checkout(Some("A1"), &Utm::default())),
            "https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&item_number=A1&return=https%3A%2F%2Fshop.example%2Fthanks%2F"
        );
        let checkout_link = link(LinkProvider::Paypal, "https://www.paypal.com/ncp/payment/X");
        assert_eq!(
            checkout_link.checkout_url(&checkout(Some("A1"), &Utm::default())),
            "https://www.paypal.com/ncp/payment/X"
        );
    }

    #[test]
    fn parameters_the_seller_wrote_are_kept() {
        let utm = Utm {
            source: Some("shop".into()),
            ..Utm::default()
        };
        let stripe = link(
            LinkProvider::Stripe,
            "https://buy.stripe.com/a?utm_source=newsletter&client_reference_id=mine",
        );
        assert_eq!(stripe.checkout_url(&checkout(Some("A1"), &utm)), stripe.url);
    }

    #[test]
    fn spots_stripe_test_links() {
        assert!(is_stripe_test_link("https://buy.stripe.com/test_abc"));
        assert!(!is_stripe_test_link("https://buy.stripe.com/abc"));
        assert!(is_stripe_test_link(
            "https://checkout.stripe.com/c/pay/cs_test_a1"
        ));
    }

    mod properties {
        //! Whatever is pasted under `buy:`, a link is accepted only when it is https, carries
        //! no user name and stands on its provider's own host; real provider links pass.

        use super::*;
        use proptest::prelude::*;

        const NAMED: [LinkProvider; 4] = [
            LinkProvider::Stripe,
            LinkProvider::Paypal,
            LinkProvider::Lemonsqueezy,
            LinkProvider::Gumroad,
        ];

        fn provider() -> impl Strategy<Value = LinkProvider> {
            prop::sample::select(NAMED.to_vec())
        }

        /// A host the provider really uses: a listed one, or a subdomain where `*.` allows (one
        /// dash at most, so never an `xn--` label that is not valid punycode).
        fn real_host(provider: LinkProvider) -> impl Strategy<Value = String> {
            let hosts = provider.hosts().to_vec();
            (
                prop::sample::select(hosts),
                "[a-z0-9]{1,8}(-[a-z0-9]{1,5})?",
            )
                .prop_map(|(pattern, sub)| match pattern.strip_prefix("*.") {
                    Some(domain) => format!("{sub}.{domain}"),
                    None => pattern.to_owned(),
                })
        }

        fn provider_and_host() -> impl Strategy<Value = (LinkProvider, String)> {
            provider().prop_flat_map(|p| real_host(p).prop_map(move |h| (p, h)))
        }

        /// What may follow the host of a real link: a path, a query, a fragment.
        const TAIL: &str =
            "(/[A-Za-z0-9_~.-]{0,12}){0,4}(\\?[a-z]{1,5}=[A-Za-z0-9%]{0,8})?(#[a-z]{0,5})?";

        /// True when the parsed link stands on one of the provider's hosts.
        fn on_own_host(provider: LinkProvider, url: &Url) -> bool {
            let host = url.host_str().unwrap_or_default();
            provider.hosts().iter().any(|p| match p.strip_prefix("*.") {
                Some(domain) => host.ends_with(&format!(".{domain}")),
                None => host == *p,
            })
        }

        proptest! {
            #[test]
            fn real_provider_links_are_accepted(
                (provider, host) in provider_and_host(),
                tail in TAIL,
                upper in any::<bool>(),
            ) {
                let host = if upper { host.to_uppercase() } else { host };
                let link = format!("https://{host}{tail}");
                prop_assert_eq!(check_link(provider, &link), Ok(()), "{}", link);
                prop_assert_eq!(check_link(LinkProvider::Custom, &link), Ok(()), "{}", link);
            }

            #[test]
            fn other_schemes_are_refused(
                (provider, host) in provider_and_host(),
                scheme in "[a-zA-Z][a-zA-Z0-9+.-]{0,10}",
                slashes in "(//)?",
                tail in TAIL,
            ) {
                prop_assume!(!scheme.eq_ignore_ascii_case("https"));
                let link = format!("{scheme}:{slashes}{host}{tail}");
                prop_assert!(check_link(provider, &link).is_err(), "{}", link);
                prop_assert!(check_link(LinkProvider::Custom, &link).is_err(), "{}", link);
            }

            #[test]
            fn script_and_data_links_are_refused(
                provider in prop::sample::select(
                    NAMED.iter().copied().chain([LinkProvider::Custom]).collect::<Vec<_>>()
                ),
                scheme in "[jJ][aA][vV][aA][sS][cC][rR][iI][pP][tT]|[dD][aA][tT][aA]|[vV][bB][sS][cC][rR][iI][pP][tT]",
                space in "[ \t\n]{0,2}",
                payload in "\\PC{0,40}",
            ) {
                let link = format!("{space}{scheme}:{payload}");
                prop_assert!(check_link(provider, &link).is_err(), "{:?}", link);
            }

            #[test]
            fn user_names_are_refused(
                (provider, host) in provider_and_host(),
                user in "[A-Za-z0-9._~-]{1,12}(:[A-Za-z0-9._~-]{0,8})?",
                evil in "[a-z]{1,10}\\.(com|net|example)",
                tail in TAIL,
            ) {
                let hidden = format!("https://{user}@{host}{tail}");
                prop_assert_eq!(
                    check_link(provider, &hidden),
                    Err(LinkError::Credentials(hidden.clone()))
                );
                let behind = format!("https://{host}@{evil}{tail}");
                prop_assert!(check_link(provider, &behind).is_err(), "{}", behind);
                prop_assert!(check_link(LinkProvider::Custom, &behind).is_err(), "{}", behind);
            }

            #[test]
            fn lookalike_hosts_are_refused(
                (provider, host) in provider_and_host(),
                word in "[a-z0-9]{1,8}",
                how in 0..5u8,
                tail in TAIL,
            ) {
                // The registrable domain (`paypal.com`): a word glued before it is another domain.
                let labels: Vec<&str> = host.rsplitn(3, '.').collect();
                let domain = format!("{}.{}", labels[1], labels[0]);
                let lookalike = match how {
                    0 => format!("{host}.{word}.com"),
                    1 => format!("{word}{domain}"),
                    2 => format!("{host}{word}"),
                    3 => host.replace('.', "-") + ".com",
                    // Cyrillic а and о in the domain, the subdomain kept.
                    _ => format!(
                        "{}{}",
                        &host[..host.len() - domain.len()],
                        domain.replacen('a', "\u{430}", 1).replacen('o', "\u{43e}", 1)
                    ),
                };
                prop_assume!(lookalike != host);
                let link = format!("https://{lookalike}{tail}");
                prop_assert!(check_link(provider, &link).is_err(), "{}", link);
            }

            #[test]
            fn whatever_is_accepted_is_https_on_the_providers_host(
                provider in provider(),
                link in "[ \t]?(https?|HTTPS|javascript|data)?:?(/|\\\\){0,3}([a-z.@:%]{0,8}@)?\
                         ((www\\.|buy\\.|me\\.)?(stripe|paypal|gumroad|lemonsqueezy|gum)\\.(com|co|me)|[a-z.]{1,12})\
                         [./@:?#%a-z0-9\\\\]{0,16}",
            ) {
                if check_link(provider, &link).is_ok() {
                    let url = Url::parse(link.trim()).unwrap();
                    prop_assert_eq!(url.scheme(), "https");
                    prop_assert!(url.username().is_empty() && url.password().is_none());
                    prop_assert!(on_own_host(provider, &url), "{} -> {:?}", link, url.host_str());
                }
            }
        }
    }
}
