//! The order code that ends a basket's order message: `B1-PT-Xy3_9Q-<lines>-K`.
//!
//! Only `A-Z a-z 0-9 - _`, so it survives email, chat apps and Stripe's
//! `client_reference_id`. After the version `B1` and the country come a fingerprint of the
//! prices and postage the buyer saw (6 characters), then 7 characters a line (the SKU's
//! 5-character code and the quantity in 2), then a check character computed over everything
//! before it (Luhn mod 64), which catches any one changed character and most swaps of two
//! neighbours. 20 lines make 155 characters. The basket script writes the same code from
//! the price list, which carries each SKU's code.

/// The 64 characters of a code, each worth its index.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// What every code of this format starts with.
pub const PREFIX: &str = "B1-";

/// Characters of a SKU's code.
const SKU_LEN: usize = 5;
/// Characters of a quantity.
const QUANTITY_LEN: usize = 2;
/// Characters of the fingerprint.
const FINGERPRINT_LEN: usize = 6;

/// The most units one line can carry.
pub const MAX_QUANTITY: u32 = 64 * 64 - 1;

/// An order as its code carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// [`fingerprint`] of the prices and postage the buyer saw.
    pub fingerprint: String,
    /// Each line's SKU code ([`sku_code`]) and quantity.
    pub lines: Vec<(String, u32)>,
}

/// Why a text is not a good order code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Nothing in the text looks like a code.
    #[error("no order code found: the code starts with `{PREFIX}` and ends the buyer's message")]
    Missing,
    /// The check character does not match: something was changed or lost.
    #[error(
        "the order code's check character does not match: a character of it was changed or lost"
    )]
    BadCheck,
    /// The parts are not where the format puts them.
    #[error("the order code is cut short or has extra characters")]
    BadShape,
}

/// The value of a code character.
fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|i| i as u32)
}

/// `n` in `width` characters, most significant first.
fn digits(mut n: u32, width: usize) -> String {
    let mut out = vec![b'A'; width];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 64) as usize];
        n /= 64;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The number `text` spells.
fn number(text: &str) -> Option<u32> {
    text.bytes()
        .try_fold(0u32, |n, c| Some(n.checked_mul(64)? + value(c)?))
}

/// FNV-1a, 32 bits: small, and written the same in the basket script.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// A SKU's 5-character code: a hash, so any SKU (spaces, accents, 40 characters) takes the
/// same room. The build refuses two SKUs of one shop with the same code.
pub fn sku_code(sku: &str) -> String {
    digits(fnv1a(sku) & 0x3fff_ffff, SKU_LEN)
}

/// The fingerprint of what the buyer was shown: the currency, each line's code and unit
/// price in minor units, and the postage. Stock and titles are left out: they change after
/// every sale without changing what the order costs.
pub fn fingerprint(currency: &str, lines: &[(&str, i64)], postage: i64) -> String {
    let priced: String = lines
        .iter()
        .map(|(code, price)| format!("{code}:{price};"))
        .collect();
    digits(
        fnv1a(&format!("{currency}|{priced}|{postage}")),
        FINGERPRINT_LEN,
    )
}

/// Luhn mod 64 over `body`: one character whose value makes the weighted sum a multiple
/// of 64.
fn check_character(body: &str) -> Option<char> {
    let mut sum = 0;
    for (i, c) in body.bytes().rev().enumerate() {
        let v = value(c)?;
        let weighted = if i % 2 == 0 { v * 2 } else { v };
        sum += weighted / 64 + weighted % 64;
    }
    Some(char::from(ALPHABET[((64 - sum % 64) % 64) as usize]))
}

/// The code of `order`.
pub fn encode(order: &Order) -> String {
    let lines: String = order
        .lines
        .iter()
        .map(|(sku, quantity)| {
            format!(
                "{sku}{}",
                digits((*quantity).min(MAX_QUANTITY), QUANTITY_LEN)
            )
        })
        .collect();
    let body = format!("{PREFIX}{}-{}-{lines}-", order.country, order.fingerprint);
    let check = check_character(&body).unwrap_or('A');
    format!("{body}{check}")
}

/// The code in a pasted text: the last run of code characters starting with [`PREFIX`],
/// whatever stands around it (`订单码：B1-…`, a full stop, quotes), without the full stop a
/// sentence may end it with.
pub fn find(text: &str) -> Option<&str> {
    let start = text.rmatch_indices(PREFIX).map(|(i, _)| i).find(|&i| {
        text[..i]
            .bytes()
            .next_back()
            .is_none_or(|before| value(before).is_none())
    })?;
    let rest = &text[start..];
    let end = rest
        .bytes()
        .position(|c| value(c).is_none())
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Reads a code, or the code in a pasted message.
pub fn decode(text: &str) -> Result<Order, CodeError> {
    let code = find(text).ok_or(CodeError::Missing)?;
    let (body, check) = code.split_at(code.len() - 1);
    if check_character(body) != check.chars().next() {
        return Err(CodeError::BadCheck);
    }
    let rest = body.strip_prefix(PREFIX).ok_or(CodeError::BadShape)?;
    let shape = |ok: bool| if ok { Ok(()) } else { Err(CodeError::BadShape) };
    shape(rest.len() > 2 + 1 + FINGERPRINT_LEN + 2)?;
    let (country, rest) = rest.split_at(2);
    let rest = rest.strip_prefix('-').ok_or(CodeError::BadShape)?;
    let (fingerprint, rest) = rest.split_at(FINGERPRINT_LEN);
    shape(country.bytes().all(|c| c.is_ascii_uppercase()))?;
    let lines = rest
        .strip_prefix('-')
        .and_then(|r| r.strip_suffix('-'))
        .ok_or(CodeError::BadShape)?;
    let width = SKU_LEN + QUANTITY_LEN;
    shape(!lines.is_empty() && lines.len() % width == 0)?;
    let lines = (0..lines.len() / width)
        .map(|i| {
            let line = &lines[i * width..(i + 1) * width];
            let (sku, quantity) = line.split_at(SKU_LEN);
            number(quantity).map(|q| (sku.to_owned(), q))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or(CodeError::BadShape)?;
    Ok(Order {
        country: country.to_owned(),
        fingerprint: fingerprint.to_owned(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(lines: usize) -> Order {
        Order {
            country: "PT".into(),
            fingerprint: fingerprint("EUR", &[("AAAAA", 400)], 450),
            lines: (0..lines)
                .map(|i| (sku_code(&format!("LPS-CARD-{i}")), i as u32 % 99 + 1))
                .collect(),
        }
    }

    #[test]
    fn a_code_reads_back_as_the_order() {
        let order = order(3);
        let code = encode(&order);
        assert!(code.starts_with("B1-PT-"), "{code}");
        assert_eq!(decode(&code), Ok(order));
    }

    #[test]
    fn twenty_lines_fit_in_200_characters() {
        assert!(encode(&order(20)).len() <= 200);
    }

    #[test]
    fn the_code_is_found_in_a_pasted_message() {
        let order = order(2);
        let message = format!("Hello,\n\n2 × Card\n\nOrder code: {}.\n", encode(&order));
        assert_eq!(decode(&message), Ok(order.clone()));
        let chinese = format!("你好，我想订购：\n\n订单码：{}", encode(&order));
        assert_eq!(decode(&chinese), Ok(order));
        assert_eq!(decode("Hello"), Err(CodeError::Missing));
    }

    #[test]
    fn any_changed_character_is_caught() {
        let code = encode(&order(2));
        for (i, original) in code.char_indices() {
            for &other in ALPHABET {
                let other = char::from(other);
                if other == original {
                    continue;
                }
                let mut tampered = code.clone();
                tampered.replace_range(i..i + 1, &other.to_string());
                assert!(decode(&tampered).is_err(), "{tampered}");
            }
        }
    }

    #[test]
    fn sku_codes_and_fingerprints_take_fixed_room() {
        assert_eq!(sku_code("").len(), 5);
        assert_eq!(sku_code("Ein sehr langer Artikel – Größe XL").len(), 5);
        assert_ne!(sku_code("CARD-1"), sku_code("CARD-2"));
        // Found by trying SKU-0, SKU-1...: the build refuses such a pair.
        assert_eq!(sku_code("SKU-112789"), sku_code("SKU-349192"));
        let before = fingerprint("EUR", &[("AAAAA", 400)], 450);
        assert_eq!(before.len(), 6);
        assert_ne!(before, fingerprint("EUR", &[("AAAAA", 450)], 450));
        assert_ne!(before, fingerprint("EUR", &[("AAAAA", 400)], 500));
    }

    mod properties {
        //! Any order reads back from its code, and a code with one character changed never
        //! reads as a good code.

        use super::super::*;
        use proptest::prelude::*;

        fn orders() -> impl Strategy<Value = Order> {
            (
                "[A-Z]{2}",
                "[A-Za-z0-9_-]{6}",
                prop::collection::vec(("[A-Za-z0-9_-]{5}", 1..=MAX_QUANTITY), 1..25),
            )
                .prop_map(|(country, fingerprint, lines)| Order {
                    country,
                    fingerprint,
                    lines,
                })
        }

        proptest! {
            #[test]
            fn round_trip(order in orders()) {
                prop_assert_eq!(decode(&encode(&order)), Ok(order));
            }

            #[test]
            fn one_changed_character_is_an_error(
                order in orders(),
                at in any::<prop::sample::Index>(),
                to in 0usize..64,
            ) {
                let code = encode(&order);
                let i = at.index(code.len());
                let replacement = char::from(ALPHABET[to]);
                prop_assume!(code.as_bytes()[i] != ALPHABET[to]);
                let mut tampered = code.clone();
                tampered.replace_range(i..i + 1, &replacement.to_string());
                prop_assert!(decode(&tampered).is_err());
            }

            #[test]
            fn decode_never_panics(text in "\\PC*") {
                let _ = decode(&text);
                let _ = decode(&format!("B1-{text}"));
            }
        }
    }
}
