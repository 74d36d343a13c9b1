//! The theme: templates and assets embedded in the binary, layered over the base theme and
//! overridden by the shop's `templates/`, with its UI strings and the filters templates use.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{Kwargs, State, Tera};

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, display_path};
use crate::money::{Currency, Money, format_money};
use crate::views::Strings;

/// The themes shipped inside the binary, so an installed `shop` works anywhere.
static THEMES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// A loaded theme: compiled templates, UI strings and assets.
pub struct Theme {
    pub(super) tera: Tera,
    pub(super) strings: Strings,
    pub(super) assets: Vec<(String, &'static [u8])>,
    /// Digest of the templates, strings and language, so pages rendered with an identical
    /// theme can be reused.
    pub(super) fingerprint: u64,
}

/// The names of the embedded themes.
pub fn theme_names() -> Vec<&'static str> {
    THEMES
        .dirs()
        .filter_map(|d| d.path().file_name()?.to_str())
        .collect()
}

impl Theme {
    /// Loads the theme the config names, with the shop's template and string overrides.
    pub fn load(root: &Path, site: &Site) -> Result<Theme, Diagnostics> {
        let config = &site.config;
        if THEMES.get_dir(&config.theme).is_none() {
            let names = theme_names().join(", ");
            return Err(Diagnostics(vec![
                config
                    .error_at("theme", format!("unknown theme `{}`", config.theme))
                    .with_hint(format!("the themes are: {names}")),
            ]));
        }
        let mut diagnostics = Diagnostics::default();
        let mut templates: Vec<(String, String)> = theme_files(&config.theme, "templates")
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8_lossy(bytes).into_owned()))
            .collect();
        override_templates(root, &mut templates, &mut diagnostics);
        let strings = strings(config, &mut diagnostics);
        let mut tera = Tera::new();
        register_filters(&mut tera, &config.language, &strings);
        if let Err(err) =
            tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        {
            diagnostics.push(
                Diagnostic::error(
                    PathBuf::from("templates"),
                    Position::START,
                    format!("template error: {err}"),
                )
                .with_hint(
                    "fix the template syntax; see docs/themes.md for the variables templates see",
                ),
            );
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let assets = theme_files(&config.theme, "static");
        let fingerprint = crate::digest::fingerprint((&templates, &strings, &config.language));
        Ok(Theme {
            tera,
            strings,
            assets,
            fingerprint,
        })
    }
}

/// The theme every other theme builds on: a theme holds only the templates, assets and
/// strings it changes or adds, and takes the rest from this one.
const BASE_THEME: &str = "default";

/// The layers of a theme, the base first: `[default]` or `[default, editorial]`.
fn theme_layers(name: &str) -> Vec<&str> {
    let mut layers = vec![BASE_THEME];
    if name != BASE_THEME {
        layers.push(name);
    }
    layers
}

/// A theme's files under `sub` (`templates`, `static`), named relative to it: the base
/// theme's, each replaced by the named theme's file of the same name, plus its new ones.
fn theme_files(name: &str, sub: &str) -> Vec<(String, &'static [u8])> {
    let mut files: Vec<(String, &'static [u8])> = Vec::new();
    for layer in theme_layers(name) {
        let mut own = Vec::new();
        if let Some(dir) = THEMES.get_dir(format!("{layer}/{sub}")) {
            embedded_files(dir, &format!("{layer}/{sub}/"), &mut own);
        }
        for (file, bytes) in own {
            files.retain(|(other, _)| *other != file);
            files.push((file, bytes));
        }
    }
    files
}

/// Every file below an embedded folder, named relative to `prefix`.
fn embedded_files(
    dir: &'static Dir<'static>,
    prefix: &str,
    out: &mut Vec<(String, &'static [u8])>,
) {
    for file in dir.files() {
        let name = file
            .path()
            .to_string_lossy()
            .trim_start_matches(prefix)
            .to_owned();
        out.push((name, file.contents()));
    }
    for sub in dir.dirs() {
        embedded_files(sub, prefix, out);
    }
}

/// The shop's `templates/` replaces theme templates of the same name, or adds new ones.
fn override_templates(
    root: &Path,
    templates: &mut Vec<(String, String)>,
    diagnostics: &mut Diagnostics,
) {
    let dir = root.join("templates");
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                templates.retain(|(n, _)| *n != name);
                templates.push((name, text));
            }
            Err(err) => diagnostics.push(Diagnostic::error(
                display_path(root, entry.path()),
                Position::START,
                format!("cannot read template: {err}"),
            )),
        }
    }
}

/// UI strings: English as the base, the shop's language over it (or its primary language:
/// `pt` for `pt-PT`), then the shop's own `strings:`; an unknown key there is an error.
fn strings(config: &crate::config::Config, diagnostics: &mut Diagnostics) -> Strings {
    // Each language's strings are the base theme's with the theme's own over them.
    let read = |lang: &str| -> Option<Strings> {
        let mut found: Option<Strings> = None;
        for layer in theme_layers(&config.theme) {
            let Some(file) = THEMES.get_file(format!("{layer}/i18n/{lang}.yaml")) else {
                continue;
            };
            let own: Strings = serde_yaml_ng::from_slice(file.contents()).ok()?;
            found.get_or_insert_with(Strings::default).extend(own);
        }
        found
    };
    let mut strings = read("en").unwrap_or_default();
    let primary = config.language.split('-').next().unwrap_or("en");
    let local = read(&config.language).or_else(|| read(primary));
    let own_strings = local.is_some() || primary == "en";
    strings.extend(local.unwrap_or_default());
    let known: Vec<String> = strings.keys().cloned().collect();
    for (key, value) in &config.strings {
        if strings.contains_key(key) {
            strings.insert(key.clone(), value.clone());
        } else {
            let suggestion = crate::diagnostics::closest(key, &known)
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            diagnostics.push(
                config
                    .error_at(
                        &format!("strings.{key}"),
                        format!("unknown UI string `{key}`"),
                    )
                    .with_hint(format!(
                        "{suggestion}the strings are listed in docs/themes.md"
                    )),
            );
        }
    }
    // English's name for itself is no name for a language the theme has no strings for:
    // the switcher names that one by its tag (`pt-BR`) unless the shop gives its name.
    if !own_strings && !config.strings.contains_key("language_name") {
        strings.remove("language_name");
    }
    strings
}

/// Filters templates may use beyond Tera's own.
fn register_filters(tera: &mut Tera, language: &str, strings: &Strings) {
    let lang = language.to_owned();
    tera.register_filter(
        "money",
        move |minor: i64, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let code = kwargs.must_get::<&str>("currency")?;
            let currency = Currency::from_code(code)
                .ok_or_else(|| tera::Error::message(format!("unknown currency `{code}`")))?;
            Ok(format_money(Money { minor, currency }, &lang))
        },
    );
    let strings = strings.clone();
    tera.register_filter("date", move |date: &str, _: Kwargs, _: &State| {
        format_date(date, &strings)
    });
    tera.register_filter(
        "json_script",
        |value: tera::Value, _: Kwargs, _: &State| -> tera::TeraResult<tera::Value> {
            let json =
                serde_json::to_string(&value).map_err(|e| tera::Error::message(e.to_string()))?;
            Ok(tera::Value::safe_string(&escape_json_for_script(&json)))
        },
    );
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026`, which JSON readers decode as the same text.
pub fn escape_json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `2026-09-14` as the theme's strings write it (`date_format` with `{day}`, `{month}`,
/// the name from `month_9`, `{month_number}` and `{year}`): `14 September 2026`,
/// `2026年9月14日`. Anything not a date stays as written.
pub fn format_date(date: &str, strings: &Strings) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    let [year, month, day] = parts[..] else {
        return date.to_owned();
    };
    let (Some(format), Some(name)) = (
        strings.get("date_format"),
        strings.get(&format!("month_{month}")),
    ) else {
        return date.to_owned();
    };
    format
        .replace("{day}", &day.to_string())
        .replace("{month_number}", &month.to_string())
        .replace("{month}", name)
        .replace("{year}", &year.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_its_script() {
        let json = serde_json::to_string("</script><script>alert(1)</script>").unwrap();
        let escaped = escape_json_for_script(&json);
        assert!(!escaped.contains("</script"));
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script>");
    }

    #[test]
    fn dates_read_naturally() {
        let strings = |format: &str, month: &str| -> Strings {
            [("date_format", format), ("month_9", month)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        };
        let english = strings("{day} {month} {year}", "September");
        assert_eq!(format_date("2026-09-14", &english), "14 September 2026");
        let chinese = strings("{year}年{month_number}月{day}日", "九月");
        assert_eq!(format_date("2026-09-14", &chinese), "2026年9月14日");
        assert_eq!(format_date("soon", &english), "soon");
    }

    #[test]
    fn every_language_has_every_string_of_english() {
        let mut checked = 0;
        for theme in THEMES.dirs() {
            let name = theme.path().to_string_lossy();
            let read = |file: &include_dir::File| -> Strings {
                serde_yaml_ng::from_slice(file.contents()).expect("valid YAML")
            };
            // A theme may add no strings: the default theme's are layered under its own.
            let Some(locales) = THEMES.get_dir(format!("{name}/i18n")) else {
                assert_ne!(name, BASE_THEME, "the base theme has every string");
                continue;
            };
            let english = read(
                THEMES
                    .get_file(format!("{name}/i18n/en.yaml"))
                    .expect("English strings"),
            );
            for file in locales.files() {
                let strings = read(file);
                let missing: Vec<&String> = english
                    .keys()
                    .filter(|k| !strings.contains_key(*k))
                    .collect();
                let extra: Vec<&String> = strings
                    .keys()
                    .filter(|k| !english.contains_key(*k))
                    .collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{}: missing {missing:?}, unknown {extra:?}",
                    file.path().display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 2, "only {checked} string files found");
    }

    #[test]
    fn default_theme_is_embedded() {
        assert!(theme_names().contains(&"default"));
    }
}
