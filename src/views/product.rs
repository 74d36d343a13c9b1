//! Products as templates see them: prices, variants, reviews, photos, videos, payment
//! and share links; the full view for the product page, a lighter one for cards.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::{BuyView, ImageView, TermView, ViewBuilder, video};
use crate::config::ShareNetwork;
use crate::content::{Interval, Kind, Product, ProductOption, Review, StockState, Variant};
use crate::money::{Money, format_money};

/// A price ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct PriceView {
    /// Minor units, for sorting and the `money` filter.
    pub minor: i64,
    /// Decimal amount without symbol (`38.00`), for structured data.
    pub amount: String,
    /// Formatted for the shop's language (`€38.00`).
    pub formatted: String,
    /// ISO 4217 code.
    pub currency: &'static str,
}

impl PriceView {
    pub(super) fn new(money: Money, language: &str) -> PriceView {
        PriceView {
            minor: money.minor,
            amount: money.decimal(),
            formatted: format_money(money, language),
            currency: money.currency.code(),
        }
    }
}

/// A review as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// The buyer's name.
    pub author: String,
    /// 1 to 5.
    pub rating: u8,
    /// `★★★★☆`.
    pub stars: String,
    /// What they wrote.
    pub text: String,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Written by someone who bought it.
    pub verified: bool,
}

impl ReviewView {
    pub(super) fn of(review: &Review) -> ReviewView {
        ReviewView {
            author: review.author.clone(),
            rating: review.rating,
            stars: stars(u32::from(review.rating)),
            text: review.text.clone(),
            date: review.date.clone(),
            verified: review.verified,
        }
    }
}

/// Five stars, `filled` of them filled.
fn stars(filled: u32) -> String {
    (1..=5)
        .map(|i| if i <= filled { '★' } else { '☆' })
        .collect()
}

/// An average in tenths of a star, rounded to the nearest half star, in halves.
fn half_stars(tenths: u32) -> u32 {
    (tenths + 2) / 5
}

/// The average of a product's reviews.
#[derive(Debug, Clone, Serialize)]
pub struct RatingView {
    /// The average to one decimal, `4.7`.
    pub value: String,
    /// How many reviews.
    pub count: usize,
    /// The average in whole stars, a half left out (`★★★★☆` for 4.5): for text that
    /// cannot show half a star.
    pub stars: String,
    /// The average rounded to the nearest half star, in halves (9 for 4.5): what the stars
    /// show, honestly, four and a half for 4.5.
    pub halves: u32,
}

impl RatingView {
    /// `None` without reviews; the average in whole tenths, no float.
    fn of(reviews: &[Review]) -> Option<RatingView> {
        let count = u32::try_from(reviews.len()).ok().filter(|&n| n > 0)?;
        let sum: u32 = reviews.iter().map(|r| u32::from(r.rating)).sum();
        let tenths = (sum * 10 + count / 2) / count;
        Some(RatingView {
            value: format!("{}.{}", tenths / 10, tenths % 10),
            count: reviews.len(),
            stars: stars(half_stars(tenths) / 2),
            halves: half_stars(tenths),
        })
    }
}

/// A purchasable version of a product.
#[derive(Debug, Clone, Serialize)]
pub struct VariantView {
    /// Name: the seller's, or the option values joined (`M / Natural`).
    pub name: String,
    /// Its value of each of the product's options, in order.
    pub options: Vec<OptionValueView>,
    /// Its own photo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageView>,
    /// Its own address, `…/products/apron/?variant=SKU`, when it has a SKU (feeds and
    /// sharing link to it; the picker selects it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// SKU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// Price.
    pub price: PriceView,
    /// Was-price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_at: Option<PriceView>,
    /// Items left.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock: Option<u32>,
    /// No items left.
    pub sold_out: bool,
    /// What a buyer can do: `in_stock`, `preorder`, `backorder` or `sold_out`.
    pub state: StockState,
    /// How to pay.
    pub buy: BuyView,
}

/// Something a product's variants differ in, with its values.
#[derive(Debug, Clone, Serialize)]
pub struct ProductOptionView {
    /// `Size`, in the page's language.
    pub name: String,
    /// `S`, `M`, `L`, in order.
    pub values: Vec<String>,
    /// The name in the product's own file, whatever the page's language: what the option
    /// is for structured data and feeds.
    #[serde(skip)]
    pub original: String,
}

impl ProductOptionView {
    fn of(option: &ProductOption) -> ProductOptionView {
        ProductOptionView {
            name: option.name.clone(),
            values: option.values.clone(),
            original: option.original.clone(),
        }
    }
}

/// One option value of a variant.
#[derive(Debug, Clone, Serialize)]
pub struct OptionValueView {
    /// `Size`.
    pub name: String,
    /// `M`.
    pub value: String,
}

/// A product as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    /// Name.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Page URL under the base path.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// One line.
    pub summary: String,
    /// Description rendered to HTML.
    pub description: String,
    /// The lowest price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<PriceView>,
    /// True when variants have different prices, so the price reads "From ...".
    pub price_varies: bool,
    /// Was-price of the product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_at: Option<PriceView>,
    /// SKU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// Items left; absent when not tracked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock: Option<u32>,
    /// No items left anywhere.
    pub sold_out: bool,
    /// What a buyer can do: `in_stock`, `preorder`, `backorder` or `sold_out` (with
    /// variants, the best any variant offers).
    pub state: StockState,
    /// When pre-orders and backorders ship, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ship_date: Option<String>,
    /// The only piece there is (`stock: 1`).
    pub one_of_a_kind: bool,
    /// `physical`, `digital` or `subscription`.
    pub kind: Kind,
    /// A subscription's interval, `week`, `month` or `year`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Interval>,
    /// What of it the "Add to basket" form offers, with `basket:` on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basket: Option<Vec<super::basket::BasketItemView>>,
    /// The `shipping:` profile its postage comes from, when not the standard one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_profile: Option<String>,
    /// Every zone it ships to, at its profile's price for one item, for the *Shipping and
    /// returns* box; empty for downloads.
    pub shipping: Vec<super::ShippingView>,
    /// The cheapest zone one of it ships to, for "Shipping from €X" beside the buy
    /// buttons; absent for downloads and when `shipping:` is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_from: Option<super::ShippingView>,
    /// What follows a subscription's price in this language, such as "/ month".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// A QR code of the page's address, for the printable catalogue.
    pub qr: String,
    /// Buyers' reviews, newest first.
    pub reviews: Vec<ReviewView>,
    /// The average of the reviews; absent without reviews.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<RatingView>,
    /// Photos, main first.
    pub images: Vec<ImageView>,
    /// Videos, in the order written (empty in cards).
    pub videos: Vec<video::VideoView>,
    /// Categories.
    pub categories: Vec<TermView>,
    /// Tags.
    pub tags: Vec<TermView>,
    /// How to pay (products without variants).
    pub buy: BuyView,
    /// The names of the ways to pay for it or any of its variants, each once.
    pub payments: Vec<String>,
    /// What the variants vary in, each with its values in order (empty for `name:`
    /// variants).
    pub options: Vec<ProductOptionView>,
    /// The variant shown first by the picker: the first one not sold out.
    pub default_variant: usize,
    /// Versions with their own prices and buttons.
    pub variants: Vec<VariantView>,
    /// Shown on the home page.
    pub featured: bool,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Maker's brand (the shop's `brand` when the product names none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Barcode number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    /// Manufacturer part number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mpn: Option<String>,
    /// `new`, `used` or `refurbished`.
    pub condition: crate::content::Condition,
    /// Plain share links to the networks in `share:` (empty in cards).
    pub share: Vec<ShareView>,
    /// Shown in the shop's own language on a translated page, for want of a translation.
    pub untranslated: bool,
    /// Free data.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A link that shares a product on a network, with no script of the network's.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// `x`, `facebook`, `pinterest`, `whatsapp`, `weibo`, `telegram` or `email`.
    pub network: ShareNetwork,
    /// The network's name in the shop's language.
    pub label: String,
    /// The share address, the product's URL and title filled in.
    pub url: String,
}

/// How much of a product a view carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Everything, for the product page.
    Page,
    /// What a card in a grid shows.
    Card,
}

impl ViewBuilder<'_> {
    /// The view of a product page, description rendered.
    pub fn product_view(&self, product: &Product) -> ProductView {
        self.product_view_with(product, Detail::Page)
    }

    /// A product card's view: the same schema, without the description that listings never
    /// show.
    pub fn card_view(&self, product: &Product) -> ProductView {
        self.product_view_with(product, Detail::Card)
    }

    /// The view of one of `product`'s variants, its page at `path`.
    /// The zones `product` ships to, at its profile's price; none for downloads.
    fn shipping_zones(&self, product: &Product) -> Vec<super::ShippingView> {
        if product.kind == Kind::Digital {
            return Vec::new();
        }
        let profile = product.shipping_profile.as_deref();
        self.site
            .config
            .shipping
            .iter()
            .filter_map(|zone| Some(self.shipping_view(zone, zone.postage(profile)?.alone)))
            .collect()
    }

    /// The cheapest zone `product` ships to, at its profile's price; none for downloads.
    fn shipping_from(&self, product: &Product) -> Option<super::ShippingView> {
        if product.kind == Kind::Digital {
            return None;
        }
        let shipping = &self.site.config.shipping;
        crate::config::cheapest_single_item(shipping, product.shipping_profile.as_deref())
            .map(|(zone, price)| self.shipping_view(zone, price))
    }

    fn variant_view(&self, product: &Product, v: &Variant, path: &str) -> VariantView {
        let state = product.variant_state(v);
        VariantView {
            name: v.name.clone(),
            options: v
                .options
                .iter()
                .map(|(name, value)| OptionValueView {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            image: v
                .image
                .as_ref()
                .map(|i| self.image_view(path, &i.source, &i.output, &i.alt)),
            url: v.sku.as_ref().map(|sku| {
                let query: String = url::form_urlencoded::byte_serialize(sku.as_bytes()).collect();
                format!("{}?variant={query}", self.urls.permalink(path))
            }),
            sku: v.sku.clone(),
            price: self.price(v.price),
            compare_at: v.compare_at.map(|m| self.price(m)),
            stock: v.stock,
            sold_out: state == StockState::SoldOut,
            state,
            buy: self.buy_view(product, Some(v), &v.buy, v.price),
        }
    }

    fn product_view_with(&self, product: &Product, detail: Detail) -> ProductView {
        let path = product.path();
        let lowest = product.lowest_price();
        let variants: Vec<VariantView> = product
            .variants
            .iter()
            .map(|v| self.variant_view(product, v, &path))
            .collect();
        let price_varies = variants
            .windows(2)
            .any(|w| w[0].price.minor != w[1].price.minor);
        let images = self.images(&path, &product.images);
        let state = product.state();
        let buy = match (product.price, product.variants.is_empty()) {
            (Some(price), true) => self.buy_view(product, None, &product.buy, price),
            _ => BuyView::default(),
        };
        let (description, share, videos) = match detail {
            Detail::Page => (
                self.body_html(&product.body, &product.file, &path),
                self.share_links(product, &images),
                self.video_views(product, &images),
            ),
            Detail::Card => (String::new(), Vec::new(), Vec::new()),
        };
        let mut payments = buy.payments.clone();
        super::buy::add_once(
            &mut payments,
            variants.iter().flat_map(|v| v.buy.payments.iter().cloned()),
        );
        ProductView {
            payments,
            title: product.title.clone(),
            slug: product.slug.clone(),
            url: self.urls.path(&path),
            permalink: self.urls.permalink(&path),
            summary: product.summary.clone(),
            description,
            price: lowest.map(|m| self.price(m)),
            price_varies,
            compare_at: if variants.is_empty() {
                product.compare_at.map(|m| self.price(m))
            } else {
                None
            },
            sku: product.sku.clone(),
            stock: product.stock,
            sold_out: state == StockState::SoldOut,
            state,
            ship_date: product.ship_date.clone(),
            one_of_a_kind: product.one_of_a_kind(),
            kind: product.kind,
            interval: product.interval,
            shipping_profile: product.shipping_profile.clone(),
            shipping: self.shipping_zones(product),
            shipping_from: self.shipping_from(product),
            basket: self.basket_items(product),
            per: product
                .interval
                .map(|i| self.string(&format!("per_{}", i.as_str()))),
            qr: self.qr_url(&self.urls.permalink(&path)),
            reviews: product.reviews.iter().map(ReviewView::of).collect(),
            rating: RatingView::of(&product.reviews),
            images,
            videos,
            categories: self.term_views(&product.categories, "categories"),
            tags: self.term_views(&product.tags, "tags"),
            buy,
            options: product.options.iter().map(ProductOptionView::of).collect(),
            default_variant: variants.iter().position(|v| !v.sold_out).unwrap_or(0),
            variants,
            featured: product.featured,
            date: product.date.clone(),
            updated: product.updated.clone(),
            brand: product.brand.clone(),
            gtin: product.gtin.clone(),
            mpn: product.mpn.clone(),
            condition: product.condition,
            share,
            untranslated: product.untranslated,
            extra: product.extra.clone(),
        }
    }

    /// `card` (the card of `product`) as a template value, its category and tag links
    /// shared with the other cards: they were a fifth of each card's memory.
    pub fn card_value(&self, product: &Product, card: &ProductView) -> tera::Value {
        // A struct is always a map; the fallback only keeps this free of panics.
        let Some(mut map) = tera::Value::from_serializable(card).into_map() else {
            return tera::Value::from_serializable(card);
        };
        for (terms, kind) in [(&product.categories, "categories"), (&product.tags, "tags")] {
            map.insert(
                kind.into(),
                tera::Value::from(self.term_values(terms, kind)),
            );
        }
        tera::Value::from(map)
    }

    /// Share links for the networks the shop chose.
    fn share_links(&self, product: &Product, images: &[ImageView]) -> Vec<ShareView> {
        let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
        let url = encode(&self.urls.permalink(&product.path()));
        let title = encode(&product.title);
        let photo = images
            .first()
            .map(|i| encode(&self.urls.absolute(&i.url)))
            .unwrap_or_default();
        self.site
            .config
            .share
            .iter()
            .map(|&network| {
                let (key, address) = match network {
                    ShareNetwork::X => ("x", format!("https://x.com/intent/post?url={url}&text={title}")),
                    ShareNetwork::Facebook => ("facebook", format!("https://www.facebook.com/sharer/sharer.php?u={url}")),
                    ShareNetwork::Pinterest => ("pinterest", format!("https://www.pinterest.com/pin/create/button/?url={url}&media={photo}&description={title}")),
                    ShareNetwork::Whatsapp => ("whatsapp", format!("https://wa.me/?text={title}%20{url}")),
                    ShareNetwork::Weibo => ("weibo", format!("https://service.weibo.com/share/share.php?url={url}&title={title}")),
                    ShareNetwork::Telegram => ("telegram", format!("https://t.me/share/url?url={url}&text={title}")),
                    ShareNetwork::Email => ("email", format!("mailto:?subject={title}&body={url}")),
                };
                ShareView {
                    network,
                    label: self.string(&format!("share_{key}")),
                    url: address,
                }
            })
            .collect()
    }
}
