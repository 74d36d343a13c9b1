//! What must not go live, checked by `shop check --production` only: a shop still on an
//! example address, `shop init`'s sample products, a product nobody can pay for. A local
//! build of a new shop has all of these, and is right to.

use crate::config::Config;
use crate::content::{Product, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::orders;
use crate::scaffold;

/// Every reason the shop in `site` cannot go live yet, as errors.
pub fn check(site: &Site) -> Diagnostics {
    let mut found = Diagnostics::default();
    example_addresses(&site.config, &mut found);
    for product in &site.products {
        if scaffold::is_sample_product(&product.origin.source) {
            found.push(
                at(
                    product,
                    "title",
                    "this is `shop init`'s sample product, unchanged",
                )
                .with_hint(format!(
                    "make it one of your products, or delete `{}`",
                    folder_of(product)
                )),
            );
        } else {
            no_way_to_buy(product, &site.config, &mut found);
        }
    }
    found
}

/// A product, or a variant, with a price and no way to buy it: no payment link and no
/// place in the basket. A variant with a price of its own and no links is already a
/// warning when the product has links (they cannot serve its price); without any, the
/// product is named once when no variant can be bought.
fn no_way_to_buy(product: &Product, config: &Config, found: &mut Diagnostics) {
    const HINT: &str = "add `buy:` with a payment link (`stripe:`, `paypal:`, …) or `email: true` for orders by email: see docs/payments.md";
    if !product.buy.is_empty() {
        return;
    }
    let in_basket: Vec<&str> = if config.basket.is_on() {
        orders::product_items(product, config)
            .iter()
            .map(|item| item.sku)
            .collect()
    } else {
        Vec::new()
    };
    if product.variants.is_empty() && !in_basket.is_empty() {
        return;
    }
    let unpaid: Vec<usize> = (0..product.variants.len())
        .filter(|&i| {
            let variant = &product.variants[i];
            variant.buy.is_empty()
                && !variant
                    .sku
                    .as_deref()
                    .is_some_and(|sku| in_basket.contains(&sku))
        })
        .collect();
    if unpaid.len() == product.variants.len() {
        let message = format!("`{}` has a price but no way to buy it", product.title);
        let key = if product.price.is_some() {
            "price"
        } else {
            "variants"
        };
        found.push(at(product, key, &message).with_hint(HINT));
        return;
    }
    for i in unpaid {
        let variant = &product.variants[i];
        let message = format!(
            "variant `{}` has a price but no way to buy it",
            variant.name
        );
        found.push(at(product, &format!("variants.{i}.price"), &message).with_hint(HINT));
    }
}

/// An error at the value of `key` in a product's file.
fn at(product: &Product, key: &str, message: &str) -> Diagnostic {
    let position = product.origin.positions.value(key);
    Diagnostic::error(&product.file, position, message).with_source(&product.origin.source)
}

/// The file or folder to delete to remove a product.
fn folder_of(product: &Product) -> String {
    let file = &product.file;
    match file.parent() {
        Some(folder) if file.file_name().is_some_and(|n| n == "index.md") => {
            format!("{}/", folder.display())
        }
        _ => file.display().to_string(),
    }
}

/// The shop's address and contact address, when they are an example domain or this
/// computer.
fn example_addresses(config: &Config, found: &mut Diagnostics) {
    if let Some(host) = config.base_url.host_str()
        && let Some(what) = not_real(host)
    {
        found.push(
            config
                .error_at("base_url", format!("base_url `{}` is {what}, which buyers cannot reach", config.base_url))
                .with_hint("write the address the shop will live at, such as https://your-shop.com/ or, on GitHub Pages, https://<user>.github.io/<repository>/"),
        );
    }
    if let Some(email) = &config.contact.email
        && let Some(what) = email.rsplit_once('@').and_then(|(_, host)| not_real(host))
    {
        found.push(
            config
                .error_at(
                    "contact.email",
                    format!("the contact address `{email}` is {what}"),
                )
                .with_hint("write the address buyers should write to"),
        );
    }
}

/// What a host is when no buyer can reach it: an example domain or this computer.
fn not_real(host: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let example = ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    let local = host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
        || host == "0.0.0.0";
    if example {
        Some("an example address")
    } else if local {
        Some("this computer (localhost)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_domains_and_this_computer_are_not_real() {
        for host in ["example.com", "shop.example.org", "EXAMPLE.NET."] {
            assert_eq!(not_real(host), Some("an example address"), "{host}");
        }
        for host in ["localhost", "127.0.0.1", "[::1]", "shop.localhost"] {
            assert_eq!(not_real(host), Some("this computer (localhost)"), "{host}");
        }
        for host in ["example.co.uk", "myexample.com", "shop.test.com"] {
            assert_eq!(not_real(host), None, "{host}");
        }
    }
}
