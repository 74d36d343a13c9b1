//! Micro-benchmarks of the hot stages of a build, through the library's public API: one
//! product file's front matter, Markdown, rendering, writing the built site, and a whole
//! build of 1,000 products for scale. `cargo bench --bench stages`; the numbers and what
//! each benchmark covers are in docs/benchmarks.md.
//!
//! Every input is made here, the same on every run: the product files below, and bigger
//! shops written by `benches/gen_shop.py` (seed 1) into temp folders. The built site is
//! written into `/dev/shm` where there is one (see [`write`]).

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group};
use criterion::{criterion_main, measurement::WallTime};
use shop::content::{self, Drafts, Site};
use shop::render::{self, RenderCaches, Theme};
use shop::{BuildCache, BuildOptions, images, markdown, output, qr};
use tempfile::TempDir;

/// The allocator the `shop` binary uses, so the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SHOP_YAML: &str = "title: Bench Prints\nbase_url: https://bench.example/\n\
    currency: EUR\ncontact:\n  email: hello@bench.example\n";

/// A photo every benchmark product shows, so pages carry their responsive `<picture>`.
const PHOTO: &str = "example-shop/products/launch-pad-riso/rocket.jpg";

/// A product as sellers write one: a photo, two payment links, categories, a short
/// description with a list.
const PRODUCT: &str = r#"---
title: Chelsea Cards — Set of Five
price: 14
sku: BP-CD-CH5
stock: 25
images:
  - src: photo.jpg
    alt: "Five folded cards fanned out, each printed with a close-up of a green-eyed tabby cat"
summary: Five riso-printed cat cards in five different ink pairings, with kraft envelopes.
categories: [Cards]
tags: [cats]
buy:
  stripe: "https://buy.stripe.com/FdnXsiVpzz63FfkCzJr4"
  custom:
    - label: Buy on Etsy
      url: "https://www.etsy.com/listing/1800000000/chelsea-cards-set-of-five"
weight: 70
date: 2026-07-10
---
The same tabby, five moods. We run the Chelsea portrait through the risograph in five
different ink pairings and pack one of each.

- Five A6 folded cards (10.5 × 14.8 cm), blank inside
- Five C6 recycled kraft envelopes
"#;

/// The front matter of print `{n}`, sold in three sizes, each its own SKU, stock and
/// payment links.
const PRINT_FRONT_MATTER: &str = r#"---
title: Deep Field No. {n} — Archival Giclée Print
images:
  - src: photo.jpg
    alt: "Thousands of small galaxies in orange, white and blue scattered across a black sky"
summary: Hubble's eXtreme Deep Field, five thousand galaxies in a patch of sky smaller than a grain of sand.
categories: [Prints]
tags: ["space", "nasa"]
options:
  Size: ["A4 (21 × 29.7 cm)", "A3 (29.7 × 42 cm)", "A2 (42 × 59.4 cm)"]
variants:
  - options: {Size: "A4 (21 × 29.7 cm)"}
    sku: BP-DF{n}-A4
    price: 38
    stock: 20
    buy:
      stripe: "https://buy.stripe.com/u8jzPde0IgxLd6Gnc{n}A4"
      paypal: "https://www.paypal.com/ncp/payment/G4ZDMEN2KH{n}A4"
  - options: {Size: "A3 (29.7 × 42 cm)"}
    sku: BP-DF{n}-A3
    price: 58
    stock: 10
    buy:
      stripe: "https://buy.stripe.com/epfJBd0Kh8oOOL8dK{n}A3"
      paypal: "https://www.paypal.com/ncp/payment/AJ8GXBENYJ{n}A3"
  - options: {Size: "A2 (42 × 59.4 cm)"}
    sku: BP-DF{n}-A2
    price: 95
    stock: 4
    buy:
      stripe: "https://buy.stripe.com/ocJ2isAjIhKtJ0Rlg{n}A2"
      paypal: "https://www.paypal.com/ncp/payment/4HH5344TFJ{n}A2"
weight: 10
date: 2026-03-02
updated: 2026-09-14
aliases: ["/shop/deep-field-{n}-a3/"]
extra:
  edition_size: 50
---
"#;

/// A product description of a few paragraphs, with a list, emphasis and a link.
const DESCRIPTION: &str = r#"In 2012 astronomers combined ten years of Hubble exposures of one tiny patch of sky in the
constellation Fornax. The result, the eXtreme Deep Field, holds around 5,500 galaxies, some
of them seen as they were more than 13 billion years ago.

We print it as a pigment giclée on Hahnemühle Photo Rag 308 gsm, a soft, matt cotton paper
that keeps the blacks deep without the glare of a gloss finish. Each print has a 2 cm white
border for framing and is signed and numbered on the back in an open edition of 50 per size.

Prints ship flat between board up to A3 and rolled in a recycled tube at A2. Frame behind
glass or acrylic and away from direct sun; pigment inks are rated for well over 60 years
indoors.

- Paper: Hahnemühle Photo Rag, 308 gsm, 100% cotton, acid-free
- Inks: 11-colour archival pigment
- Sizes: A4, A3 or A2, 2 cm border included
- Frame not included

*Image: NASA / ESA, public domain.* Read how we proofed it in the journal post
[Printing the Deep Field](/posts/printing-the-deep-field/).
"#;

/// A long description (about 23 KB): 20 sections of a care and printing guide, each a
/// heading, the description above and a small table.
fn long_description() -> String {
    (1..=20)
        .map(|i| {
            format!(
                "## Part {i}: paper, ink and framing\n\n{DESCRIPTION}\n\
                 | Size | Paper | Border |\n|---|---|---|\n| A4 | 308 gsm | 2 cm |\n\
                 | A2 | 308 gsm | 3 cm |\n\n"
            )
        })
        .collect()
}

/// Print `n`: a product with variants and a description of a few paragraphs.
fn print(n: usize) -> String {
    PRINT_FRONT_MATTER.replace("{n}", &n.to_string()) + DESCRIPTION
}

/// A shop of prints 1 to `count`, each in `products/deep-field-<n>/`.
fn shop_of_prints(count: usize) -> TempDir {
    let prints: Vec<(String, String)> = (1..=count)
        .map(|n| (format!("deep-field-{n}"), print(n)))
        .collect();
    let files: Vec<(&str, &str)> = prints
        .iter()
        .map(|(folder, text)| (folder.as_str(), text.as_str()))
        .collect();
    shop_of(&files)
}

/// A shop in a temp folder with these product files (`products/<name>/index.md`), each
/// beside its own copy of the photo.
fn shop_of(products: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    fs::write(dir.path().join("shop.yaml"), SHOP_YAML).expect("write shop.yaml");
    for (name, text) in products {
        let folder = dir.path().join("products").join(name);
        fs::create_dir_all(&folder).expect("create product folder");
        fs::write(folder.join("index.md"), text).expect("write product");
        fs::copy(manifest_dir().join(PHOTO), folder.join("photo.jpg")).expect("copy photo");
    }
    dir
}

/// A shop of `products` products written by `benches/gen_shop.py`, without photos.
fn generated_shop(products: usize) -> TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    let status = Command::new("python3")
        .arg(manifest_dir().join("benches/gen_shop.py"))
        .arg(dir.path())
        .args(["--products", &products.to_string(), "--seed", "1"])
        .status()
        .expect("benches/gen_shop.py needs python3 on PATH");
    assert!(status.success(), "benches/gen_shop.py failed: {status}");
    dir
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: Drafts::Exclude,
        images: images::Work::Encode,
        preview: false,
    }
}

/// Short runs: the whole file takes well under a minute on 2 cores.
fn quick(group: &mut BenchmarkGroup<WallTime>) {
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
}

/// For calls of tens of milliseconds and more: ten calls, each timed on its own.
fn slow(group: &mut BenchmarkGroup<WallTime>) {
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat);
}

/// Split, YAML and every check of one product file, read from disk as a build reads it.
fn front_matter(c: &mut Criterion) {
    let dir = shop_of(&[("cards", PRODUCT), ("deep-field", &print(1))]);
    let root = dir.path();
    let config = shop::config::load(root, None).expect("valid shop.yaml");
    let mut group = c.benchmark_group("front_matter");
    quick(&mut group);
    for (name, folder) in [
        ("product", "cards"),
        ("product_with_variants", "deep-field"),
    ] {
        let file = root.join("products").join(folder).join("index.md");
        let (product, diagnostics) = content::load_product(root, &file, &config);
        assert!(product.is_some() && diagnostics.is_empty(), "{diagnostics}");
        group.bench_function(name, |b| {
            b.iter(|| content::load_product(root, &file, &config))
        });
    }
    group.finish();
}

fn markdown(c: &mut Criterion) {
    let long = long_description();
    let no_pictures = |_: &str, _: &str| None;
    let mut group = c.benchmark_group("markdown");
    quick(&mut group);
    for (name, body) in [("description", DESCRIPTION), ("long", long.as_str())] {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| markdown::render(black_box(body), "", &no_pictures))
        });
    }
    group.finish();
}

/// A loaded shop with its theme and planned photos: everything `render_all` takes.
struct Rendering {
    dir: TempDir,
    site: Site,
    theme: Theme,
    images: images::Images,
    /// Where QR codes are kept once drawn, as in a real build.
    qr_cache: PathBuf,
}

impl Rendering {
    fn new(dir: TempDir) -> Rendering {
        let (site, _) =
            shop::load(&options(dir.path()), &mut BuildCache::default()).expect("a valid shop");
        let theme = Theme::load(dir.path(), &site).expect("the default theme");
        let images =
            images::process(&site, images::Work::Plan, &images::Silent).expect("readable photos");
        let qr_cache = dir.path().join(".shop-cache");
        Rendering {
            dir,
            site,
            theme,
            images,
            qr_cache,
        }
    }

    fn render(&self, caches: &mut RenderCaches) -> output::Output {
        render::render_all(
            &[(&self.site, &self.theme)],
            &self.images,
            caches,
            false,
            Some(qr::CacheFolder {
                dir: &self.qr_cache,
                writable: true,
            }),
            None,
        )
        .expect("renders")
    }
}

/// Rendering has no public entry point per page, so pages are timed through `render_all`,
/// on shops of the same print 1 and 24 times: from nothing, and again with what the previous
/// render kept (product and listing pages whose content did not change), which leaves the
/// pages rendered every time (home, search, thanks, 404, feeds, sitemap, search index).
fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    quick(&mut group);
    let one = Rendering::new(shop_of_prints(1));
    group.bench_function("theme_load", |b| {
        b.iter(|| Theme::load(one.dir.path(), &one.site))
    });
    for (name, shop) in [
        ("1_product", one),
        ("24_products", Rendering::new(shop_of_prints(24))),
    ] {
        group.bench_function(format!("site_of_{name}"), |b| {
            b.iter(|| shop.render(&mut RenderCaches::default()))
        });
        let mut caches = RenderCaches::default();
        shop.render(&mut caches);
        group.bench_function(format!("site_of_{name}_reused"), |b| {
            b.iter(|| shop.render(&mut caches))
        });
    }
    group.finish();
}

/// A whole build of 1,000 products in memory, from nothing, again with what the previous
/// build kept (`shop serve` after a save that changed nothing), and after one product was
/// edited and the watcher said so.
fn build(c: &mut Criterion) {
    let dir = generated_shop(1000);
    let options = options(dir.path());
    // The first build draws the QR codes into the shop's cache, as on a seller's machine.
    shop::build_in_memory(&options).expect("builds");
    let mut group = c.benchmark_group("build");
    slow(&mut group);
    group.bench_function("1000_products", |b| {
        b.iter(|| shop::build_in_memory(&options).expect("builds"))
    });
    let mut cache = BuildCache::default();
    group.bench_function("1000_products_rebuild", |b| {
        b.iter(|| {
            shop::build_in_memory_cached(&options, &mut cache, &images::Silent).expect("builds")
        })
    });
    // One product saved with a new title, as the file watcher reports it to `shop serve`.
    let edited = first_product_file(dir.path());
    let original = std::fs::read_to_string(&edited).expect("a product file");
    let mut edits = 0u64;
    group.bench_function("1000_products_one_edit", |b| {
        b.iter(|| {
            edits += 1;
            let retitled = original.replacen("title: ", &format!("title: Edit {edits} "), 1);
            std::fs::write(&edited, retitled).expect("writable");
            cache.changed(&options.root, std::slice::from_ref(&edited));
            shop::build_in_memory_cached(&options, &mut cache, &images::Silent).expect("builds")
        })
    });
    group.finish();
}

/// The first product file of a generated shop, by name.
fn first_product_file(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("products"))
        .expect("a products folder")
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.into_iter().next().expect("a product file")
}

/// Writing a built site of about 1,000 files (300 products: their pages and QR codes) into
/// a folder, replacing the previous build with the atomic swap. The folder is in memory
/// (`/dev/shm`) where there is one, so this times `shop`'s writer rather than a disk: on a
/// virtual disk, creating the folders and files takes up to a hundred times as long, and
/// varies as much (docs/benchmarks.md).
fn write(c: &mut Criterion) {
    let dir = generated_shop(300);
    let built = shop::build_in_memory(&options(dir.path())).expect("builds");
    let shm = Path::new("/dev/shm");
    let out = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temp folder");
    let dest = out.path().join("public");
    let mut group = c.benchmark_group("write");
    slow(&mut group);
    group.throughput(Throughput::Elements(built.output.len() as u64));
    group.bench_function("site_of_300_products", |b| {
        b.iter(|| output::write_folder(&built.output, &dest, dir.path()).expect("writes"))
    });
    group.finish();
}

criterion_group!(benches, front_matter, markdown, render, build, write);
criterion_main!(benches);
