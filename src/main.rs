//! The `shop` command: parses arguments and calls the library; all work happens there.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use shop::content::Drafts;
use shop::diagnostics::{Diagnostics, count};
use shop::images::{Progress, Work};
use shop::import::ImportError;
use shop::sales::Recorded;
use shop::scaffold::{self, CheckoutHost, Ci, Kind};
use shop::serve::{self, ServeOptions, rebuild::Outcome};
use shop::{BuildOptions, Built, Error, Strictness};

/// Rendering a big shop allocates millions of short-lived strings and values across
/// threads; mimalloc does that with less time and less fragmentation than the system
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn a folder of Markdown product files into a fast static storefront.
#[derive(Parser)]
#[command(name = "shop", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print timings of each stage.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder.
    #[command(
        after_help = "Example:\n  shop build example-shop\n  shop build . -o dist --base-url https://name.github.io/shop/"
    )]
    Build(BuildArgs),
    /// Check everything a build checks, writing nothing.
    #[command(after_help = "Example:\n  shop check example-shop --production")]
    Check(CheckArgs),
    /// Preview the shop: build in memory, serve locally, rebuild and reload on every save.
    #[command(
        after_help = "Example:\n  shop serve example-shop --open\n  shop serve . --port 8000 --drafts"
    )]
    Serve(ServeArgs),
    /// Empty the image cache, or with --unused remove only what no build uses any more.
    #[command(after_help = "Example:\n  shop clean example-shop --unused")]
    Clean(CleanArgs),
    /// Create a new shop that builds at once, or add a host's build file to a shop.
    #[command(
        after_help = "Example:\n  shop init my-shop && shop build my-shop\n  shop init my-shop --ci github    # a new shop that deploys to GitHub Pages\n  shop init . --ci netlify         # add netlify.toml to the shop in this folder"
    )]
    Init(InitArgs),
    /// Create a product, page or post with commented front matter.
    #[command(
        after_help = "Example:\n  shop new product \"Linen apron\"\n  shop new post \"Autumn studio notes\" -C my-shop"
    )]
    New(NewArgs),
    /// Create products from another shop system's export.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Set up Stripe from the shop folder, or check that the two agree.
    #[command(subcommand)]
    Stripe(StripeCommand),
    /// Price basket orders, record orders, keep stock and Stripe in step, see how sales go.
    #[command(subcommand)]
    Orders(OrdersCommand),
}

#[derive(Subcommand)]
enum OrdersCommand {
    /// Add the orders paid through Stripe since the last run to the ledger
    /// (orders/ledger.csv), take them out of stock.csv, and keep each Payment Link from
    /// selling more than is left (key: STRIPE_SECRET_KEY).
    #[command(after_help = "Example:\n  STRIPE_SECRET_KEY=rk_live_… shop orders sync my-shop")]
    Sync(OrdersSyncArgs),
    /// Record a sale made elsewhere (WeChat, Alipay, cash, a message) in the ledger and
    /// take it out of stock.csv; with --code, a whole basket order from its order code.
    #[command(
        after_help = "Example:\n  shop orders record MUG-1 --channel cash -C my-shop\n  shop orders record PRINT-A3 2 --channel wechat --amount 110 -C my-shop\n  shop orders record --code \"$(pbpaste)\" --channel wechat -C my-shop    # a paid basket order"
    )]
    Record(OrdersRecordArgs),
    /// How today, this week and this month went (UTC): orders and revenue per currency,
    /// best sellers, low stock, pending payments.
    #[command(
        after_help = "Example:\n  shop orders report -C my-shop\n  shop orders report -C my-shop --csv > week.csv"
    )]
    Report(OrdersReportArgs),
    /// Price an order code (or the buyer's whole message) again from the shop folder.
    #[command(
        after_help = "Example:\n  shop orders quote B1-PT-Xy3_9Q-AbCdEAC-K -C my-shop\n  shop orders quote \"$(pbpaste)\"    # the whole message, from the clipboard"
    )]
    Quote(QuoteArgs),
}

#[derive(Args)]
struct OrdersRecordArgs {
    /// The SKU sold.
    #[arg(required_unless_present = "code")]
    sku: Option<String>,
    /// How many.
    #[arg(default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    quantity: u32,
    /// How it was paid: wechat, alipay, cash, transfer… (letters, digits, `-`, `_`).
    #[arg(long, default_value = "other", value_parser = channel_name)]
    channel: String,
    /// What the buyer paid (default: the price times the quantity), in the product's currency.
    #[arg(long)]
    amount: Option<String>,
    /// Record the whole basket order this order code (or the buyer's whole message holding
    /// it) carries, priced as `shop orders quote` prices it, instead of one SKU.
    #[arg(long, conflicts_with_all = ["sku", "amount"])]
    code: Option<String>,
    /// The shop folder.
    #[arg(short = 'C', long = "dir", default_value = ".")]
    dir: PathBuf,
}

#[derive(Args)]
struct OrdersReportArgs {
    /// The shop folder.
    #[arg(short = 'C', long = "dir", default_value = ".")]
    dir: PathBuf,
    /// Print CSV (section,period,key,value) for a spreadsheet.
    #[arg(long)]
    csv: bool,
    /// Report as of this day (YYYY-MM-DD, UTC) instead of today.
    #[arg(long)]
    date: Option<String>,
}

/// A channel name as the ledger keeps it: a plain lower-case word.
fn channel_name(text: &str) -> Result<String, String> {
    let name = text.trim().to_ascii_lowercase();
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain {
        Ok(name)
    } else {
        Err("write the channel as one word, such as wechat, cash or market-stall".to_owned())
    }
}

/// The shop folder of a command whose only argument it is: `shop build my-shop`, or `-C
/// my-shop` as the commands with other arguments take it, so that both work everywhere.
#[derive(Args)]
struct ShopFolder {
    /// The shop folder [default: .].
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The shop folder, written as an option.
    #[arg(short = 'C', long = "dir", value_name = "DIR", conflicts_with = "dir")]
    dir_option: Option<PathBuf>,
}

impl ShopFolder {
    /// The folder given either way, or the current one.
    fn path(&self) -> PathBuf {
        self.dir
            .clone()
            .or_else(|| self.dir_option.clone())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

#[derive(Args)]
struct OrdersSyncArgs {
    #[command(flatten)]
    shop: ShopFolder,
}

#[derive(Subcommand)]
enum StripeCommand {
    /// Create or update the Stripe product, price and Payment Link of every product and
    /// variant with `buy: {stripe: auto}`, recorded in stripe.lock (key: STRIPE_SECRET_KEY).
    #[command(
        after_help = "Example:\n  STRIPE_SECRET_KEY=rk_test_… shop stripe sync my-shop\n  STRIPE_SECRET_KEY=rk_live_… shop stripe sync my-shop --check   # in CI: fail where Stripe and the shop disagree"
    )]
    Sync(StripeSyncArgs),
}

#[derive(Args)]
struct StripeSyncArgs {
    #[command(flatten)]
    shop: ShopFolder,
    /// Change nothing: fail with the lines where Stripe and the shop disagree.
    #[arg(long)]
    check: bool,
}

#[derive(Args)]
struct QuoteArgs {
    /// The order code, or the buyer's whole message holding it.
    code: String,
    /// The shop folder.
    #[arg(short = 'C', long = "dir", default_value = ".")]
    dir: PathBuf,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Create products from a Shopify product export (Products > Export in Shopify admin).
    #[command(
        after_help = "Example:\n  shop import shopify products_export.csv --into my-shop\n  cd my-shop && while read -r url path; do curl -fsSL -o \"$path\" \"$url\"; done < images-to-download.txt"
    )]
    Shopify(ShopifyArgs),
}

#[derive(Args)]
struct ShopifyArgs {
    /// The exported CSV file.
    csv: PathBuf,
    /// The shop folder to create the products in; existing files are never replaced.
    #[arg(long, value_name = "DIR", default_value = ".")]
    into: PathBuf,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    shop: ShopFolder,
    /// Where to write the site [default: DIR/public].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Use this base URL instead of shop.yaml's (for preview deploys).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Publish drafts too.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    shop: ShopFolder,
    /// Also fail on what must not go live: Stripe test-mode links, an example address,
    /// `shop init`'s sample products, a product nobody can pay for.
    #[arg(long)]
    production: bool,
    /// Check for this base URL instead of shop.yaml's (the address the build will use).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Check drafts as if published.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    shop: ShopFolder,
    /// First port to try; the next ones are tried when it is taken (0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on. Only change it to preview from another device on your network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Show drafts too.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct CleanArgs {
    #[command(flatten)]
    shop: ShopFolder,
    /// Keep what a build (drafts included) still uses.
    #[arg(long)]
    unused: bool,
}

#[derive(Args)]
struct InitArgs {
    /// Folder for the new shop, or an existing shop to add the --ci file to.
    dir: PathBuf,
    /// Also write the file that makes this host build and publish the shop; in an existing
    /// shop, write only that file.
    #[arg(long, value_name = "HOST")]
    ci: Option<CiHost>,
    /// Also write the basket's card checkout function where this host runs it (with
    /// `basket: stripe`); in an existing shop, write only that file.
    #[arg(long, value_name = "HOST")]
    checkout: Option<CheckoutChoice>,
    /// With `--ci github`: also write .github/workflows/orders.yml, which runs `shop orders
    /// sync` on a schedule, commits the ledger and stock, and deploys the shop.
    #[arg(long, requires = "ci")]
    orders: bool,
    /// With `--orders`: the minutes between order syncs (5 to 30 dividing an hour, or whole
    /// hours).
    #[arg(long, value_name = "MINUTES", default_value_t = scaffold::DEFAULT_ORDERS_EVERY, requires = "orders")]
    every: u32,
    /// The theme the new shop starts on (`theme:` in its shop.yaml; change it any time).
    #[arg(long, value_name = "NAME", default_value = "default",
          value_parser = clap::builder::PossibleValuesParser::new(shop::render::theme_names()))]
    theme: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum CiHost {
    /// GitHub Pages: .github/workflows/deploy.yml.
    Github,
    /// Netlify: netlify.toml.
    Netlify,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckoutChoice {
    /// Cloudflare Pages: functions/api/checkout.js.
    Cloudflare,
    /// Netlify: netlify/functions/checkout.mjs.
    Netlify,
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Product,
    Page,
    Post,
}

#[derive(Args)]
struct NewArgs {
    /// What to create.
    kind: NewKind,
    /// Its title; the file name is made from it.
    title: String,
    /// The shop folder.
    #[arg(short = 'C', long = "dir", default_value = ".")]
    dir: PathBuf,
}

/// What to print besides errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let outcome = match cli.command {
        Command::Build(_) | Command::Import(_) => "nothing was written",
        _ => "see above",
    };
    let result = match cli.command {
        Command::Build(args) => build(args, verbosity),
        Command::Check(args) => check(args, verbosity),
        Command::Serve(args) => serve(args, verbosity),
        Command::Clean(args) => clean(args, verbosity),
        Command::Init(args) => init(args, verbosity),
        Command::New(args) => new(args, verbosity),
        Command::Import(ImportCommand::Shopify(args)) => import_shopify(args, verbosity),
        Command::Stripe(StripeCommand::Sync(args)) => stripe_sync(args, verbosity),
        Command::Orders(OrdersCommand::Quote(args)) => quote(args),
        Command::Orders(OrdersCommand::Sync(args)) => orders_sync(args, verbosity),
        Command::Orders(OrdersCommand::Record(args)) => orders_record(args, verbosity),
        Command::Orders(OrdersCommand::Report(args)) => orders_report(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report_error(&err, outcome);
            ExitCode::FAILURE
        }
    }
}

/// Prints the error; `outcome` says what became of the output (`nothing was written`).
fn report_error(err: &anyhow::Error, outcome: &str) {
    match err.downcast_ref::<Error>() {
        Some(Error::Invalid(diagnostics)) => {
            eprintln!("{diagnostics}\n");
            let problems = count(diagnostics.error_count(), "problem", "problems");
            eprintln!("error: found {problems}; {outcome}");
        }
        _ => eprintln!("error: {err:#}"),
    }
}

fn print_warnings(warnings: &Diagnostics, verbosity: Verbosity) {
    if verbosity != Verbosity::Quiet && !warnings.is_empty() {
        eprintln!("{warnings}\n");
    }
}

fn summary(built: &Built) -> String {
    let s = &built.stats;
    format!(
        "{}, {}, {} ({}, {})",
        count(s.products, "product", "products"),
        count(s.pages, "page", "pages"),
        count(s.posts, "post", "posts"),
        count(s.html_files, "HTML page", "HTML pages"),
        count(s.files, "file", "files")
    )
}

/// Where a build's time went, for `--verbose`.
fn stage_times(stats: &shop::Stats) -> String {
    format!(
        "load {:?}, images {:?} ({} encoded), render {:?}",
        stats.load, stats.images, stats.images_encoded, stats.render
    )
}

fn drafts(flag: bool) -> Drafts {
    if flag {
        Drafts::Include
    } else {
        Drafts::Exclude
    }
}

fn build(args: BuildArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = args.shop.path();
    let dest = args
        .output
        .unwrap_or_else(|| root.join(shop::output::DEFAULT_FOLDER));
    let options = BuildOptions {
        root,
        base_url: args.base_url,
        drafts: drafts(args.drafts),
        images: Work::Encode,
        preview: false,
    };
    let bar = Bar::for_terminal(verbosity);
    let built = shop::build(&options, &dest, &bar)?;
    print_warnings(&built.warnings, verbosity);
    if verbosity == Verbosity::Verbose {
        eprintln!("{}", stage_times(&built.stats));
    }
    if verbosity != Verbosity::Quiet {
        println!(
            "Built {} into {} in {} ms",
            summary(&built),
            dest.display(),
            started.elapsed().as_millis()
        );
    }
    Ok(())
}

fn check(args: CheckArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let options = BuildOptions {
        root: args.shop.path(),
        base_url: args.base_url,
        drafts: drafts(args.drafts),
        images: Work::Plan,
        preview: false,
    };
    let strictness = if args.production {
        Strictness::Production
    } else {
        Strictness::Normal
    };
    let built = shop::check(&options, strictness)?;
    print_warnings(&built.warnings, verbosity);
    if verbosity != Verbosity::Quiet {
        println!("No errors: {}", summary(&built));
    }
    Ok(())
}

/// A progress bar for image work, shown only on a terminal (never in CI logs or pipes).
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn for_terminal(verbosity: Verbosity) -> Bar {
        use std::io::IsTerminal;
        let shown = verbosity != Verbosity::Quiet && std::io::stderr().is_terminal();
        Bar(shown.then(indicatif::ProgressBar::hidden))
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.0
            && total > 0
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
            bar.set_message("photos");
        }
    }

    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Prints what the server does, as short lines a seller can follow.
struct Terminal {
    verbosity: Verbosity,
    open: bool,
}

impl serve::Reporter for Terminal {
    fn listening(&self, url: &str) {
        // The URL is printed even with --quiet: without it the server is of no use.
        println!("Serving at {url} (Ctrl-C to stop)");
        if self.open {
            open_browser(url);
        }
    }

    fn built(&self, outcome: &Outcome, changed: &[PathBuf]) {
        match outcome {
            Outcome::Built {
                took,
                stats,
                warnings,
            } => {
                print_warnings(warnings, self.verbosity);
                if self.verbosity != Verbosity::Quiet {
                    let what = match changed.first() {
                        Some(first) if changed.len() == 1 => {
                            format!(" after a change to {}", first.display())
                        }
                        Some(_) => format!(" after {} changes", changed.len()),
                        None => String::new(),
                    };
                    println!(
                        "Built {} in {} ms{what}",
                        count(stats.html_files, "page", "pages"),
                        took.as_millis()
                    );
                }
                if self.verbosity == Verbosity::Verbose {
                    eprintln!("{}", stage_times(stats));
                }
            }
            Outcome::Failed(diagnostics) => {
                eprintln!("{diagnostics}\n");
                eprintln!("error: the last good build stays served until this is fixed");
            }
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

fn serve(args: ServeArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let options = ServeOptions {
        root: args.shop.path(),
        bind: args.bind,
        port: args.port,
        drafts: drafts(args.drafts),
    };
    let reporter = Arc::new(Terminal {
        verbosity,
        open: args.open,
    });
    let result = serve::run(options, reporter, |stopper| {
        let _ = ctrlc::set_handler(move || stopper.stop());
    });
    match result {
        Err(serve::ServeError::FirstBuild(err)) => Err(err.into()),
        Err(other) => Err(other.into()),
        Ok(()) => {
            if verbosity != Verbosity::Quiet {
                println!("Stopped.");
            }
            Ok(())
        }
    }
}

fn clean(args: CleanArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let options = BuildOptions {
        root: args.shop.path(),
        base_url: None,
        drafts: Drafts::Include,
        images: Work::Plan,
        preview: false,
    };
    let message = if args.unused {
        let (site, _) = shop::load(&options, &mut shop::BuildCache::default())?;
        let used = shop::images::used_files(&site);
        let cache = site.root.join(&site.config.images.cache);
        let removed = shop::images::clean_unused(&cache, &used)?;
        format!("Removed {removed} unused files from {}", cache.display())
    } else {
        let config = shop::config::load(&options.root, None).map_err(Error::Invalid)?;
        let cache = options.root.join(&config.images.cache);
        match shop::images::clean(&cache)? {
            None => format!("Nothing to remove: {} does not exist", cache.display()),
            Some(kept) if kept.is_empty() => format!("Removed {}", cache.display()),
            Some(kept) => format!(
                "Removed the cache files from {} and kept the folder: it also holds {}",
                cache.display(),
                listing(&kept)
            ),
        }
    };
    if verbosity != Verbosity::Quiet {
        println!("{message}");
    }
    Ok(())
}

/// Names for a message: all of a few, or the first ones and how many more.
fn listing(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

fn init(args: InitArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let ci = args.ci.map(|host| match host {
        CiHost::Github => Ci::GitHub,
        CiHost::Netlify => Ci::Netlify,
    });
    let checkout = args.checkout.map(|host| match host {
        CheckoutChoice::Cloudflare => CheckoutHost::Cloudflare,
        CheckoutChoice::Netlify => CheckoutHost::Netlify,
    });
    let new_shop = !args.dir.join(shop::config::CONFIG_FILE).is_file();
    let written = init_with_checkout(&args, ci, checkout)?;
    if verbosity == Verbosity::Quiet {
        return Ok(());
    }
    for path in &written {
        println!("Created {}", relative(path).display());
    }
    // What plain `init` says next, for a new shop or a deploy file; then the function's steps.
    if ci.is_some() || new_shop {
        println!("\n{}", scaffold::next_steps(&args.dir, ci));
    }
    if let Some(host) = checkout {
        println!("\n{}", host.next_steps());
    }
    if ci.is_some() && scaffold::source().is_none() {
        eprintln!("\nnote: {}", scaffold::NO_SOURCE);
    }
    Ok(())
}

/// The files `shop init` writes, and with `--checkout` the checkout function, alone in an
/// existing shop. Refuses a function already there before writing anything.
fn init_with_checkout(
    args: &InitArgs,
    ci: Option<Ci>,
    checkout: Option<CheckoutHost>,
) -> anyhow::Result<Vec<PathBuf>> {
    let Some(host) = checkout else {
        return init_files(args, ci);
    };
    let function = args.dir.join(host.path());
    if function.exists() {
        return Err(scaffold::ScaffoldError::CiExists(function).into());
    }
    let is_shop = args.dir.join(shop::config::CONFIG_FILE).is_file();
    let mut written = if is_shop && ci.is_none() {
        Vec::new()
    } else {
        init_files(args, ci)?
    };
    written.push(scaffold::checkout_function(&args.dir, host)?);
    Ok(written)
}

/// The files `shop init` writes: with `--orders`, the orders workflow too, beside a deploy
/// workflow that may be there already.
fn init_files(args: &InitArgs, ci: Option<Ci>) -> anyhow::Result<Vec<PathBuf>> {
    if !args.orders {
        return Ok(scaffold::init(&args.dir, ci, &args.theme)?);
    }
    if ci != Some(Ci::GitHub) {
        anyhow::bail!("--orders writes a GitHub Actions workflow: use it with --ci github");
    }
    // Refuse a wrong interval or an existing workflow before writing anything.
    scaffold::orders_schedule(args.every)?;
    if args.dir.join(scaffold::ORDERS_WORKFLOW).exists() {
        return Err(
            scaffold::ScaffoldError::CiExists(args.dir.join(scaffold::ORDERS_WORKFLOW)).into(),
        );
    }
    let deployed = args.dir.join(Ci::GitHub.path()).exists();
    let mut written = if deployed {
        Vec::new()
    } else {
        scaffold::init(&args.dir, ci, &args.theme)?
    };
    written.push(scaffold::orders_workflow(&args.dir, args.every)?);
    Ok(written)
}

fn new(args: NewArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let kind = match args.kind {
        NewKind::Product => Kind::Product,
        NewKind::Page => Kind::Page,
        NewKind::Post => Kind::Post,
    };
    let path = scaffold::new(&args.dir, kind, &args.title)?;
    if verbosity != Verbosity::Quiet {
        println!("Created {}", relative(&path).display());
    }
    Ok(())
}

/// Prints the order a code carries, priced from the shop folder, or every problem of it.
fn quote(args: QuoteArgs) -> anyhow::Result<()> {
    let options = BuildOptions {
        root: args.dir,
        base_url: None,
        drafts: Drafts::Exclude,
        images: Work::Plan,
        preview: false,
    };
    let (site, _) = shop::load(&options, &mut shop::BuildCache::default())?;
    let items = shop::orders::items(&site);
    match shop::orders::quote(&args.code, &items, &site.config) {
        Ok(quote) => {
            print!("{}", quote.to_text(&site.config.language));
            Ok(())
        }
        Err(problems) => {
            say_code_problems(&problems);
            let n = problems.len();
            anyhow::bail!(
                "this order code cannot be priced ({n} problem{})",
                if n == 1 { "" } else { "s" }
            )
        }
    }
}

/// Prints every problem of an order code with what to do about it, as `orders quote` and
/// `orders record --code` both say them.
fn say_code_problems(problems: &[shop::orders::QuoteError]) {
    for problem in problems {
        eprintln!("error: {problem}\n  = help: {}\n", problem.hint());
    }
}

fn relative(path: &Path) -> &Path {
    path.strip_prefix("./").unwrap_or(path)
}

/// A Stripe command's error, with the shop's mistakes printed as the build prints them.
fn shop_error(err: shop::stripe::StripeError) -> anyhow::Error {
    use shop::stripe::StripeError;
    match err {
        StripeError::Invalid(diagnostics) => anyhow::Error::new(Error::Invalid(diagnostics)),
        StripeError::Shop(err) => anyhow::Error::new(err),
        other => other.into(),
    }
}

/// An orders command's error, as [`shop_error`] prints it.
fn sales_error(err: shop::sales::SalesError) -> anyhow::Error {
    use shop::sales::SalesError;
    match err {
        SalesError::Stripe(err) => shop_error(err),
        SalesError::Invalid(diagnostics) => anyhow::Error::new(Error::Invalid(diagnostics)),
        SalesError::Code(problems) => {
            say_code_problems(&problems);
            SalesError::Code(problems).into()
        }
        other => other.into(),
    }
}

fn orders_sync(args: OrdersSyncArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let mut say = printer(verbosity);
    let synced = shop::sales::sync(&args.shop.path(), &mut say).map_err(sales_error)?;
    if verbosity != Verbosity::Quiet {
        println!(
            "Stripe ({} mode): {} new order{} ({} ledger line{}), {} payment{} pending, {} Payment Link{} changed",
            synced.mode.as_str(),
            synced.orders,
            plural(synced.orders),
            synced.lines,
            plural(synced.lines),
            synced.pending,
            plural(synced.pending),
            synced.links,
            plural(synced.links),
        );
    }
    if !synced.oversold.is_empty() {
        eprintln!(
            "warning: oversold: {} (marked `oversold` in the ledger): refund or reassure those buyers",
            synced.oversold.join(", ")
        );
    }
    Ok(())
}

fn orders_record(args: OrdersRecordArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let mut say = printer(verbosity);
    let by_code = args.code.is_some();
    let recorded = match (args.code, args.sku) {
        (Some(code), _) => shop::sales::record_code(&args.dir, &code, &args.channel, &mut say),
        (None, sku) => {
            let sale = shop::sales::Sale {
                sku: sku.unwrap_or_default(),
                quantity: args.quantity,
                channel: args.channel,
                amount: args.amount,
            };
            shop::sales::record(&args.dir, &sale, &mut say).map(|one| vec![one])
        }
    }
    .map_err(sales_error)?;
    if verbosity != Verbosity::Quiet {
        for Recorded { row, left } in &recorded {
            let left = left
                .map(|n| format!("; {n} left in stock.csv"))
                .unwrap_or_default();
            println!(
                "Recorded {} ×{} for {} {} ({}) as {}{left}",
                row.sku, row.quantity, row.amount, row.currency, row.channel, row.reference
            );
        }
        if let Some(Recorded { row, .. }) = recorded.first().filter(|_| by_code) {
            println!(
                "Postage {} {} (on the order's first line), shipped to {}",
                row.postage, row.currency, row.country
            );
        }
    }
    Ok(())
}

fn orders_report(args: OrdersReportArgs) -> anyhow::Result<()> {
    let report = shop::sales::report(&args.dir, args.date.as_deref()).map_err(sales_error)?;
    print!(
        "{}",
        if args.csv {
            report.csv()
        } else {
            report.text()
        }
    );
    Ok(())
}

/// Prints a command's progress lines, unless `--quiet`.
fn printer(verbosity: Verbosity) -> impl FnMut(&str) {
    move |line: &str| {
        if verbosity != Verbosity::Quiet {
            println!("{line}");
        }
    }
}

/// `s` after a count other than 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn stripe_sync(args: StripeSyncArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    if args.check {
        let checked = shop::stripe::check(&args.shop.path()).map_err(shop_error)?;
        if verbosity != Verbosity::Quiet {
            println!(
                "Stripe ({} mode) agrees with the shop on {}",
                checked.mode.as_str(),
                sku_count(checked.skus)
            );
        }
        return Ok(());
    }
    let mut say = printer(verbosity);
    let synced = shop::stripe::sync(&args.shop.path(), &mut say).map_err(shop_error)?;
    if verbosity != Verbosity::Quiet {
        println!(
            "Stripe ({} mode): {} made or changed, {} already in step; stripe.lock is up to date",
            synced.mode.as_str(),
            sku_count(synced.changed),
            sku_count(synced.unchanged)
        );
    }
    Ok(())
}

/// `1 SKU`, `3 SKUs`.
fn sku_count(n: usize) -> String {
    format!("{n} SKU{}", plural(n))
}

fn import_shopify(args: ShopifyArgs, verbosity: Verbosity) -> anyhow::Result<()> {
    let imported = shop::import::shopify(&args.csv, &args.into).map_err(|err| match err {
        ImportError::Invalid(diagnostics) => anyhow::Error::new(Error::Invalid(diagnostics)),
        other => other.into(),
    })?;
    print_warnings(&imported.warnings, verbosity);
    if verbosity == Verbosity::Quiet {
        return Ok(());
    }
    let counts = imported.counts;
    println!(
        "Imported {} ({}, {}) into {}",
        count(counts.products, "product", "products"),
        count(counts.variants, "variant", "variants"),
        count(counts.drafts, "draft", "drafts"),
        args.into.display()
    );
    for step in imported.next_steps(&args.into) {
        println!("\n{step}");
    }
    Ok(())
}
