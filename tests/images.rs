//! The image pipeline on real fixture photos (`tests/fixtures/images/`, see its README):
//! orientation, metadata stripping read back with a parser, lossy WebP, colour conversion,
//! no upscaling, the cache (a warm build encodes nothing, settings invalidate it, one changed
//! photo re-encodes only its own versions), and diagnostics for bad files.

mod common;

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{GenericImageView, ImageDecoder, ImageReader};

use common::{shop, write_shop};

fn fixture(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/images")
            .join(name),
    )
    .unwrap()
}

const SHOP_YAML: &str = "title: T\nbase_url: https://t.example/\ncurrency: EUR\n";

/// A shop with one product per fixture photo (its main image).
fn photo_shop(photos: &[&str], yaml: &str) -> tempfile::TempDir {
    let dir = write_shop(&[("shop.yaml", yaml)]);
    for (i, photo) in photos.iter().enumerate() {
        let folder = dir.path().join(format!("products/p{i}"));
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join(photo), fixture(photo)).unwrap();
        fs::write(
            folder.join("index.md"),
            format!(
                "---\ntitle: P{i}\nprice: 5\nimages:\n  - {{src: {photo}, alt: Photo {i}}}\n---\n"
            ),
        )
        .unwrap();
    }
    dir
}

/// Builds with `-v` and returns how many versions were encoded.
fn build(dir: &Path) -> usize {
    let output = shop().arg("build").arg(dir).arg("-v").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let encoded = stderr
        .split(" encoded)")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .unwrap();
    encoded.parse().unwrap_or_else(|_| panic!("{stderr}"))
}

fn outputs(dir: &Path, name_start: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("public/images"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(name_start)
        })
        .collect();
    files.sort();
    files
}

fn decode(path: &Path) -> image::DynamicImage {
    ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .decode()
        .unwrap()
}

#[test]
fn photos_come_out_upright_stripped_and_lossy() {
    let dir = photo_shop(&["orientation-6-gps.jpg"], SHOP_YAML);
    build(dir.path());
    let files = outputs(dir.path(), "orientation-6-gps-");
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let bytes = fs::read(file).unwrap();
        let mut decoder = ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert!(
            decoder.exif_metadata().unwrap().is_none(),
            "{file:?} keeps EXIF"
        );
        assert!(
            decoder.xmp_metadata().unwrap().is_none(),
            "{file:?} keeps XMP"
        );
        assert!(
            decoder.icc_profile().unwrap().is_none(),
            "{file:?} keeps a profile"
        );
        assert!(
            !bytes.windows(7).any(|w| w == b"SECRET-"),
            "{file:?} keeps a comment or tag"
        );
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let (w, h) = decode(file).dimensions();
        if name.contains("-64.") {
            assert_eq!(
                (w, h),
                (64, 96),
                "{name}: stored 96x64 with orientation 6 is upright 64x96"
            );
        }
        if name.ends_with(".webp") {
            assert!(
                bytes.windows(4).any(|c| c == b"VP8 "),
                "{name} is not lossy WebP"
            );
            assert!(
                !bytes.windows(4).any(|c| c == b"VP8L"),
                "{name} is lossless WebP"
            );
        }
    }
    let page = fs::read_to_string(dir.path().join("public/products/p0/index.html")).unwrap();
    assert!(page.contains("<source type=\"image/webp\""), "{page}");
    assert!(page.contains("width=\"64\" height=\"96\""));
    assert!(page.contains("alt=\"Photo 0\""));
    assert!(
        page.contains("fetchpriority=\"high\""),
        "the first photo is not lazy"
    );
    assert!(
        !dir.path()
            .join("public/products/p0/orientation-6-gps.jpg")
            .exists(),
        "original published"
    );
}

#[test]
fn adobe_rgb_colours_stay_right() {
    let dir = photo_shop(&["adobe-rgb.jpg"], SHOP_YAML);
    build(dir.path());
    let jpeg = outputs(dir.path(), "adobe-rgb-64.")
        .into_iter()
        .find(|p| p.extension().unwrap() == "jpg")
        .unwrap();
    let pixel = decode(&jpeg).to_rgb8().get_pixel(32, 32).0;
    // LittleCMS gives (63, 210, 54) for Adobe RGB (128, 209, 72): see the fixtures' README.
    for (got, want) in pixel.iter().zip([63u8, 210, 54]) {
        assert!(
            got.abs_diff(want) <= 4,
            "{pixel:?} is not sRGB (63, 210, 54)"
        );
    }
}

#[test]
fn transparency_gray_and_cmyk() {
    let dir = photo_shop(&["transparent.png", "gray.jpg", "cmyk.jpg"], SHOP_YAML);
    build(dir.path());
    let png = outputs(dir.path(), "transparent-80.");
    assert!(
        png.iter().any(|p| p.extension().unwrap() == "png"),
        "transparency needs a PNG fallback: {png:?}"
    );
    let webp = png
        .iter()
        .find(|p| p.extension().unwrap() == "webp")
        .unwrap();
    assert!(decode(webp).color().has_alpha(), "WebP keeps the alpha");
    assert_eq!(
        decode(&outputs(dir.path(), "gray-64.")[0]).dimensions(),
        (64, 64)
    );
    assert_eq!(
        decode(&outputs(dir.path(), "cmyk-96.")[0]).dimensions(),
        (96, 64)
    );
}

#[test]
fn never_wider_than_the_source() {
    let dir = photo_shop(&["large-landscape.jpg", "gray.jpg"], SHOP_YAML);
    build(dir.path());
    for file in outputs(dir.path(), "large-landscape-")
        .iter()
        .chain(&outputs(dir.path(), "gray-"))
    {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("share") {
            continue;
        }
        let (w, _) = decode(file).dimensions();
        let source_width = if name.starts_with("gray") { 64 } else { 2000 };
        assert!(w <= source_width, "{name} is {w} wide");
    }
    let widths: Vec<String> = outputs(dir.path(), "large-landscape-")
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .split('.')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    for w in ["480", "800", "1200", "1600", "320sq", "640sq", "share"] {
        assert!(
            widths.iter().any(|n| n.ends_with(&format!("-{w}"))),
            "no {w} version in {widths:?}"
        );
    }
    let share = outputs(dir.path(), "large-landscape-share").remove(0);
    assert_eq!(decode(&share).dimensions(), (1200, 630));
}

#[test]
fn the_cache_makes_each_version_once() {
    let dir = photo_shop(&["gray.jpg", "large-landscape.jpg"], SHOP_YAML);
    let first = build(dir.path());
    assert!(first > 10, "cold build encoded {first}");
    assert_eq!(build(dir.path()), 0, "a warm build encodes nothing");

    // One photo replaced: only its versions are made again.
    let gray_versions = outputs(dir.path(), "gray-").len();
    fs::write(dir.path().join("products/p0/gray.jpg"), fixture("cmyk.jpg")).unwrap();
    assert_eq!(build(dir.path()), gray_versions);

    // Another quality changes every JPEG: WebP versions stay.
    fs::write(
        dir.path().join("shop.yaml"),
        format!("{SHOP_YAML}images:\n  jpeg_quality: 60\n"),
    )
    .unwrap();
    let jpegs = fs::read_dir(dir.path().join("public/images"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().unwrap() == "jpg")
        .count();
    assert_eq!(build(dir.path()), jpegs);

    shop()
        .arg("clean")
        .arg(dir.path())
        .arg("--unused")
        .assert()
        .success();
    assert_eq!(
        build(dir.path()),
        0,
        "clean --unused keeps what the build uses"
    );
    shop().arg("clean").arg(dir.path()).assert().success();
    assert!(!dir.path().join(".shop-cache").exists());
}

#[test]
fn bad_photos_are_diagnostics_naming_their_line() {
    let dir = write_shop(&[
        ("shop.yaml", SHOP_YAML),
        (
            "products/a/index.md",
            "---\ntitle: A\nprice: 5\nimages:\n  - truncated.jpg\n  - not-an-image.jpg\n---\n",
        ),
    ]);
    fs::write(
        dir.path().join("products/a/truncated.jpg"),
        fixture("truncated.jpg"),
    )
    .unwrap();
    fs::write(
        dir.path().join("products/a/not-an-image.jpg"),
        fixture("not-an-image.jpg"),
    )
    .unwrap();
    let output = shop().arg("build").arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> products/a/index.md:5:5"), "{stderr}");
    assert!(
        stderr.contains("cannot use image `truncated.jpg`: the file is cut short"),
        "{stderr}"
    );
    assert!(stderr.contains("--> products/a/index.md:6:5"), "{stderr}");
    assert!(
        stderr.contains("cannot use image `not-an-image.jpg`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

/// A JPEG of `width` x `height`, striped so it is a real photo to the encoders (made a row
/// at a time: a per-pixel closure takes seconds for 50 megapixels in a test build).
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let row = |rgb: [u8; 3]| rgb.repeat(width as usize);
    let (light, dark) = (row([240, 240, 240]), row([30, 60, 90]));
    let mut pixels = Vec::with_capacity(light.len() * height as usize);
    for y in 0..height {
        pixels.extend_from_slice(if (y / 64) % 2 == 0 { &light } else { &dark });
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode(&pixels, width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// Runs `shop <command> <dir>` and returns the exit code and stderr.
fn run(command: &str, dir: &Path) -> (Option<i32>, String) {
    let output = shop().arg(command).arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn a_long_size_chart_is_published_as_jpeg_and_check_agrees() {
    // 480 x 17,000, in `images:` and in the body: its 480 px version is taller than WebP's
    // 16,383 px, its 240 px one is not (and must not be WebP alone either).
    let dir = write_shop(&[
        (
            "shop.yaml",
            &format!("{SHOP_YAML}images:\n  widths: [240, 480]\n"),
        ),
        (
            "products/a/index.md",
            "---\ntitle: A\nprice: 5\nimages:\n  - {src: chart.jpg, alt: Sizes}\n---\n\
             Sizes:\n\n![Size chart](chart.jpg)\n",
        ),
    ]);
    fs::write(dir.path().join("products/a/chart.jpg"), jpeg(480, 17_000)).unwrap();

    let (code, stderr) = run("check", dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run("build", dir.path());
    assert_eq!(code, Some(0), "check passed, so must build: {stderr}");

    let files = outputs(dir.path(), "chart-");
    let sizes: Vec<&PathBuf> = files
        .iter()
        .filter(|p| {
            let name = p.to_string_lossy();
            !name.contains("sq.") && !name.contains("-share.")
        })
        .collect();
    assert_eq!(sizes.len(), 2, "240 and 480 px, as JPEG only: {files:?}");
    assert!(sizes.iter().all(|p| p.extension().unwrap() == "jpg"));
    assert_eq!(decode(sizes[1]).dimensions(), (480, 17_000));
    // The card's squares are within WebP's limit and keep it.
    assert!(
        outputs(dir.path(), "chart-320sq.")
            .iter()
            .any(|p| p.extension().unwrap() == "webp")
    );

    let html = fs::read_to_string(dir.path().join("public/products/a/index.html")).unwrap();
    let charts: Vec<&str> = html
        .split("<img")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .filter(|tag| tag.contains("chart-480."))
        .collect();
    assert_eq!(charts.len(), 2, "the gallery's and the body's: {html}");
    for img in charts {
        assert!(img.contains("width=\"480\" height=\"17000\""), "{img}");
        assert!(
            img.contains(" 240w, "),
            "the <img> offers every size: {img}"
        );
    }
    assert!(!html.contains("srcset=\"\""), "an empty srcset: {html}");
    if let Some(report) = common::checks::nu_html_errors(&dir.path().join("public")) {
        assert!(report.is_empty(), "HTML errors:\n{report}");
    }
}

/// The CRC-32 of PNG chunks (ISO 3309), bit by bit: only a few bytes are patched.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A small valid PNG whose header declares `width` x `height` pixels.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(8, 8, image::Rgb([200, 10, 10]))
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    // Signature (8), IHDR length and type (8), then width and height; the CRC covers the
    // chunk's type and data (bytes 12..29) and follows them.
    assert_eq!(&png[12..16], b"IHDR");
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn a_photo_declaring_huge_dimensions_is_refused_by_check_and_build() {
    let dir = write_shop(&[
        ("shop.yaml", SHOP_YAML),
        (
            "products/a/index.md",
            "---\ntitle: A\nprice: 5\nimages:\n  - huge.png\n---\n",
        ),
    ]);
    let png = png_declaring(60_000, 60_000);
    assert!(png.len() < 1024);
    fs::write(dir.path().join("products/a/huge.png"), png).unwrap();
    for command in ["check", "build"] {
        let (code, stderr) = run(command, dir.path());
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(stderr.contains("--> products/a/index.md:5:5"), "{stderr}");
        assert!(
            stderr.contains("photo too large to decode (60000 x 60000)"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("help: export it smaller"), "{stderr}");
    }
}

#[test]
fn photos_with_names_near_the_file_name_limit_are_published_under_names_that_fit() {
    // 250 bytes: a name the file system takes, to which every version adds a width, a key
    // and an extension. Two such names alike but for their end, and a logo and an SVG icon
    // as long, all in one build.
    let long = |end: &str, extension: &str| {
        format!(
            "{}{end}.{extension}",
            "n".repeat(249 - end.len() - extension.len())
        )
    };
    let (first, second) = (long("a", "jpg"), long("b", "jpg"));
    let (logo, icon) = (long("logo", "png"), long("icon", "svg"));
    assert_eq!(first.len(), 250);
    let dir = write_shop(&[
        (
            "shop.yaml",
            &format!("{SHOP_YAML}brand:\n  logo: brand/{logo}\n  icon: brand/{icon}\n"),
        ),
        (
            "products/a/index.md",
            &format!("---\ntitle: A\nprice: 5\nimages:\n  - {first}\n---\n\n![Second]({second})\n"),
        ),
    ]);
    let product = dir.path().join("products/a");
    fs::write(product.join(&first), jpeg(64, 48)).unwrap();
    fs::write(product.join(&second), jpeg(48, 64)).unwrap();
    fs::create_dir(dir.path().join("brand")).unwrap();
    fs::write(
        dir.path().join("brand").join(&logo),
        fixture("transparent.png"),
    )
    .unwrap();
    fs::write(
        dir.path().join("brand").join(&icon),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32"/></svg>"#,
    )
    .unwrap();

    let (code, stderr) = run("build", dir.path());
    assert_eq!(code, Some(0), "{stderr}");
    let public = dir.path().join("public");
    common::checks::assert_links_resolve(&public, "/");
    let names: Vec<String> = fs::read_dir(public.join("images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| n.len() <= 255), "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("nnnn")), "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with(".svg")),
        "the SVG icon: {names:?}"
    );
    // Both photos are shown, each in versions of its own: the first is landscape, the
    // second portrait.
    let html = fs::read_to_string(public.join("products/a/index.html")).unwrap();
    let shapes: std::collections::BTreeSet<bool> = common::checks::linked_urls(&html)
        .into_iter()
        .filter(|url| url.starts_with("/images/") && url.ends_with(".jpg"))
        .map(|url| decode(&public.join(&url[1..])).dimensions())
        .filter(|(width, height)| width != height)
        .map(|(width, height)| width > height)
        .collect();
    assert_eq!(shapes.len(), 2, "{html}");
}
