//! How to pay for a product or variant, as templates show it: link buttons, scan-to-pay
//! codes and ways to ask to order by message.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::ViewBuilder;
use crate::config::{MessageChannel, whatsapp_digits};
use crate::content::buy::{Buy, BuyLink, LinkProvider};
use crate::content::{Product, Variant};
use crate::money::{Money, format_money};

/// A payment button: a real link.
#[derive(Debug, Clone, Serialize)]
pub struct ButtonView {
    /// `stripe`, `paypal`, `lemonsqueezy`, `gumroad`, `custom` or `email`.
    pub provider: &'static str,
    /// Button text in the shop's language.
    pub label: String,
    /// The link as in front matter, with the parameters of [`ViewBuilder::checkout_url`]
    /// (or the `mailto:` link).
    pub url: String,
    /// A QR code of the link, for paying with a phone; none for email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
}

/// A scan-to-pay code.
#[derive(Debug, Clone, Serialize)]
pub struct QrView {
    /// `wechat` or `alipay`.
    pub provider: &'static str,
    /// `WeChat Pay`, `微信支付`.
    pub label: String,
    /// URL of the QR image.
    pub image: String,
    /// The exact amount to enter.
    pub amount: String,
    /// What to write in the payment note (the SKU, else the product name).
    pub note: String,
}

/// Every way to pay for one purchasable thing.
#[derive(Debug, Clone, Serialize)]
pub struct BuyView {
    /// Link buttons in a stable order, email last.
    pub buttons: Vec<ButtonView>,
    /// QR codes.
    pub qr: Vec<QrView>,
    /// True when there is any way to pay.
    pub any: bool,
    /// Ways to ask to order by message (`order_by_message:`), the message written.
    pub ask: Vec<AskView>,
}

/// A way to ask to order by message, with the message written for the buyer.
#[derive(Debug, Clone, Serialize)]
pub struct AskView {
    /// `whatsapp`, `wechat` or `email`.
    pub channel: &'static str,
    /// Link text in the page's language.
    pub label: String,
    /// The link with the message filled in; absent for WeChat, which has no such link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The WeChat ID to add (WeChat only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The message: product, variant, price, SKU and page.
    pub message: String,
}

impl ViewBuilder<'_> {
    pub(super) fn buy_view(
        &self,
        product: &Product,
        variant: Option<&Variant>,
        buy: &Buy,
        price: Money,
    ) -> BuyView {
        let sku = variant
            .and_then(|v| v.sku.clone())
            .or_else(|| product.sku.clone());
        let mut buttons: Vec<ButtonView> =
            buy.links
                .iter()
                .map(|link| {
                    let url = self.checkout_url(link, sku.as_deref());
                    ButtonView {
                        provider: link.provider.key(),
                        label: link.label.clone().unwrap_or_else(|| {
                            self.string(&format!("buy_{}", link.provider.key()))
                        }),
                        qr: Some(self.qr_url(&url)),
                        url,
                    }
                })
                .collect();
        let price_text = format_money(price, self.language());
        let name = match variant {
            Some(v) => format!("{} ({})", product.title, v.name),
            None => product.title.clone(),
        };
        let page = self.urls.permalink(&product.path());
        if let Some(email) = &buy.email {
            buttons.push(ButtonView {
                provider: LinkProvider::Email.key(),
                label: self.string("buy_email"),
                url: self.order_email(email, &name, &price_text, &page),
                qr: None,
            });
        }
        let item = match &sku {
            Some(sku) => format!("{name}, {price_text}, {}: {sku}", self.string("sku")),
            None => format!("{name}, {price_text}"),
        };
        let message = self
            .string("ask_message")
            .replace("{item}", &item)
            .replace("{url}", &page);
        let contact = &self.site.config.contact;
        let ask = self
            .site
            .config
            .order_by_message
            .iter()
            .filter(|c| !(**c == MessageChannel::Email && buy.email.is_some()))
            .filter_map(|&channel| {
                let (url, id) = match channel {
                    MessageChannel::Whatsapp => {
                        let digits = whatsapp_digits(contact.whatsapp.as_deref()?)?;
                        let text = utf8_percent_encode(&message, NON_ALPHANUMERIC);
                        (Some(format!("https://wa.me/{digits}?text={text}")), None)
                    }
                    MessageChannel::Wechat => (None, contact.wechat.clone()),
                    MessageChannel::Email => {
                        let email = contact.email.as_deref()?;
                        (
                            Some(self.order_email(email, &name, &price_text, &page)),
                            None,
                        )
                    }
                };
                Some(AskView {
                    channel: channel.key(),
                    label: self.string(channel.key()),
                    url,
                    id,
                    message: message.clone(),
                })
            })
            .collect();
        let qr = buy
            .qr
            .iter()
            .map(|qr| QrView {
                provider: qr.provider.key(),
                label: self.string(&format!("pay_{}", qr.provider.key())),
                image: self.urls.path(&format!("{}{}", product.path(), qr.image)),
                amount: price_text.clone(),
                note: sku.clone().unwrap_or_else(|| name.clone()),
            })
            .collect::<Vec<_>>();
        BuyView {
            any: !buttons.is_empty() || !qr.is_empty(),
            buttons,
            qr,
            ask,
        }
    }

    /// A `mailto:` link ordering `name` at `price`, subject and message filled in.
    fn order_email(&self, email: &str, name: &str, price: &str, page: &str) -> String {
        let subject = self.string("email_subject").replace("{product}", name);
        let body = self
            .string("email_body")
            .replace("{product}", name)
            .replace("{price}", price)
            .replace("{url}", page);
        format!(
            "mailto:{email}?subject={}&body={}",
            utf8_percent_encode(&subject, NON_ALPHANUMERIC),
            utf8_percent_encode(&body, NON_ALPHANUMERIC)
        )
    }

    /// Where the QR code of `text` is served: a shared file, the same in every language.
    pub fn qr_url(&self, text: &str) -> String {
        self.urls
            .file(&format!("/qr/{}", crate::qr::file_name(text)))
    }

    /// A checkout link with the documented parameters its provider reads: the SKU as
    /// Stripe's `client_reference_id` (which keeps only letters, digits, `-` and `_`, at
    /// most 200) or a classic PayPal button's `item_number` (with `return` to the thanks
    /// page), and the shop's `utm:` for providers that report campaigns. Parameters the
    /// seller already wrote are kept.
    fn checkout_url(&self, link: &BuyLink, sku: Option<&str>) -> String {
        let Ok(mut url) = url::Url::parse(&link.url) else {
            return link.url.clone();
        };
        let present: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let mut added: Vec<(&str, String)> = Vec::new();
        if link.provider == LinkProvider::Stripe
            && let Some(sku) = sku
        {
            let reference: String = sku
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .take(200)
                .collect();
            added.push(("client_reference_id", reference));
        }
        if link.provider == LinkProvider::Paypal && url.path() == "/cgi-bin/webscr" {
            // A classic PayPal button: it takes the item number and a page to return to.
            if let Some(sku) = sku {
                added.push(("item_number", sku.to_owned()));
            }
            added.push(("return", self.urls.permalink("/thanks/")));
        }
        if matches!(
            link.provider,
            LinkProvider::Stripe | LinkProvider::Gumroad | LinkProvider::Lemonsqueezy
        ) {
            let utm = &self.site.config.utm;
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
        added.retain(|(key, _)| !present.iter().any(|p| p == key));
        if added.is_empty() {
            return link.url.clone();
        }
        url.query_pairs_mut().extend_pairs(added);
        url.to_string()
    }
}
