//! `shop init --ci`: the files that make GitHub Pages and Netlify build and publish a shop, and
//! this repository's release workflow that those files download `shop` from. Without
//! actionlint or a network, the files are parsed and their structure checked, and their build
//! commands are run for real against the new shop.

mod common;

use std::path::Path;

use common::{read, run, shop, write_shop};
use predicates::prelude::*;
use serde_yaml_ng::Value;
use shop::scaffold::{NO_SOURCE, VERSION, source};

/// The asset the deploy files download; the release workflow must make exactly this name.
const LINUX_ASSET: &str = "shop-x86_64-unknown-linux-musl.tar.gz";

fn yaml(path: &Path) -> Value {
    serde_yaml_ng::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not text in {value:?}"))
}

fn steps(workflow: &Value, job: &str) -> Vec<Value> {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job `{job}` has no steps"))
        .clone()
}

/// The `uses:` of the steps, in order.
fn actions(steps: &[Value]) -> Vec<&str> {
    steps.iter().filter_map(|s| s["uses"].as_str()).collect()
}

/// Every action is pinned to a major version (`@v4`), never a branch or a moving tag.
fn assert_pinned(steps: &[Value]) {
    for action in actions(steps) {
        let (_, version) = action.split_once('@').expect("an action with a version");
        let major = version.strip_prefix('v').unwrap_or("");
        assert!(
            !major.is_empty() && major.chars().all(|c| c.is_ascii_digit()),
            "{action} is not pinned to a major version"
        );
    }
}

/// The step named `name`.
fn step<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step named `{name}`"))
}

/// Runs a shell script with the `shop` under test first on PATH, in `dir`.
fn sh(script: &str, dir: &Path, env: &[(&str, &str)]) {
    let binary = assert_cmd::cargo::cargo_bin("shop");
    let bin_dir = binary.parent().expect("binary folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("sh")
        .args(["-ec", script])
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .expect("run sh");
    assert!(
        output.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What a seller does before going live: a real contact address, and the sample products
/// made their own. `check --production` refuses the shop as `shop init` wrote it.
fn make_real(root: &Path) {
    let config = root.join("shop.yaml");
    let text = read(&config).replace("hello@example.com", "hello@linen-and-clay.test");
    std::fs::write(&config, text).unwrap();
    for product in ["linen-apron", "stoneware-mug"] {
        let file = root.join("products").join(product).join("index.md");
        let text = read(&file) + "Made in our workshop.\n";
        std::fs::write(&file, text).unwrap();
    }
}

/// Without a source, the install script stops at once with the explanation (never a 404
/// from a made-up address); with one, nothing is left to fill in.
fn install_fails_plainly_without_a_source(script: &str, dir: &Path) {
    let written = [".github/workflows/deploy.yml", "netlify.toml"];
    let file: String = written
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .collect();
    for placeholder in [
        "{version}",
        "{source}",
        "{no_source}",
        "<owner>",
        "OWNER/REPO",
    ] {
        assert!(
            !file.contains(placeholder),
            "{placeholder} left in:\n{file}"
        );
    }
    if source().is_some() {
        return;
    }
    let output = std::process::Command::new("sh")
        .args(["-c", script])
        .current_dir(dir)
        .env("SHOP_SOURCE", "")
        .env("SHOP_VERSION", VERSION)
        .output()
        .expect("run sh");
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains(NO_SOURCE), "{said}");
}

fn canonical(shop: &Path) -> String {
    common::select(
        &read(&shop.join("public/index.html")),
        "link[rel=canonical]",
        "href",
    )
    .concat()
}

#[test]
fn github_workflow_checks_builds_under_the_pages_address_and_deploys() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-shop");
    let (code, stderr) = run(&["init", "--ci", "github"], &root);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(root.join("shop.yaml").is_file(), "a new shop is made too");
    let workflow = yaml(&root.join(".github/workflows/deploy.yml"));

    // Every push runs it; only the repository's default branch (main or master) is built.
    assert!(workflow["on"]["push"].is_null());
    assert_eq!(
        text(&workflow["jobs"]["build"], "if"),
        "github.ref_name == github.event.repository.default_branch"
    );
    assert!(workflow["on"]["workflow_dispatch"].is_null());
    assert!(
        workflow["on"]
            .as_mapping()
            .unwrap()
            .contains_key("workflow_dispatch")
    );
    let permissions = &workflow["permissions"];
    assert_eq!(text(permissions, "pages"), "write");
    assert_eq!(text(permissions, "id-token"), "write");
    assert_eq!(text(permissions, "contents"), "read");
    assert_eq!(text(&workflow["concurrency"], "group"), "pages");
    assert_eq!(
        workflow["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false)
    );
    assert_eq!(text(&workflow["env"], "SHOP_VERSION"), VERSION);
    assert_eq!(
        text(&workflow["env"], "SHOP_SOURCE"),
        source().unwrap_or_default()
    );

    let build = steps(&workflow, "build");
    let order: Vec<&str> = build
        .iter()
        .filter_map(|s| s["uses"].as_str().or(s["name"].as_str()))
        .collect();
    assert_eq!(
        order,
        [
            "actions/checkout@v4",
            "actions/configure-pages@v5",
            "actions/cache@v4",
            "Install shop",
            "Check",
            "Build",
            "actions/upload-pages-artifact@v3",
        ]
    );
    assert_pinned(&build);
    assert_eq!(text(&build[1], "id"), "pages");
    let cache = &build[2]["with"];
    assert_eq!(text(cache, "path"), ".shop-cache");
    assert_eq!(
        text(cache, "key"),
        "shop-cache-${{ hashFiles('shop.yaml', 'products/**', 'pages/**', 'posts/**') }}"
    );
    assert_eq!(text(cache, "restore-keys"), "shop-cache-");
    assert_eq!(text(&build[6]["with"], "path"), "public");

    let install = text(step(&build, "Install shop"), "run");
    for part in [
        &format!("asset={LINUX_ASSET}"),
        "url=\"$SHOP_SOURCE/releases/download/v$SHOP_VERSION\"",
        "sha256sum -c \"$asset.sha256\"",
        "cargo install --locked --git \"$SHOP_SOURCE\" --tag \"v$SHOP_VERSION\" shop",
        "echo \"$HOME/.local/bin\" >> \"$GITHUB_PATH\"",
    ] {
        assert!(install.contains(part), "`{part}` missing from:\n{install}");
    }
    install_fails_plainly_without_a_source(install, &root);
    let check = text(step(&build, "Check"), "run");
    assert_eq!(
        check,
        "shop check --production --base-url \"${{ steps.pages.outputs.base_url }}/\""
    );
    let build_command = text(step(&build, "Build"), "run");
    assert_eq!(
        build_command,
        "shop build --base-url \"${{ steps.pages.outputs.base_url }}/\""
    );

    let deploy_job = &workflow["jobs"]["deploy"];
    assert_eq!(text(deploy_job, "needs"), "build");
    assert_eq!(text(&deploy_job["environment"], "name"), "github-pages");
    let deploy = steps(&workflow, "deploy");
    assert_eq!(actions(&deploy), ["actions/deploy-pages@v4"]);
    assert_eq!(text(&deploy[0], "id"), "deployment");

    // configure-pages gives a project site's address without the trailing slash.
    let project_site = "https://name.github.io/my-shop";
    make_real(&root);
    let script = format!("{check}\n{build_command}")
        .replace("${{ steps.pages.outputs.base_url }}", project_site);
    sh(&script, &root, &[]);
    assert_eq!(canonical(&root), "https://name.github.io/my-shop/");
}

#[test]
fn netlify_config_builds_each_deploy_at_its_own_address_and_caches_photos() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-shop");
    let (code, stderr) = run(&["init", "--ci", "netlify"], &root);
    assert_eq!(code, Some(0), "{stderr}");
    let config: toml::Table = read(&root.join("netlify.toml")).parse().unwrap();

    let build = config["build"].as_table().unwrap();
    assert_eq!(build["publish"].as_str(), Some("public"));
    assert_eq!(build["environment"]["SHOP_VERSION"].as_str(), Some(VERSION));
    assert_eq!(
        build["environment"]["SHOP_SOURCE"].as_str(),
        Some(source().unwrap_or_default())
    );
    let command = build["command"].as_str().unwrap();
    let lines: Vec<&str> = command.lines().collect();
    assert_eq!(lines[0], "set -e");
    for line in [
        &format!("asset={LINUX_ASSET}"),
        "url=\"$SHOP_SOURCE/releases/download/v$SHOP_VERSION\"",
        "  cargo install --locked --git \"$SHOP_SOURCE\" --tag \"v$SHOP_VERSION\" shop --root \"$HOME/.local\"",
    ] {
        assert!(lines.contains(&line), "`{line}` missing from:\n{command}");
    }
    install_fails_plainly_without_a_source(command, &root);
    let tail = &lines[lines.len() - 3..];
    assert_eq!(
        tail,
        [
            "if [ \"$CONTEXT\" = production ]; then base_url=\"$URL\"; else base_url=\"$DEPLOY_PRIME_URL\"; fi",
            "shop check --production --base-url \"$base_url/\"",
            "shop build --base-url \"$base_url/\"",
        ]
    );

    let plugins = config["plugins"].as_array().unwrap();
    assert_eq!(plugins.len(), 1);
    assert_eq!(plugins[0]["package"].as_str(), Some("netlify-plugin-cache"));
    assert_eq!(
        plugins[0]["inputs"]["paths"].as_array().unwrap(),
        &[toml::Value::from(".shop-cache")]
    );

    // Netlify's URL variables have no trailing slash either.
    make_real(&root);
    let script = tail.join("\n");
    let live = [("CONTEXT", "production"), ("URL", "https://shop.example")];
    sh(&script, &root, &live);
    assert_eq!(canonical(&root), "https://shop.example/");
    let preview = [
        ("CONTEXT", "deploy-preview"),
        ("URL", "https://shop.example"),
        (
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-7--shop.netlify.app",
        ),
    ];
    sh(&script, &root, &preview);
    assert_eq!(
        canonical(&root),
        "https://deploy-preview-7--shop.netlify.app/"
    );
}

#[test]
fn init_ci_in_an_existing_shop_adds_only_that_file_and_never_overwrites_it() {
    let dir = write_shop(&[("shop.yaml", "title: Mine\n"), ("products/a.md", "keep")]);
    shop()
        .args(["init", "--ci", "github"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicates::str::contains("Created "))
        .stdout(predicates::str::contains("shop.yaml").not());
    assert_eq!(read(&dir.path().join("shop.yaml")), "title: Mine\n");
    assert!(!dir.path().join("pages").exists());

    let workflow = dir.path().join(".github/workflows/deploy.yml");
    std::fs::write(&workflow, "# edited by hand\n").unwrap();
    let (code, stderr) = run(&["init", "--ci", "github"], dir.path());
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(".github/workflows/deploy.yml` already exists"),
        "{stderr}"
    );
    assert_eq!(read(&workflow), "# edited by hand\n");

    // A new shop is not started either when the file is in the way.
    let fresh = write_shop(&[("netlify.toml", "# mine\n")]);
    let (code, stderr) = run(&["init", "--ci", "netlify"], fresh.path());
    assert_eq!(code, Some(1));
    assert!(stderr.contains("netlify.toml` already exists"), "{stderr}");
    assert!(!fresh.path().join("shop.yaml").exists());
}

#[test]
fn an_unknown_ci_host_is_a_usage_error_naming_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = run(&["init", "--ci", "gitlab"], dir.path());
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("invalid value 'gitlab' for '--ci <HOST>'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[possible values: github, netlify]"),
        "{stderr}"
    );
    assert!(!dir.path().join("shop.yaml").exists());
}

#[test]
fn release_workflow_builds_every_platform_locked_with_checksums() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    let workflow = yaml(&path);
    assert_eq!(
        workflow["on"]["push"]["tags"],
        serde_yaml_ng::from_str::<Value>("['v*']").unwrap()
    );

    let matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap();
    let targets: Vec<(&str, &str)> = matrix
        .iter()
        .map(|entry| (text(entry, "target"), text(entry, "os")))
        .collect();
    assert_eq!(
        targets,
        [
            ("x86_64-unknown-linux-musl", "ubuntu-latest"),
            ("aarch64-apple-darwin", "macos-latest"),
            ("x86_64-apple-darwin", "macos-latest"),
            ("x86_64-pc-windows-msvc", "windows-latest"),
        ]
    );

    let build = steps(&workflow, "build");
    assert_pinned(&build);
    let runs: Vec<&str> = build.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.contains(&"cargo build --release --locked --target ${{ matrix.target }}"),
        "{runs:?}"
    );
    let package = text(step(&build, "Package"), "run");
    // With TARGET=x86_64-unknown-linux-musl this is the asset the deploy files download.
    assert_eq!(
        format!("shop-{}.tar.gz", targets[0].0),
        LINUX_ASSET,
        "the Linux target"
    );
    for part in [
        "asset=\"shop-$TARGET.tar.gz\"",
        "asset=\"shop-$TARGET.zip\"",
        "shasum -a 256 \"$asset\" > \"$asset.sha256\"",
        "sha256sum \"$asset\" > \"$asset.sha256\"",
    ] {
        assert!(package.contains(part), "`{part}` missing from:\n{package}");
    }

    let release_job = &workflow["jobs"]["release"];
    assert_eq!(text(release_job, "needs"), "build");
    assert_eq!(text(&release_job["permissions"], "contents"), "write");
    let release = steps(&workflow, "release");
    assert_pinned(&release);
    assert_eq!(actions(&release), ["actions/download-artifact@v4"]);
    let attach = text(step(&release, "Attach to the release"), "run");
    assert!(
        attach.starts_with("gh release create \"$GITHUB_REF_NAME\" dist/*"),
        "{attach}"
    );
}

#[test]
fn init_ignores_what_builds_make_and_prints_every_step_to_publish() {
    let dir = tempfile::tempdir().unwrap();
    let output = shop()
        .args(["init", "my-shop", "--ci", "github"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let root = dir.path().join("my-shop");
    assert_eq!(
        read(&root.join(".gitignore")),
        "# Made again by every build (shop build, shop serve): not part of the shop.\n/public/\n/.shop-cache/\n"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let steps = stdout
        .split_once("Then, to publish it (docs/deploy.md):\n")
        .unwrap()
        .1;
    let expected = [
        "  1. cd my-shop",
        "  2. git init -b main",
        "  3. git add . && git commit -m \"My shop\"",
        "  4. Create an empty repository on https://github.com/new (no README, no licence).",
        "  5. In it, choose Settings > Pages > Build and deployment > Source: GitHub Actions.",
        "  6. git remote add origin https://github.com/YOUR-NAME/YOUR-REPOSITORY.git",
        "  7. git push -u origin main",
        "  8. The Actions tab shows the deploy; the shop is then at https://YOUR-NAME.github.io/YOUR-REPOSITORY/",
    ];
    assert_eq!(steps.lines().collect::<Vec<_>>(), expected, "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.contains(NO_SOURCE),
        source().is_none(),
        "without a source, init says so: {stderr}"
    );

    // A shop of its own, with a .gitignore of its own: that file is left alone.
    let mine = write_shop(&[("shop.yaml", "title: Mine\n"), (".gitignore", "*.psd\n")]);
    shop()
        .args(["init", "--ci", "github"])
        .arg(mine.path())
        .assert()
        .success();
    assert_eq!(read(&mine.path().join(".gitignore")), "*.psd\n");
}
