//! Front matter exactly as written: serde structs that refuse unknown keys. Meaning (prices,
//! links, paths) is checked when these become the model.

use serde::Deserialize;

use super::buy::RawBuy;

/// A file written as a bare name (or link) or in a long form with named keys. Read by hand
/// rather than as an untagged enum, so a misspelt key in the long form is reported at its
/// line with a "did you mean" instead of "did not match any variant".
#[derive(Debug, Clone)]
pub(crate) enum ShortOrLong<L> {
    Short(String),
    Long(L),
}

/// The long form of a [`ShortOrLong`], and how to describe both forms when neither fits.
pub(crate) trait LongForm {
    const EXPECTING: &'static str;
}

/// An image as a bare path or as `{src, alt}`.
pub(crate) type RawImage = ShortOrLong<RawImageEntry>;

/// A video as a bare file name or link, or as `{src, poster, title}`.
pub(crate) type RawVideo = ShortOrLong<RawVideoEntry>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawImageEntry {
    pub src: String,
    pub alt: Option<String>,
}

impl LongForm for RawImageEntry {
    const EXPECTING: &'static str = "a file name or `{src, alt}`";
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVideoEntry {
    pub src: String,
    /// A photo beside the product, shown before the video plays.
    pub poster: Option<String>,
    pub title: Option<String>,
}

impl LongForm for RawVideoEntry {
    const EXPECTING: &'static str = "a file name, a link, or `{src, poster, title}`";
}

impl<'de, L: Deserialize<'de> + LongForm> Deserialize<'de> for ShortOrLong<L> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<L>(std::marker::PhantomData<L>);
        impl<'de, L: Deserialize<'de> + LongForm> serde::de::Visitor<'de> for Visitor<L> {
            type Value = ShortOrLong<L>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(L::EXPECTING)
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(ShortOrLong::Short(text.to_owned()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                L::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ShortOrLong::Long)
            }
        }
        deserializer.deserialize_any(Visitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariant {
    /// Required without `options`; made from the option values with them.
    pub name: Option<String>,
    /// One value for each of the product's options: `{Size: S, Colour: Natural}`.
    #[serde(default)]
    pub options: indexmap::IndexMap<String, String>,
    /// A photo of this variant, beside the product file.
    pub image: Option<String>,
    pub sku: Option<String>,
    pub price: Option<serde_yaml_ng::Value>,
    pub compare_at_price: Option<serde_yaml_ng::Value>,
    pub stock: Option<u32>,
    pub buy: Option<RawBuy>,
}

/// A review as written under `reviews:`, or in `reviews.yaml` with the product it is of.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReview {
    /// The product's slug (`reviews.yaml` only); none for a testimonial about the shop.
    pub product: Option<String>,
    pub author: String,
    pub rating: i64,
    #[serde(default)]
    pub text: String,
    pub date: Option<String>,
    #[serde(default)]
    pub verified: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProduct {
    pub title: String,
    pub slug: Option<String>,
    pub price: Option<serde_yaml_ng::Value>,
    pub compare_at_price: Option<serde_yaml_ng::Value>,
    pub currency: Option<String>,
    pub sku: Option<String>,
    pub stock: Option<u32>,
    #[serde(default)]
    pub availability: super::Availability,
    pub ship_date: Option<String>,
    #[serde(default)]
    pub kind: super::Kind,
    pub interval: Option<super::Interval>,
    /// The name of a profile of `shipping:` in `shop.yaml`.
    pub shipping_profile: Option<String>,
    #[serde(default)]
    pub ships_separately: bool,
    /// What the variants vary in, each with its values in order: `{Size: [S, M, L]}`.
    #[serde(default)]
    pub options: indexmap::IndexMap<String, Vec<String>>,
    pub brand: Option<String>,
    pub gtin: Option<String>,
    pub mpn: Option<String>,
    #[serde(default)]
    pub condition: super::Condition,
    #[serde(default)]
    pub images: Vec<RawImage>,
    #[serde(default)]
    pub videos: Vec<RawVideo>,
    pub summary: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub buy: RawBuy,
    #[serde(default)]
    pub variants: Vec<RawVariant>,
    #[serde(default)]
    pub reviews: Vec<RawReview>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub weight: i64,
    pub date: Option<String>,
    pub updated: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Pages and posts share one shape; posts must also have a date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPage {
    pub title: String,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub images: Vec<RawImage>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A translation (`apron.zh-CN.md`): only what is said in words may differ from the
/// original; prices, stock, SKUs and photos come from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTranslation {
    pub title: String,
    pub slug: Option<String>,
    pub summary: Option<String>,
    /// Alt texts of the original's photos, by file name.
    #[serde(default)]
    pub alt: indexmap::IndexMap<String, String>,
    pub buy: Option<RawBuy>,
    /// Option names and values of a product, by the original's option name.
    #[serde(default)]
    pub options: indexmap::IndexMap<String, RawOptionTranslation>,
    /// Names of variants named with `name:`, by the original's name.
    #[serde(default)]
    pub variants: indexmap::IndexMap<String, String>,
}

/// One option in a translation: `Size: {name: 尺寸, values: {Small: 小号}}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOptionTranslation {
    pub name: Option<String>,
    #[serde(default)]
    pub values: indexmap::IndexMap<String, String>,
}
