//! How to pay for a product or variant, as templates show it: link buttons, scan-to-pay
//! codes and ways to ask to order by message.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::ViewBuilder;
use crate::config::{MessageChannel, whatsapp_digits};
use crate::content::buy::{Button, Buy, Checkout, LinkProvider};
use crate::content::{Product, Variant};
use crate::money::{Money, format_money};

/// A payment button: a real link.
#[derive(Debug, Clone, Serialize)]
pub struct ButtonView {
    /// `stripe`, `paypal`, `lemonsqueezy`, `gumroad`, `custom` or `email`.
    pub provider: &'static str,
    /// Button text in the shop's language.
    pub label: String,
    /// The link as in front matter, with the parameters of
    /// [`crate::content::buy::BuyLink::checkout_url`]
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

/// Every way to pay for one purchasable thing; none by default.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuyView {
    /// Link buttons in a stable order, email last.
    pub buttons: Vec<ButtonView>,
    /// QR codes.
    pub qr: Vec<QrView>,
    /// True when there is any way to pay.
    pub any: bool,
    /// Ways to ask to order by message (`order_by_message:`), the message written.
    pub ask: Vec<AskView>,
    /// The names of the ways to pay (`card`, `PayPal`, `WeChat Pay`), in the buttons'
    /// order, each once: what the buy box promises in words, not logos.
    pub payments: Vec<String>,
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

/// Adds to `names` those of `more` it does not have yet, in order.
pub(super) fn add_once(names: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for name in more {
        if !names.contains(&name) {
            names.push(name);
        }
    }
}

/// What a [`BuyView`] is for: the product or variant, its price and page, written out once.
struct Purchase<'p> {
    /// The product, and the variant's name in brackets: `Print (A3)`, `版画（A3）`.
    name: String,
    /// The price in the page's language.
    price: String,
    /// The product page's absolute URL.
    page: String,
    /// The variant's SKU, else the product's.
    sku: Option<&'p str>,
}

impl ViewBuilder<'_> {
    /// Every way to pay for `product` (or its `variant`) at `price` through `buy`.
    pub(super) fn buy_view(
        &self,
        product: &Product,
        variant: Option<&Variant>,
        buy: &Buy,
        price: Money,
    ) -> BuyView {
        let purchase = Purchase {
            name: match variant {
                Some(v) => self
                    .string("product_variant")
                    .replace("{product}", &product.title)
                    .replace("{variant}", &v.name),
                None => product.title.clone(),
            },
            price: format_money(price, self.language()),
            page: self.urls.permalink(&product.path()),
            sku: variant
                .and_then(|v| v.sku.as_deref())
                .or(product.sku.as_deref()),
        };
        let buttons: Vec<ButtonView> = buy
            .buttons()
            .map(|button| self.button_view(button, &purchase))
            .collect();
        let qr: Vec<QrView> = buy
            .qr
            .iter()
            .map(|qr| QrView {
                provider: qr.provider.key(),
                label: self.string(&format!("pay_{}", qr.provider.key())),
                image: self.urls.path(&format!("{}{}", product.path(), qr.image)),
                amount: purchase.price.clone(),
                note: purchase
                    .sku
                    .map_or_else(|| purchase.name.clone(), str::to_owned),
            })
            .collect();
        let channels = &self.site.config.order_by_message;
        let mut payments = Vec::new();
        add_once(
            &mut payments,
            buy.buttons()
                .map(|button| self.payment_name(button))
                .chain(qr.iter().map(|qr| qr.label.clone())),
        );
        BuyView {
            payments,
            any: !buttons.is_empty() || !qr.is_empty(),
            buttons,
            qr,
            ask: buy
                .ask_channels(channels)
                .filter_map(|channel| self.ask_view(channel, &purchase))
                .collect(),
        }
    }

    /// A payment button: its theme string (or the seller's label), the link with what
    /// `shop` adds, and a QR code of it; an email order has no QR code.
    fn button_view(&self, button: Button, purchase: &Purchase) -> ButtonView {
        let provider = button.provider().key();
        match button {
            Button::Link(link) => {
                let checkout = Checkout {
                    sku: purchase.sku,
                    utm: &self.site.config.utm,
                    thanks: &self.urls.permalink("/thanks/"),
                };
                let url = link.checkout_url(&checkout);
                ButtonView {
                    provider,
                    label: link
                        .label
                        .clone()
                        .unwrap_or_else(|| self.string(&format!("buy_{provider}"))),
                    qr: Some(self.qr_url(&url)),
                    url,
                }
            }
            Button::Email(email) => ButtonView {
                provider,
                label: self.string("buy_email"),
                url: self.order_email(email, purchase),
                qr: None,
            },
        }
    }

    /// What a button's way to pay is called: the provider's name in the page's language,
    /// or a custom link's own label.
    fn payment_name(&self, button: Button) -> String {
        match button {
            Button::Link(link) if link.provider == LinkProvider::Custom => link
                .label
                .clone()
                .unwrap_or_else(|| self.string("pay_custom")),
            _ => self.string(&format!("pay_{}", button.provider().key())),
        }
    }

    /// A way to ask to order by message, the message written; none when the shop lacks
    /// the contact detail the channel needs.
    fn ask_view(&self, channel: MessageChannel, purchase: &Purchase) -> Option<AskView> {
        let mut parts = vec![purchase.name.clone(), purchase.price.clone()];
        if let Some(sku) = purchase.sku {
            parts.push(format!(
                "{}{}{sku}",
                self.string("sku"),
                self.string("colon")
            ));
        }
        let item = parts.join(&self.string("comma"));
        let message = self
            .string("ask_message")
            .replace("{item}", &item)
            .replace("{url}", &purchase.page);
        let contact = &self.site.config.contact;
        let (url, id) = match channel {
            MessageChannel::Whatsapp => {
                let digits = whatsapp_digits(contact.whatsapp.as_deref()?)?;
                let text = utf8_percent_encode(&message, NON_ALPHANUMERIC);
                (Some(format!("https://wa.me/{digits}?text={text}")), None)
            }
            MessageChannel::Wechat => (None, contact.wechat.clone()),
            MessageChannel::Email => {
                let email = contact.email.as_deref()?;
                (Some(self.order_email(email, purchase)), None)
            }
        };
        Some(AskView {
            channel: channel.key(),
            label: self.string(channel.key()),
            url,
            id,
            message,
        })
    }

    /// A `mailto:` link ordering the purchase, subject and message filled in.
    fn order_email(&self, email: &str, purchase: &Purchase) -> String {
        let name = &purchase.name;
        let subject = self.string("email_subject").replace("{product}", name);
        let body = self
            .string("email_body")
            .replace("{product}", name)
            .replace("{price}", &purchase.price)
            .replace("{url}", &purchase.page);
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
}
