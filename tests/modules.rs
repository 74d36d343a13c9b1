//! The modules of `src/` depend on each other one way: no module uses one that uses it.
//!
//! Read from the source, as a reviewer would: every `crate::`, `super::`, `self::` and
//! child-module path of every `.rs` file under `src/` (in `use` lines and inline), resolved
//! to the module it names. Two graphs are checked: the crate's top-level modules (with the
//! crate root, `lib.rs`, as `crate`), and inside each folder the sub-modules side by side
//! (`render::search` against `render::qr`). A folder's `mod.rs` is the common ground of its
//! sub-modules: they use its items and it calls theirs, which is how a Rust folder is built;
//! an item it only re-exports counts as the sub-module that defines it.
//!
//! `cargo test --test modules -- --nocapture` prints both graphs, one line per module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's path inside the crate: `[]` for the root, `["content", "loader"]`.
type ModPath = Vec<String>;

/// A token of Rust source with comments, strings and characters taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

/// The tokens of `source`, leaving out comments and literals (so `"https://x"` and
/// `// see crate::x` name nothing).
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && raw_string_end(&chars, i).is_some()
        {
            i = raw_string_end(&chars, i).unwrap_or(chars.len());
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}'), or else a lifetime ('a).
            if next == Some('\\') {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c == ':' && next == Some(':') {
            out.push(Token::PathSep);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// Where a raw string starting at `i` (`r"…"`, `r#"…"#`) ends, if one starts there.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    if chars.get(i + 1 + hashes) != Some(&'"') {
        return None;
    }
    let mut j = i + 2 + hashes;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// One `.rs` file of the crate and the module it is.
struct File {
    module: ModPath,
    tokens: Vec<Token>,
}

/// Every file of the library under `src` (the binary, `main.rs`, is a crate of its own).
fn files(src: &Path) -> Vec<File> {
    let mut found = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read src folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != src.join("main.rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|path| File {
            module: module_of(src, &path),
            tokens: tokens(&std::fs::read_to_string(&path).expect("read source file")),
        })
        .collect()
}

/// `src/lib.rs` -> `[]`, `src/render/mod.rs` -> `[render]`, `src/render/qr.rs` -> `[render, qr]`.
fn module_of(src: &Path, path: &Path) -> ModPath {
    let relative = path.strip_prefix(src).expect("under src");
    let mut parts: ModPath = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// A path as written, from the module it is written in (inline `mod tests` included).
struct Written {
    from: ModPath,
    segments: Vec<String>,
    /// Written in a `use` line: its last segment is a name brought into `from`.
    imported: bool,
}

/// Every path of a file that starts at `crate`, `super`, `self` or a name that could be a
/// module: `use` trees are expanded into one path per name.
fn written_paths(file: &File) -> Vec<Written> {
    let t = &file.tokens;
    let mut out = Vec::new();
    // Inline modules (`mod tests {`) open at a brace depth and close with it.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < t.len() {
        let here = || {
            let mut module = file.module.clone();
            module.extend(inline.iter().map(|(name, _)| name.clone()));
            module
        };
        match &t[i] {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(Token::Ident(name)), Some(Token::Punct('{'))) =
                    (t.get(i + 1), t.get(i + 2))
                {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Ident(word) if word == "use" => {
                let from = here();
                let mut trees = Vec::new();
                i = use_tree(t, i + 1, Vec::new(), &mut trees);
                out.extend(trees.into_iter().map(|segments| Written {
                    from: from.clone(),
                    segments,
                    imported: true,
                }));
                continue;
            }
            Token::Ident(first) if i == 0 || t[i - 1] != Token::PathSep => {
                let mut segments = vec![first.clone()];
                let mut j = i + 1;
                while let (Some(Token::PathSep), Some(Token::Ident(next))) =
                    (t.get(j), t.get(j + 1))
                {
                    segments.push(next.clone());
                    j += 2;
                }
                if segments.len() > 1 {
                    out.push(Written {
                        from: here(),
                        segments,
                        imported: false,
                    });
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Reads a `use` tree from `i`, pushing each full path (`prefix` included) onto `out`;
/// returns where the tree ends.
fn use_tree(
    t: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match t.get(i) {
            Some(Token::Ident(word)) if word == "as" => i += 2,
            Some(Token::Ident(word)) => {
                if word != "self" || prefix.is_empty() {
                    prefix.push(word.clone());
                }
                i += 1;
            }
            Some(Token::PathSep) => i += 1,
            Some(Token::Punct('{')) => {
                i += 1;
                while !matches!(t.get(i), Some(Token::Punct('}')) | None) {
                    i = use_tree(t, i, prefix.clone(), out);
                    if t.get(i) == Some(&Token::Punct(',')) {
                        i += 1;
                    }
                }
                return i + 1;
            }
            Some(Token::Punct('*')) => i += 1,
            _ => {
                if !prefix.is_empty() {
                    out.push(prefix);
                }
                return if t.get(i) == Some(&Token::Punct(';')) {
                    i + 1
                } else {
                    i
                };
            }
        }
    }
}

/// The crate's modules and which module each name brought in by a `use` comes from.
struct Crate {
    modules: BTreeSet<ModPath>,
    /// (module, name) -> the module the name was imported from.
    imports: BTreeMap<(ModPath, String), ModPath>,
}

impl Crate {
    /// The module a path written in `from` names, and the name it names there, if it
    /// starts inside the crate.
    fn resolve(&self, from: &ModPath, segments: &[String]) -> Option<(ModPath, Option<String>)> {
        let mut module = from.clone();
        let mut rest = segments;
        match segments.first().map(String::as_str) {
            Some("crate") => {
                module.clear();
                rest = &segments[1..];
            }
            Some("super" | "self") => {
                while let Some(word) = rest.first().map(String::as_str) {
                    match word {
                        "super" => module.pop(),
                        "self" => None,
                        _ => break,
                    };
                    rest = &rest[1..];
                }
            }
            Some(first) => {
                let mut child = self.file_module(from);
                child.push(first.to_owned());
                if !self.modules.contains(&child) {
                    return None;
                }
            }
            None => return None,
        }
        let mut module = self.file_module(&module);
        let mut rest = rest.iter();
        let mut item = None;
        for segment in rest.by_ref() {
            let mut deeper = module.clone();
            deeper.push(segment.clone());
            if self.modules.contains(&deeper) {
                module = deeper;
            } else {
                item = Some(segment.clone());
                break;
            }
        }
        Some((module, item))
    }

    /// The file module holding `module` (an inline `mod tests` is part of its file).
    fn file_module(&self, module: &ModPath) -> ModPath {
        let mut module = module.clone();
        while !self.modules.contains(&module) {
            module.pop();
        }
        module
    }

    /// The module that defines `item` of `module`, following re-exports.
    fn defining(&self, mut module: ModPath, item: Option<String>) -> ModPath {
        let mut item = item;
        for _ in 0..8 {
            let Some(name) = item.take() else { break };
            match self.imports.get(&(module.clone(), name.clone())) {
                Some(source) => {
                    module = source.clone();
                    item = Some(name);
                }
                None => break,
            }
        }
        module
    }
}

/// Which module uses which, as module paths.
fn graph(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let files = files(src);
    let mut krate = Crate {
        modules: files.iter().map(|f| f.module.clone()).collect(),
        imports: BTreeMap::new(),
    };
    let written: Vec<Written> = files.iter().flat_map(written_paths).collect();
    for path in written.iter().filter(|p| p.imported) {
        let from = krate.file_module(&path.from);
        if let Some((source, Some(name))) = krate.resolve(&path.from, &path.segments) {
            krate.imports.insert((from, name), source);
        }
    }
    let mut uses: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for module in &krate.modules {
        uses.entry(module.clone()).or_default();
    }
    for path in &written {
        if let Some((module, item)) = krate.resolve(&path.from, &path.segments) {
            let target = krate.defining(module, item);
            let from = krate.file_module(&path.from);
            if target != from {
                uses.entry(from).or_default().insert(target);
            }
        }
    }
    uses
}

/// The graph of the top-level modules (`crate` for the root).
fn top_level(uses: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> BTreeMap<String, BTreeSet<String>> {
    let name = |m: &ModPath| m.first().cloned().unwrap_or_else(|| "crate".to_owned());
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in uses {
        let entry = graph.entry(name(from)).or_default();
        entry.extend(targets.iter().map(name).filter(|t| *t != name(from)));
    }
    graph
}

/// The graph of the sub-modules of each folder, side by side (`content::loader`).
fn inside_folders(
    uses: &BTreeMap<ModPath, BTreeSet<ModPath>>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in uses.iter().filter(|(m, _)| m.len() >= 2) {
        let parent = &from[..from.len() - 1];
        let entry = graph.entry(from.join("::")).or_default();
        for target in targets {
            // The sibling holding the target, if the target is inside this folder.
            if target.len() > parent.len() && target.starts_with(parent) {
                let sibling = &target[..=parent.len()];
                if sibling != &from[..] {
                    entry.insert(sibling.join("::"));
                }
            }
        }
    }
    graph
}

/// Each loop of `graph`, as the shortest cycle through each module on one (`a -> b -> a`),
/// a loop through the same modules named once.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut found = Vec::new();
    for node in graph.keys() {
        if let Some(cycle) = shortest_cycle(graph, node)
            && seen.insert(cycle.iter().cloned().collect())
        {
            found.push(cycle.join(" -> "));
        }
    }
    found
}

/// The shortest way from `start` back to itself, `start` at both ends.
fn shortest_cycle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut previous: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_owned()]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut way = vec![start.to_owned(), node.clone()];
                let mut at = node.clone();
                while let Some(before) = previous.get(&at) {
                    way.push(before.clone());
                    at = before.clone();
                }
                way.reverse();
                return Some(way);
            }
            if !previous.contains_key(next) {
                previous.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    None
}

fn print(title: &str, graph: &BTreeMap<String, BTreeSet<String>>) {
    println!("{title}");
    for (module, uses) in graph {
        let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
        println!("  {module}: {}", uses.join(", "));
    }
}

#[test]
fn no_module_uses_one_that_uses_it() {
    let uses = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let top = top_level(&uses);
    let folders = inside_folders(&uses);
    print("Top-level modules, each with what it uses:", &top);
    print(
        "Sub-modules inside a folder, each with the sub-modules beside it it uses:",
        &folders,
    );
    let mut found = cycles(&top);
    found.extend(cycles(&folders));
    assert!(
        found.is_empty(),
        "modules that use each other (move what both need into a module below them):\n  {}",
        found.join("\n  ")
    );
}

/// The reader itself: the paths it must see and the text it must skip.
#[test]
fn the_reader_sees_paths_in_use_lines_and_code_only() {
    let dir = tempfile::tempdir().expect("temp folder");
    let src = dir.path();
    std::fs::create_dir_all(src.join("a")).expect("create folder");
    let write = |path: &str, text: &str| std::fs::write(src.join(path), text).expect("write");
    write("lib.rs", "pub mod a; pub mod b; pub mod c; use a::Thing;");
    write(
        "a/mod.rs",
        "mod x; mod y; pub use y::Named; pub struct Thing; fn f() { crate::b::g(); }",
    );
    // `x` reaches `y` through a name `mod.rs` only re-exports.
    write("a/x.rs", "use super::{Named, Thing};");
    write(
        "a/y.rs",
        "pub struct Named; fn f() { let _ = super::x::h; }",
    );
    write(
        "b.rs",
        "// crate::c::nothing\nfn g() { let s = \"crate::c::f\"; let r = r#\"super::c\"#; let l: &'static str = s; }\nmod tests { use super::*; }",
    );
    write("c.rs", "fn f() { let c = '\"'; crate::b::g(); }");
    let uses = graph(src);
    let top = top_level(&uses);
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(top["crate"], set(&["a"]));
    assert_eq!(top["a"], set(&["b"]));
    assert_eq!(top["b"], set(&[]));
    assert_eq!(top["c"], set(&["b"]));
    let folders = inside_folders(&uses);
    assert_eq!(folders["a::x"], set(&["a::y"]));
    assert_eq!(cycles(&folders), vec!["a::x -> a::y -> a::x".to_owned()]);
    assert!(cycles(&top).is_empty());
}
