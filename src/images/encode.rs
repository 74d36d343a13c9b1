//! Pixels: decode a photo once, turn it upright (EXIF orientation), bring its colours into
//! sRGB (embedded ICC profile), then resize (SIMD, Lanczos3) and encode each version: lossy
//! WebP (libwebp) plus JPEG, or PNG where the photo has transparency. Encoders get only
//! pixels, so no output carries EXIF, GPS, XMP or comments.

use std::io::Cursor;

use fast_image_resize::images::Image as FirImage;
use fast_image_resize::{IntoImageView, PixelType, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits};

use super::{Format, Operation};
use crate::config::Crop;
use crate::config::color::Color;

/// Why a photo could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// The file is not an image this pipeline reads, or is damaged.
    #[error("cannot read the image: {0}")]
    Decode(#[from] image::ImageError),
    /// A JPEG that ends before its image data does.
    #[error("the file is cut short (an incomplete download or copy)")]
    Truncated,
    /// Resizing failed (dimensions the resizer refuses).
    #[error("cannot resize the image: {0}")]
    Resize(String),
    /// More pixels than [`MAX_SIDE`] and [`MAX_PIXELS`] allow: decoding would take more
    /// memory than a build should (a small file may declare any size).
    #[error("photo too large to decode ({width} x {height})")]
    TooLarge {
        /// Width the header declares.
        width: u32,
        /// Height the header declares.
        height: u32,
    },
    /// A header that declares no pixels, which no version can be made of.
    #[error("the image has no pixels ({width} x {height})")]
    Empty {
        /// Width the header declares.
        width: u32,
        /// Height the header declares.
        height: u32,
    },
    /// libwebp refused a version (the plan keeps versions within [`WEBP_MAX_SIDE`], so
    /// this is a safety net rather than an expected outcome).
    #[error("cannot encode the WebP version: {0:?}")]
    Webp(webp::WebPEncodingError),
    /// The file could not be read, or a version not written into the cache.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The widest and tallest picture libwebp encodes (`WEBP_MAX_DIMENSION`). A photo whose
/// responsive versions go beyond it (a long size chart) is published as JPEG or PNG only.
pub const WEBP_MAX_SIDE: u32 = 16_383;

/// The widest and tallest photo decoded: the largest JPEG, so that every fallback version,
/// never larger than its source, can be written whatever the photo's proportions.
pub const MAX_SIDE: u32 = 65_535;

/// The most pixels a photo may have: 2^27, about 134 megapixels, so a 100-megapixel camera's
/// photo is decoded while a small file declaring 60,000 x 60,000 is refused from its header.
pub const MAX_PIXELS: u64 = 1 << 27;

/// The most memory decoding may take: [`MAX_PIXELS`] at 8 bytes, the widest pixel read
/// (16-bit RGBA PNG), i.e. 1 GiB.
const MAX_ALLOC: u64 = MAX_PIXELS * 8;

/// Refuses a photo, from its size alone, that is larger than the pipeline decodes or that
/// has no pixels. `check` (from the header) and `build` (before decoding) both call it,
/// so they agree.
pub fn check_size(width: u32, height: u32) -> Result<(), EncodeError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(EncodeError::Empty { width, height });
    }
    if width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(EncodeError::TooLarge { width, height });
    }
    Ok(())
}

/// True when libwebp can encode a picture of this size.
pub fn webp_fits(width: u32, height: u32) -> bool {
    width <= WEBP_MAX_SIDE && height <= WEBP_MAX_SIDE
}

/// The decoder's limits. `ImageReader::decode` would apply the allocation limit to the
/// decoded pixels, but cannot give the ICC profile and orientation first, so [`decode`]
/// reserves them itself.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// A decoded photo, upright and in sRGB, with or without alpha.
pub struct Decoded {
    image: DynamicImage,
}

/// What the header says, without decoding pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Header {
    /// Width once upright.
    pub width: u32,
    /// Height once upright.
    pub height: u32,
    /// True when the photo has an alpha channel.
    pub alpha: bool,
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, EncodeError> {
    Ok(ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(image::ImageError::IoError)?)
}

/// True when a JPEG's last scan is followed by its end marker. The decoder fills a file cut
/// short with grey instead of failing, which would publish a half-grey photo.
/// Entropy-coded data never holds an `FF D9` (a data `FF` is always followed by `00`), so
/// an end marker in the last kilobyte settles it without reading the whole file.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
        return true;
    }
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    last_scan.is_some_and(|at| bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// Reads size, orientation and alpha from the header, and refuses JPEGs cut short.
pub fn header(bytes: &[u8]) -> Result<Header, EncodeError> {
    let reader = reader(bytes)?;
    if reader.format() == Some(image::ImageFormat::Jpeg) && !jpeg_is_complete(bytes) {
        return Err(EncodeError::Truncated);
    }
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    let rotated = matches!(
        decoder.orientation()?,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let alpha = decoder.color_type().has_alpha();
    let (width, height) = if rotated {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Header {
        width,
        height,
        alpha,
    })
}

/// True for an ICC profile of an RGB colour space that is not already sRGB.
fn needs_conversion(icc: &[u8], profile: &qcms::Profile) -> bool {
    icc.get(16..20) == Some(b"RGB ") && !profile.is_sRGB()
}

/// Converts RGB(A) pixels from the embedded profile to sRGB in place.
fn to_srgb(image: DynamicImage, icc: Option<Vec<u8>>) -> DynamicImage {
    let Some(icc) = icc else { return image };
    let Some(profile) = qcms::Profile::new_from_slice(&icc, false) else {
        return image;
    };
    if !needs_conversion(&icc, &profile) {
        return image;
    }
    let mut srgb = qcms::Profile::new_sRGB();
    srgb.precache_output_transform();
    let alpha = image.color().has_alpha();
    let kind = if alpha {
        qcms::DataType::RGBA8
    } else {
        qcms::DataType::RGB8
    };
    let Some(transform) = qcms::Transform::new(&profile, &srgb, kind, qcms::Intent::Perceptual)
    else {
        return image;
    };
    if alpha {
        let mut pixels = image.into_rgba8();
        transform.apply(&mut pixels);
        DynamicImage::ImageRgba8(pixels)
    } else {
        let mut pixels = image.into_rgb8();
        transform.apply(&mut pixels);
        DynamicImage::ImageRgb8(pixels)
    }
}

/// Decodes a photo: upright, sRGB, 8-bit RGB or RGBA.
pub fn decode(bytes: &[u8]) -> Result<Decoded, EncodeError> {
    let mut reader = reader(bytes)?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    // What `ImageReader::decode` does and `from_decoder` does not: the decoded pixels count
    // against the allocation limit (never reached when `check_size` passed).
    limits()
        .reserve(decoder.total_bytes())
        .map_err(|_| EncodeError::TooLarge { width, height })?;
    let icc = decoder.icc_profile()?;
    let orientation = decoder.orientation()?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    let image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    Ok(Decoded {
        image: to_srgb(image, icc),
    })
}

/// Where a crop is centred, as fractions of the free space.
fn centering(crop: Crop) -> (f64, f64) {
    match crop {
        Crop::Center => (0.5, 0.5),
        Crop::Top => (0.5, 0.0),
        Crop::Bottom => (0.5, 1.0),
        Crop::Left => (0.0, 0.5),
        Crop::Right => (1.0, 0.5),
    }
}

/// The pixel size an operation gives for a source of `width` x `height`.
pub fn output_size(operation: Operation, width: u32, height: u32) -> (u32, u32) {
    match operation {
        Operation::Fit(target) => {
            let w = target.min(width).max(1);
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
                .max(1);
            (w, h as u32)
        }
        Operation::Square(side) => {
            let side = side.min(width).min(height).max(1);
            (side, side)
        }
        Operation::Share => (1200, 630),
        Operation::Icon(side, _) => (side, side),
    }
}

impl Decoded {
    /// Resizes (cropping for squares and share images) and encodes one version.
    pub fn render(
        &self,
        operation: Operation,
        format: Format,
        quality: u8,
        crop: Crop,
    ) -> Result<Vec<u8>, EncodeError> {
        if let Operation::Icon(side, background) = operation {
            return self.icon(side, background);
        }
        let (width, height) = output_size(operation, self.image.width(), self.image.height());
        let pixel_type = self
            .image
            .pixel_type()
            .ok_or_else(|| EncodeError::Resize("unsupported pixel type".into()))?;
        let mut resized = FirImage::new(width, height, pixel_type);
        let mut options = ResizeOptions::new();
        if !matches!(operation, Operation::Fit(_)) {
            options = options.fit_into_destination(Some(centering(crop)));
        }
        Resizer::new()
            .resize(&self.image, &mut resized, &options)
            .map_err(|e| EncodeError::Resize(e.to_string()))?;
        let mut pixels = resized.into_vec();
        let mut alpha = pixel_type == PixelType::U8x4;
        if alpha && format == Format::Jpeg {
            pixels = flatten_on_white(&pixels);
            alpha = false;
        }
        let color = if alpha {
            image::ExtendedColorType::Rgba8
        } else {
            image::ExtendedColorType::Rgb8
        };
        let mut out = Vec::new();
        match format {
            Format::Webp => {
                let encoder = if alpha {
                    webp::Encoder::from_rgba(&pixels, width, height)
                } else {
                    webp::Encoder::from_rgb(&pixels, width, height)
                };
                // `encode` unwraps libwebp's errors; `encode_simple` is the same call, fallible.
                let webp = encoder
                    .encode_simple(false, f32::from(quality))
                    .map_err(EncodeError::Webp)?;
                out.extend_from_slice(&webp);
            }
            Format::Jpeg => {
                JpegEncoder::new_with_quality(&mut out, quality)
                    .write_image(&pixels, width, height, color)?;
            }
            Format::Png => {
                PngEncoder::new(&mut out).write_image(&pixels, width, height, color)?;
            }
        }
        Ok(out)
    }
}

impl Decoded {
    /// A square PNG icon: the whole image scaled to fit `side`, centred on transparency,
    /// or on `background` (touch icons, which phones would otherwise put on black).
    fn icon(&self, side: u32, background: Option<Color>) -> Result<Vec<u8>, EncodeError> {
        let (width, height) = (self.image.width().max(1), self.image.height().max(1));
        let scale = |a: u32, b: u32| {
            let scaled = u64::from(side) * u64::from(a) / u64::from(b);
            u32::try_from(scaled).unwrap_or(side).clamp(1, side)
        };
        let (fit_width, fit_height) = if width >= height {
            (side, scale(height, width))
        } else {
            (scale(width, height), side)
        };
        let source = DynamicImage::ImageRgba8(self.image.to_rgba8());
        let mut resized = FirImage::new(fit_width, fit_height, PixelType::U8x4);
        Resizer::new()
            .resize(&source, &mut resized, &ResizeOptions::new())
            .map_err(|e| EncodeError::Resize(e.to_string()))?;
        let fitted = image::RgbaImage::from_raw(fit_width, fit_height, resized.into_vec())
            .ok_or_else(|| EncodeError::Resize("resized buffer has the wrong size".into()))?;
        let fill = background.map_or(image::Rgba([0, 0, 0, 0]), |c| {
            image::Rgba([c.r, c.g, c.b, 255])
        });
        let mut canvas = image::RgbaImage::from_pixel(side, side, fill);
        image::imageops::overlay(
            &mut canvas,
            &fitted,
            i64::from((side - fit_width) / 2),
            i64::from((side - fit_height) / 2),
        );
        let mut out = Vec::new();
        PngEncoder::new(&mut out).write_image(
            canvas.as_raw(),
            side,
            side,
            image::ExtendedColorType::Rgba8,
        )?;
        Ok(out)
    }
}

/// RGBA to RGB over a white background, for JPEG (the share image of a transparent photo).
fn flatten_on_white(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            [0, 1, 2].map(|c| ((u16::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked_against_the_limits() {
        assert!(
            check_size(8688, 5792).is_ok(),
            "a 50-megapixel camera photo"
        );
        assert!(
            limits().reserve(8688 * 5792 * 8).is_ok(),
            "a 50-megapixel photo at 16 bits with alpha"
        );
        assert!(
            check_size(11_648, 8736).is_ok(),
            "a 100-megapixel camera photo"
        );
        assert!(check_size(750, 20_000).is_ok(), "a long size chart");
        let too_large = |w, h| matches!(check_size(w, h), Err(EncodeError::TooLarge { .. }));
        assert!(too_large(60_000, 60_000));
        assert!(too_large(16_384, 8193), "more pixels than allowed");
        assert!(too_large(100, 70_000), "taller than a JPEG version can be");
        assert!(matches!(check_size(0, 5), Err(EncodeError::Empty { .. })));
    }

    #[test]
    fn a_50_megapixel_photo_decodes() {
        let (width, height) = (8688, 5792);
        let pixels = vec![0x7F; width as usize * height as usize * 4];
        let mut png = Vec::new();
        // Uncompressed: a test build takes seconds to compress 200 MB.
        PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Uncompressed,
            image::codecs::png::FilterType::NoFilter,
        )
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgba8)
        .unwrap();
        drop(pixels);
        let decoded = decode(&png).unwrap();
        assert_eq!(
            (decoded.image.width(), decoded.image.height()),
            (width, height)
        );
    }

    #[test]
    fn decoding_refuses_a_huge_header_before_allocating() {
        let mut jpeg = Vec::new();
        JpegEncoder::new(&mut jpeg)
            .encode_image(&image::RgbImage::new(8, 8))
            .unwrap();
        // The start-of-frame segment: marker, length, precision, then height and width.
        let frame = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        jpeg[frame + 5..frame + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
        assert!(matches!(
            decode(&jpeg),
            Err(EncodeError::TooLarge {
                width: 60_000,
                height: 60_000
            })
        ));
    }

    #[test]
    fn a_webp_beyond_its_limit_is_an_error_not_a_panic() {
        let tall = Decoded {
            image: DynamicImage::ImageRgb8(image::RgbImage::new(1, WEBP_MAX_SIDE + 1)),
        };
        let webp = tall.render(Operation::Fit(1), Format::Webp, 80, Crop::Center);
        assert!(matches!(webp, Err(EncodeError::Webp(_))));
        let jpeg = tall.render(Operation::Fit(1), Format::Jpeg, 80, Crop::Center);
        assert!(jpeg.is_ok());
    }

    #[test]
    fn transparency_flattens_on_white() {
        assert_eq!(
            flatten_on_white(&[10, 20, 30, 255, 0, 0, 0, 0]),
            vec![10, 20, 30, 255, 255, 255]
        );
    }

    #[test]
    fn a_jpeg_is_complete_only_with_an_end_marker_after_its_last_scan() {
        let whole = std::fs::read("tests/fixtures/images/gray.jpg").unwrap();
        assert!(jpeg_is_complete(&whole));
        let mut trailing = whole.clone();
        trailing.extend(std::iter::repeat_n(0x55, 4096));
        assert!(jpeg_is_complete(&trailing), "data after the end marker");
        assert!(!jpeg_is_complete(&whole[..whole.len() - 200]));
    }

    #[test]
    fn sizes_never_upscale() {
        assert_eq!(output_size(Operation::Fit(800), 2000, 1000), (800, 400));
        assert_eq!(output_size(Operation::Fit(800), 600, 400), (600, 400));
        assert_eq!(output_size(Operation::Square(800), 600, 400), (400, 400));
        assert_eq!(output_size(Operation::Share, 600, 400), (1200, 630));
    }

    #[test]
    fn icons_fit_the_whole_image_into_a_square() {
        let wide = image::RgbImage::from_pixel(40, 10, image::Rgb([200, 0, 0]));
        let decoded = Decoded {
            image: DynamicImage::ImageRgb8(wide),
        };
        let on = |background| {
            let png = decoded.icon(32, background).unwrap();
            image::load_from_memory(&png).unwrap().into_rgba8()
        };
        let clear = on(None);
        assert_eq!(clear.dimensions(), (32, 32));
        assert_eq!(
            clear.get_pixel(16, 16).0,
            [200, 0, 0, 255],
            "the logo, centred"
        );
        assert_eq!(clear.get_pixel(16, 2).0[3], 0, "transparent above it");
        let filled = on(Some(Color::rgb(1, 2, 3)));
        assert_eq!(filled.get_pixel(16, 2).0, [1, 2, 3, 255]);
    }
}
