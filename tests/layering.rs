//! The rooms of the crate and the arrows between them, read from the source: each module imports
//! only the modules on the floors below it, `logging` imports nothing of the crate, and only `ui`
//! (and the command line that opens the window) uses egui, eframe or winit. ARCHITECTURE.md's invariants
//! point here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every module of the crate, on its floor: a module may use the ones on lower floors only.
const FLOORS: &[(&str, u8)] = &[
    ("logging", 0),
    ("files", 0),
    ("srs", 0),
    ("deck", 1),
    ("speech", 1),
    ("store", 2),
    ("study", 3),
    ("stats", 3),
    ("ui", 4),
    ("cli", 5),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file belongs to (`src/store/data.rs` → `store`, `src/files/mod.rs` → `files`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap();
    first
        .as_os_str()
        .to_str()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string()
}

/// The code of a file without its comments (line comments, doc comments), so a comment that
/// names a module is not an import.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate's modules a file's code names through `crate::` (macros, exported at the crate's
/// root, are not modules; nor is a macro's `$crate::` path, which names the crate it is used in).
fn modules_named(code: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with('$') {
            continue; // a macro's `$crate::` path: the mount point the macros document
        }
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after = &rest[name.len()..];
        if !name.is_empty() && !after.starts_with('!') {
            named.insert(name);
        }
    }
    named
}

fn sources() -> Vec<(String, PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            (module_of(&src, &file), file, code(&text))
        })
        .collect()
}

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

#[test]
fn no_module_imports_one_on_its_own_floor_or_above() {
    let mut wrong = Vec::new();
    for (module, file, code) in sources() {
        let Some(own) = floor(&module) else {
            continue; // lib.rs, main.rs: the crate's root
        };
        for named in modules_named(&code) {
            match floor(&named) {
                Some(other) if named != module && other >= own => {
                    wrong.push(format!("{} uses crate::{named}", file.display()))
                }
                _ => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run up or sideways: {wrong:#?}"
    );
}

#[test]
fn every_module_has_a_floor() {
    let modules: BTreeSet<String> = sources()
        .into_iter()
        .map(|(module, _, _)| module)
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let known: BTreeSet<String> = FLOORS.iter().map(|(m, _)| m.to_string()).collect();
    assert_eq!(modules, known, "a new module needs its place in FLOORS");
}

#[test]
fn logging_imports_nothing_from_the_crate() {
    for (module, file, code) in sources() {
        if module == "logging" {
            let named: Vec<_> = modules_named(&code)
                .into_iter()
                .filter(|m| m != "logging")
                .collect();
            assert!(named.is_empty(), "{} uses {named:?}", file.display());
        }
    }
}

#[test]
fn only_the_ui_and_the_window_opener_name_egui() {
    for (module, file, code) in sources() {
        if module != "ui" && module != "cli" {
            for path in [
                "egui::",
                "eframe::",
                "egui_plot::",
                "egui_kittest::",
                "winit::",
            ] {
                assert!(!code.contains(path), "{} uses {path}", file.display());
            }
        }
    }
}

#[test]
fn the_reader_of_the_source_sees_what_it_should() {
    // The checks above are only as good as this reader: a use through `crate::` counts, a macro
    // or a comment does not.
    let code = code(
        "use crate::store::Store; // crate::ui\ncrate::info!(\"x\");\n/// crate::cli\n$crate::__logging_private::Level",
    );
    assert_eq!(modules_named(&code), BTreeSet::from(["store".to_string()]));
}
