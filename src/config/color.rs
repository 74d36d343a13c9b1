//! Colours of `brand.colors`: parsed from the few notations people copy from design tools,
//! always written back as `#rrggbb` (so a colour can never carry anything else into CSS),
//! and compared the way WCAG 2 does, so a pair that is hard to read is pointed out.

use std::fmt;

/// The contrast WCAG AA asks of body text: 4.5:1.
pub const AA_TEXT: f64 = 4.5;

/// The contrast WCAG AA asks of the parts of a control and of focus rings: 3:1.
pub const AA_NON_TEXT: f64 = 3.0;

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0-255.
    pub r: u8,
    /// Green, 0-255.
    pub g: u8,
    /// Blue, 0-255.
    pub b: u8,
}

/// White, the text colour buttons take when it reads on them.
pub const WHITE: Color = Color::rgb(255, 255, 255);

/// Black, for mixing.
pub const BLACK: Color = Color::rgb(0, 0, 0);

impl Color {
    /// A colour from its channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }

    /// Reads `#rgb`, `#rrggbb` or `rgb(r, g, b)` (commas or spaces), in any case.
    pub fn parse(text: &str) -> Option<Color> {
        let text = text.trim().to_ascii_lowercase();
        if let Some(hex) = text.strip_prefix('#') {
            return Color::from_hex(hex);
        }
        let inner = text.strip_prefix("rgb(")?.strip_suffix(')')?;
        let channels: Vec<u8> = inner
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|part| !part.is_empty())
            .map(|part| part.parse().ok())
            .collect::<Option<_>>()?;
        match channels[..] {
            [r, g, b] => Some(Color::rgb(r, g, b)),
            _ => None,
        }
    }

    fn from_hex(hex: &str) -> Option<Color> {
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Color::rgb(
                digit(0, 1)? * 17,
                digit(1, 1)? * 17,
                digit(2, 1)? * 17,
            )),
            6 => Some(Color::rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// WCAG 2 relative luminance: 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// The WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white).
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// True for colours dark text reads on.
    pub fn is_light(self) -> bool {
        self.contrast(BLACK) > self.contrast(WHITE)
    }

    /// `self` moved `amount` (0-1) of the way to `other`, channel by channel.
    pub fn mix(self, other: Color, amount: f64) -> Color {
        let channel = |a: u8, b: u8| {
            let value = f64::from(a) + (f64::from(b) - f64::from(a)) * amount.clamp(0.0, 1.0);
            value.round() as u8
        };
        Color::rgb(
            channel(self.r, other.r),
            channel(self.g, other.g),
            channel(self.b, other.b),
        )
    }

    /// The colour nearest to `self`, towards black on a light `background` and towards
    /// white on a dark one, that reads on `background` at `ratio`; for a hint.
    pub fn readable_on(self, background: Color, ratio: f64) -> Color {
        let target = if background.is_light() { BLACK } else { WHITE };
        (0..=100)
            .map(|step| self.mix(target, f64::from(step) / 100.0))
            .find(|c| c.contrast(background) >= ratio)
            .unwrap_or(target)
    }
}

impl fmt::Display for Color {
    /// `#rrggbb`, the one form written into CSS and messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A contrast ratio as WCAG tools show it, cut (not rounded) to two decimals so a pair
/// just below the limit never reads as reaching it: `4.48:1`.
pub fn format_ratio(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notations() {
        let blue = Color::rgb(0x1f, 0x6f, 0xeb);
        assert_eq!(Color::parse("#1f6feb"), Some(blue));
        assert_eq!(Color::parse("#1F6FEB"), Some(blue));
        assert_eq!(Color::parse("rgb(31, 111, 235)"), Some(blue));
        assert_eq!(Color::parse("rgb(31 111 235)"), Some(blue));
        assert_eq!(Color::parse("#16a"), Some(Color::rgb(0x11, 0x66, 0xaa)));
        for wrong in [
            "blue",
            "#12345",
            "#ggg",
            "1f6feb",
            "rgb(1, 2)",
            "rgb(1, 2, 300)",
            "#+1f6fe",
        ] {
            assert_eq!(Color::parse(wrong), None, "{wrong}");
        }
        assert_eq!(blue.to_string(), "#1f6feb");
    }

    #[test]
    fn contrast_matches_published_wcag_values() {
        let grey = Color::parse("#777").unwrap();
        assert_eq!(format_ratio(grey.contrast(WHITE)), "4.47:1");
        assert!((grey.contrast(WHITE) - 4.478).abs() < 0.001);
        assert_eq!(format_ratio(BLACK.contrast(WHITE)), "21.00:1");
        assert_eq!(format_ratio(WHITE.contrast(WHITE)), "1.00:1");
        // #767676 is the lightest grey that passes AA on white (4.54:1).
        let passing = Color::parse("#767676").unwrap();
        assert_eq!(format_ratio(passing.contrast(WHITE)), "4.54:1");
        assert_eq!(passing.contrast(WHITE), WHITE.contrast(passing));
    }

    #[test]
    fn suggests_the_nearest_readable_colour() {
        let grey = Color::parse("#777").unwrap();
        let fixed = grey.readable_on(WHITE, AA_TEXT);
        assert!(fixed.contrast(WHITE) >= AA_TEXT);
        assert!(fixed.r < grey.r && fixed.r > 0x60, "{fixed}");
        let dark = Color::parse("#222").unwrap();
        let on_dark = Color::parse("#555").unwrap().readable_on(dark, AA_TEXT);
        assert!(
            on_dark.contrast(dark) >= AA_TEXT && on_dark.r > 0x55,
            "{on_dark}"
        );
    }

    #[test]
    fn mixing() {
        assert_eq!(BLACK.mix(WHITE, 0.5), Color::rgb(128, 128, 128));
        assert_eq!(BLACK.mix(WHITE, 2.0), WHITE);
        assert!(Color::parse("#faf8f5").unwrap().is_light());
        assert!(!Color::parse("#1f1d1a").unwrap().is_light());
    }
}
